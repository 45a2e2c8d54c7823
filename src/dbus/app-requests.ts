import path from 'node:path';
import { SovereignError, _, checkPathSyntax, format } from '../core/index.js';
import type { Thread } from '../store/records.js';
// Only the JSON shape: the router itself (chrono-node, lexicons) loads with the orchestrator, not on the search path.
import { intentToJson } from '../assistant/intent-json.js';
import { checkAskOptions, checkQuestion } from './ask-options.js';
import type { CommandAssistant, DocumentHit, DocumentService, ImportedDocument, QuestionAnswerer, SearchSource, WindowOpener } from './ports.js';
import { checkCommand, checkCommandOptions, checkDocumentId, checkLimit, checkQuery } from './validate-arguments.js';

/** What the service tells the person when an import it did on their behalf finishes. */
export interface ImportNotice {
  document: ImportedDocument;
  fileName: string;
}

/**
 * The requests Sovereign answers from outside its window (the Shell, Files,
 * the launcher, a second `sovereign`), independent of how they arrive on the
 * bus. Arguments are validated here, at the edge.
 */
export class AppRequests {
  constructor(
    private readonly documents: DocumentService,
    private readonly windows: WindowOpener,
    private readonly notifyImported: (notice: ImportNotice) => void = () => undefined,
    private readonly assistant?: CommandAssistant,
    private readonly answerer?: QuestionAnswerer,
  ) {}

  /**
   * Ask: an answer from the workspace's documents as the JSON `sovereign ask
   * --json` prints ({status, conversationId, text, citations, notice, usage}).
   * With the option `stream`, the text is also sent as it is written, through
   * `emit` (the AnswerText signal), tagged with that token.
   */
  async ask(question: unknown, options: unknown, emit: (token: string, chunk: string) => void): Promise<string> {
    const asked = checkQuestion(question);
    const { streamToken, ...rest } = checkAskOptions(options);
    if (!this.answerer) throw new SovereignError('unsupported', _('Answering questions is not available in this service.'));
    const answer = await this.answerer.ask(asked, { ...rest, ...(streamToken !== undefined ? { onText: (chunk: string) => emit(streamToken, chunk) } : {}) });
    return JSON.stringify(answer);
  }

  /**
   * RouteCommand (and RouteCommandWith, with the options `context-document`
   * and `context-thread`): the intent as the JSON `sovereign intent --json`
   * prints; nothing is done.
   */
  async routeCommand(text: unknown, options: unknown = {}): Promise<string> {
    return JSON.stringify(intentToJson(await this.commandAssistant().route(checkCommand(text), checkCommandOptions(options))));
  }

  /**
   * RunCommand: carries the command out, but never a destructive one: that
   * comes back as needs-confirmation. RunCommandWith also takes the context
   * and `confirm-document`, the id of the document whose deletion the
   * caller's person confirmed: the action is done only if the text still
   * routes to that document.
   */
  async runCommand(text: unknown, options: unknown = {}): Promise<string> {
    const result = await this.commandAssistant().run(checkCommand(text), checkCommandOptions(options));
    return JSON.stringify({ status: result.status, message: result.message, intent: intentToJson(result.intent) });
  }

  private commandAssistant(): CommandAssistant {
    if (!this.assistant) throw new SovereignError('unsupported', _('The assistant is not available in this service.'));
    return this.assistant;
  }

  search(query: unknown, limit: unknown, source: SearchSource = {}): Promise<DocumentHit[]> {
    const checkedLimit = checkLimit(limit);
    const text = checkQuery(query).trim();
    if (text === '') return Promise.resolve([]);
    return this.documents.search(text, checkedLimit, source);
  }

  async openDocument(id: unknown, options: { assistant: boolean } = { assistant: false }): Promise<void> {
    const checked = this.existingDocument(id);
    await this.windows.openDocument(checked, options);
  }

  async importFile(file: unknown): Promise<ImportedDocument> {
    if (typeof file !== 'string') throw new SovereignError('invalid-input', _('The file must be given as a path.'));
    const checked = checkPathSyntax(file);
    const document = await this.documents.importFile(checked);
    this.notifyImported({ document, fileName: path.basename(checked) });
    return document;
  }

  /** Imports a file, opens it, and has the chat panel summarise it (the summary also comes as a notification). */
  async askAboutFile(file: unknown): Promise<ImportedDocument> {
    const document = await this.importFile(file);
    await this.windows.openDocument(document.id, { assistant: true, summarize: true });
    return document;
  }

  /** org.freedesktop.Application.Open: import each file, show the last one. */
  async openFiles(uris: readonly string[]): Promise<void> {
    if (uris.length === 0) return this.windows.activate();
    let last: ImportedDocument | undefined;
    for (const uri of uris) last = await this.importFile(uri);
    if (last) await this.windows.openDocument(last.id, { assistant: false });
  }

  listThreads(): Promise<Thread[]> {
    return this.documents.listThreads();
  }

  activate(): Promise<void> {
    return this.windows.activate();
  }

  showSearch(text: string): Promise<void> {
    return this.windows.showSearch(checkQuery(text));
  }

  /**
   * org.freedesktop.Application.ActivateAction: the desktop file's actions and
   * the buttons of Sovereign's notifications. Targets are bare values.
   */
  async activateAction(name: string, target: unknown): Promise<void> {
    switch (name) {
      case 'new-note':
        return this.windows.newNote();
      case 'import':
        return this.windows.chooseFilesToImport();
      case 'open-document':
        return this.openDocument(target);
      case 'search':
        return this.showSearch(typeof target === 'string' ? target : '');
      case 'ask-about-document':
        return this.openDocument(target, { assistant: true });
      case 'open-exported':
        if (typeof target !== 'string') throw new SovereignError('invalid-input', _('open-exported needs the exported file’s path as its target.'));
        return this.windows.openExported(checkPathSyntax(target));
      default:
        throw new SovereignError('not-found', format(_('Sovereign has no action named "{name}".'), { name: name.slice(0, 64) }), {
          hint: _('Known actions: new-note, import, open-document, search, ask-about-document, open-exported.'),
        });
    }
  }

  private existingDocument(id: unknown): string {
    const checked = checkDocumentId(id);
    if (this.documents.describe([checked]).length === 0) {
      throw new SovereignError('not-found', format(_('There is no document with the id "{id}".'), { id: checked }));
    }
    return checked;
  }
}
