import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SovereignError, _, format } from '../core/index.js';
import type { ExportService } from '../exporters/export-service.js';
import type { ImportService } from '../importers/import-service.js';
import type { SearchIndex } from '../search/index.js';
import type { GraphStore } from '../store/index.js';
import type { WorkspaceModel } from '../workspace/index.js';
import type { AssistantContext } from './assistant-context.js';
import { intentToJson } from './intent-json.js';
import type { OrchestratorEvent } from './orchestrator-event.js';
import type { CommandMeaning } from './command-meaning.js';
import { routeWithFallbacks, type Route } from './fallback-routing.js';
import type { ModelCommandReader } from './model-reading.js';
import { routeCommand } from './route-command.js';
import type { UndoEntry, UndoStack, UndoStep } from './undo-stack.js';
import type { UserProfile } from './user-profile.js';
import type { DocumentRef, ExportFormat, UserIntent } from './user-intent.js';

/** The event-log type of everything the assistant does (the store logs the mutations themselves too). */
export const ASSISTANT_TOOL_CALL = 'assistant.tool_call';

export interface OrchestratorServices {
  store: GraphStore;
  model: WorkspaceModel;
  undo: UndoStack;
  /** The full-text index, opened on first use (the command line may never need it). */
  search?: () => Promise<SearchIndex>;
  /** The one export service; without it "export" says it is not available here. */
  exports?: ExportService;
  /** The one import service; without it "import" says it is not available here. */
  imports?: ImportService;
  /** Where an export goes when the command names no path (the Documents folder). */
  exportDir?: string;
  /** The person's profile: routing reads it, every outcome is recorded in it (absent: no learning). */
  profile?: UserProfile;
  /** Reads commands the lexicon has no verb for by meaning (the built-in sentence encoder), opened on first need. */
  meaning?: () => Promise<CommandMeaning>;
  /** Reads commands the fast path is unsure about with the installed chat model; undefined when none is installed. */
  reader?: () => Promise<ModelCommandReader | undefined>;
}

export interface RunOptions {
  context?: AssistantContext;
  /** The person has confirmed a destructive action (the command bar's button, `do --yes`). */
  confirmed?: boolean;
  /**
   * The person confirmed the destructive action on this document only (a
   * terminal's yes sent over D-Bus, where the text is routed again): if the
   * text now routes to another document, it is only proposed again.
   */
  confirmedDocument?: string;
  /**
   * The person chose this over what the router proposed first (another
   * clarification choice, the search row): recorded as a correction.
   */
  corrected?: boolean;
  now?: Date;
}

export type RunStatus = 'executed' | 'needs-confirmation' | 'clarification' | 'unavailable' | 'shown';

export interface RunResult {
  status: RunStatus;
  intent: UserIntent;
  /** One sentence for a person: what happened, or what is asked. */
  message: string;
  events: OrchestratorEvent[];
}

/** Actions that lose data if misunderstood: they wait for a confirmation. */
const DESTRUCTIVE = new Set<UserIntent['action']>(['delete_document']);
const RESULTS_SHOWN = 20;

/**
 * Carries out routed commands through the store and the workspace model
 * (no GTK): every executed action is logged to the event log as an
 * assistant tool call and pushed on the persistent undo stack; destructive
 * ones are only proposed until confirmed. Adapters (CLI, D-Bus, command
 * bar) show the events; opening a document in a window is theirs to do.
 */
export class Orchestrator {
  constructor(private readonly services: OrchestratorServices) {}

  /** The context with the undo stack's last actions, so "undo that" resolves. */
  contextWithHistory(context: AssistantContext = {}): AssistantContext {
    const lastActions = this.services.undo.list().map((entry) => ({ action: entry.action, summary: entry.summary }));
    return { ...context, lastActions: [...lastActions, ...(context.lastActions ?? [])] };
  }

  route(text: string, options: RunOptions = {}): UserIntent {
    return routeCommand(text, this.services.model, {
      context: this.contextWithHistory(options.context),
      ...(options.now ? { now: options.now } : {}),
      ...(this.services.profile ? { preferences: this.services.profile.preferences() } : {}),
    });
  }

  /**
   * The fast path, then for what it asks about the encoder and the chat
   * model (fallback-routing.ts); each try routed with the same context,
   * profile and date. `signal` cancels the slow readers (the command bar
   * aborts when the person types on); the fast path's answer then stands.
   */
  async routeWithMeaning(text: string, options: RunOptions = {}, signal?: AbortSignal): Promise<UserIntent> {
    const route: Route = (command, verbHint) =>
      routeCommand(command, this.services.model, {
        context: this.contextWithHistory(options.context),
        ...(options.now ? { now: options.now } : {}),
        ...(this.services.profile ? { preferences: this.services.profile.preferences() } : {}),
        ...(verbHint ? { verbHint } : {}),
      });
    return routeWithFallbacks(text, this.services.model, route, this.services, signal);
  }

  async run(text: string, options: RunOptions = {}): Promise<RunResult> {
    return this.execute(await this.routeWithMeaning(text, options), options);
  }

  async execute(intent: UserIntent, options: RunOptions = {}): Promise<RunResult> {
    if (intent.intent === 'clarification') {
      const question = intent.question ?? _('What do you mean?');
      return { status: 'clarification', intent, message: question, events: [{ type: 'ClarificationNeeded', question, choices: intent.choices ?? [] }] };
    }
    const confirmed = options.confirmed === true || (options.confirmedDocument !== undefined && options.confirmedDocument === intent.entities.document?.id);
    if (DESTRUCTIVE.has(intent.action) && !confirmed) {
      const summary = this.describe(intent);
      return { status: 'needs-confirmation', intent, message: summary, events: [{ type: 'ActionProposed', intent, summary }] };
    }
    const result = await this.perform(intent);
    await this.services.store.appendEvent(ASSISTANT_TOOL_CALL, {
      tool: intent.action,
      intent: intentToJson(intent),
      status: result.status,
      summary: result.message,
      confirmed,
    });
    if ((result.status === 'executed' || result.status === 'shown') && intent.action !== 'undo') await this.recordExecuted(intent, options);
    return result;
  }

  private async recordExecuted(intent: UserIntent, options: RunOptions): Promise<void> {
    const profile = this.services.profile;
    if (!profile) return;
    const e = intent.entities;
    const documentIds = [e.document?.id, e.target?.id].filter((id): id is string => id !== undefined);
    await profile.recordExecuted(intent.action, {
      documentIds,
      ...(e.thread ? { threadId: e.thread.id } : {}),
      ...(intent.action === 'export' && e.format ? { exportFormat: e.format } : {}),
      ...(options.corrected ? { corrected: true } : {}),
    });
  }

  /** What the action would do, for a confirmation ("Delete “Grocery list”?"). */
  describe(intent: UserIntent): string {
    const title = intent.entities.document?.title ?? '';
    switch (intent.action) {
      case 'delete_document':
        return format(_('Delete “{title}” and its history?'), { title });
      default:
        return intent.action;
    }
  }

  private async perform(intent: UserIntent): Promise<RunResult> {
    const { store, model } = this.services;
    const e = intent.entities;
    const executed = async (summary: string, step: UndoStep | undefined, extra: OrchestratorEvent[] = []): Promise<RunResult> => {
      if (step) await this.services.undo.push(intent.action, summary, step);
      return { status: 'executed', intent, message: summary, events: [...extra, { type: 'ActionExecuted', intent, summary, undoable: step !== undefined }] };
    };
    switch (intent.action) {
      case 'open_document': {
        const document = requireDocument(e.document);
        return { status: 'shown', intent, message: format(_('Opened “{title}”.'), { title: document.title }), events: [{ type: 'DocumentOpened', document }] };
      }
      case 'show_thread': {
        const thread = e.thread ?? missing('thread');
        const documents = model.threadDocuments(thread.id, { limit: RESULTS_SHOWN }).map((doc) => ({ id: doc.id, title: doc.title }));
        return { status: 'shown', intent, message: format(_('Showing thread “{name}”.'), { name: thread.name }), events: [{ type: 'SearchResults', query: thread.name, results: documents }] };
      }
      case 'show_time': {
        const from = e.from ?? missing('from');
        const to = e.to ?? missing('to');
        const page = await store.listDocuments({ from, until: to, orderBy: 'modified', descending: true, limit: RESULTS_SHOWN });
        const results = page.items.map((doc) => ({ id: doc.id, title: doc.title }));
        const message = format(_('{count} documents changed between {from} and {to}.'), { count: results.length, from: from.toDateString(), to: to.toDateString() });
        return { status: 'shown', intent, message, events: [{ type: 'SearchResults', query: `${from.toISOString()}/${to.toISOString()}`, results }] };
      }
      case 'search': {
        if (!this.services.search) return this.unavailable(intent, _('Search is not available here.'));
        const index = await this.services.search();
        const hits = index.search(e.query ?? '', { limit: RESULTS_SHOWN, ...(e.from && e.to ? { filters: { from: e.from, until: e.to } } : {}) });
        const results = hits.map((hit) => ({ id: hit.id, title: hit.title }));
        return { status: 'shown', intent, message: format(_('{count} documents match “{query}”.'), { count: results.length, query: e.query ?? '' }), events: [{ type: 'SearchResults', query: e.query ?? '', results }] };
      }
      case 'create_document': {
        const title = e.title ?? _('Untitled note');
        const created = await store.createDocument(
          { title, docType: 'markdown', content: '', threadId: e.thread?.id ?? null },
          { author: 'assistant', message: _('Created by the assistant') },
        );
        const summary = e.thread
          ? format(_('Created “{title}” in {thread}.'), { title, thread: e.thread.name })
          : format(_('Created “{title}”.'), { title });
        return executed(summary, { kind: 'delete-created', documentId: created.id }, [{ type: 'DocumentOpened', document: { id: created.id, title } }]);
      }
      case 'rename_document': {
        const document = requireDocument(e.document);
        const title = e.title?.trim() || missing('title');
        const before = await store.getDocumentMeta(document.id);
        await store.updateDocument(document.id, { title });
        return executed(format(_('Renamed “{old}” to “{title}”.'), { old: before.title, title }), { kind: 'restore-title', documentId: document.id, title: before.title });
      }
      case 'move_document': {
        const document = requireDocument(e.document);
        const thread = e.thread ?? missing('thread');
        const before = await store.getDocumentMeta(document.id);
        await store.updateDocument(document.id, { threadId: thread.id });
        return executed(format(_('Moved “{title}” to {thread}.'), { title: before.title, thread: thread.name }), { kind: 'restore-thread', documentId: document.id, threadId: before.threadId });
      }
      case 'link_documents': {
        const from = requireDocument(e.document);
        const to = requireDocument(e.target);
        const link = await store.createRelationship({ from: from.id, to: to.id, kind: 'related' });
        return executed(format(_('Linked “{from}” to “{to}”.'), { from: from.title, to: to.title }), { kind: 'remove-link', relationshipId: link.id });
      }
      case 'delete_document': {
        const document = requireDocument(e.document);
        const full = await store.getDocument(document.id);
        const links = await store.relationshipsOf(document.id);
        await store.deleteDocument(document.id);
        return executed(format(_('Deleted “{title}”.'), { title: full.title }), {
          kind: 'recreate-deleted',
          document: {
            id: full.id,
            title: full.title,
            docType: full.docType,
            content: full.content,
            threadId: full.threadId,
            isOwned: full.isOwned,
            mediaRef: full.mediaRef,
            createdAt: full.createdAt.toISOString(),
            modifiedAt: full.modifiedAt.toISOString(),
          },
          links: links.map((link) => ({ id: link.id, kind: link.kind, from: link.from, to: link.to, strength: link.strength })),
        });
      }
      case 'undo':
        return this.undoLast(intent);
      case 'export': {
        if (!this.services.exports) return this.unavailable(intent, _('Export is not available here.'));
        const document = requireDocument(e.document);
        const exportFormat = e.format ?? 'pdf';
        const out = e.path ? expandHome(e.path) : freePath(path.join(this.services.exportDir ?? os.homedir(), exportName(document.title, exportFormat)));
        const result = await this.services.exports.export({ format: exportFormat, selection: { kind: 'document', documentId: document.id }, out });
        // The file is the person's now: nothing to undo in the workspace.
        return executed(format(_('Exported “{title}” to {path}.'), { title: document.title, path: result.out }), undefined);
      }
      case 'import': {
        if (!this.services.imports) return this.unavailable(intent, _('Import is not available here.'));
        const source = expandHome(e.path ?? missing('path'));
        const summary = await this.services.imports.importPaths([source], { recursive: true, ...(e.thread ? { threadName: e.thread.name } : {}) });
        const imported = summary.outcomes.flatMap((outcome) => outcome.documentIds);
        const failure = summary.outcomes.find((outcome) => outcome.error)?.error;
        if (imported.length === 0 && failure) throw failure;
        const opened: OrchestratorEvent[] = imported.slice(0, 1).map((id) => ({ type: 'DocumentOpened', document: { id, title: model.get(id)?.title ?? '' } }));
        const message = format(_('Imported {count} documents from {path} ({failed} failed).'), { count: imported.length, path: source, failed: summary.failed });
        return executed(message, undefined, opened);
      }
      case 'ask': {
        // Answers stream for seconds: the adapter that shows them (the chat panel, `sovereign ask`) runs the answer service.
        const question = e.query ?? missing('question');
        return { status: 'shown', intent, message: format(_('Asking your documents: {question}'), { question }), events: [{ type: 'AnswerRequested', question }] };
      }
      case 'dictate': {
        // Typed, "take a note: …" makes a note of the text after the colon at once; said aloud, the listen
        // service turns it into dictation into a new note before it reaches here (src/voice/listen.ts).
        const content = e.text ?? '';
        const title = content ? content.split(/\s+/).slice(0, 6).join(' ') : _('Dictated note');
        const created = await store.createDocument(
          { title, docType: 'markdown', content, threadId: null },
          { author: 'assistant', message: _('Created by the assistant') },
        );
        return executed(format(_('Created “{title}”.'), { title }), { kind: 'delete-created', documentId: created.id }, [{ type: 'DocumentOpened', document: { id: created.id, title } }]);
      }
      case 'clarify':
        throw new SovereignError('internal', 'a clarification reached perform()');
    }
  }

  private async undoLast(intent: UserIntent): Promise<RunResult> {
    const entry = await this.services.undo.pop();
    if (!entry) {
      const question = _('There is nothing to undo.');
      return { status: 'clarification', intent, message: question, events: [{ type: 'ClarificationNeeded', question, choices: [] }] };
    }
    try {
      await this.reverse(entry);
    } catch (error) {
      await this.services.undo.restore(entry);
      throw new SovereignError('conflict', format(_('Cannot undo “{summary}”: the workspace changed since.'), { summary: entry.summary }), { cause: error });
    }
    await this.services.profile?.recordUndone(entry.action);
    const summary = format(_('Undone: {summary}'), { summary: entry.summary });
    return { status: 'executed', intent, message: summary, events: [{ type: 'ActionUndone', summary }] };
  }

  private async reverse(entry: UndoEntry): Promise<void> {
    const { store } = this.services;
    const step = entry.step;
    switch (step.kind) {
      case 'delete-created':
        await store.deleteDocument(step.documentId);
        return;
      case 'restore-title':
        await store.updateDocument(step.documentId, { title: step.title });
        return;
      case 'restore-thread':
        await store.updateDocument(step.documentId, { threadId: step.threadId });
        return;
      case 'remove-link':
        await store.deleteRelationship(step.relationshipId);
        return;
      case 'recreate-deleted': {
        const d = step.document;
        // The content comes back; the commit history before the delete does not (the store removed it).
        const threadId = d.threadId !== null && this.services.model.thread(d.threadId) ? d.threadId : null;
        await store.createDocument(
          { id: d.id, title: d.title, docType: d.docType, content: d.content, threadId, isOwned: d.isOwned, mediaRef: d.mediaRef, createdAt: new Date(d.createdAt), modifiedAt: new Date(d.modifiedAt) },
          { author: 'assistant', message: _('Restored by undo') },
        );
        for (const link of step.links) {
          if (this.services.model.has(link.from === d.id ? link.to : link.from)) {
            await store.createRelationship({ id: link.id, kind: link.kind, from: link.from, to: link.to, strength: link.strength });
          }
        }
        return;
      }
    }
  }

  private unavailable(intent: UserIntent, message: string): RunResult {
    return { status: 'unavailable', intent, message, events: [] };
  }
}

function requireDocument(ref: DocumentRef | undefined): DocumentRef {
  return ref ?? missing('document');
}

function missing(field: string): never {
  throw new SovereignError('invalid-input', format(_('The command names no {field}.'), { field }));
}

/** "~/x" as the shell would read it; other paths relative to the working folder. */
function expandHome(file: string): string {
  return path.resolve(file === '~' || file.startsWith('~/') ? path.join(os.homedir(), file.slice(1)) : file);
}

/** A file (or, for markdown, folder) name for a document's export: its title without characters file systems refuse. */
function exportName(title: string, exportFormat: ExportFormat): string {
  const base = title.replace(/[\/\\:*?"<>|\p{Cc}]/gu, '-').trim().slice(0, 100) || _('Export');
  return base + (exportFormat === 'pdf' ? '.pdf' : exportFormat === 'canvas' ? '.canvas' : '');
}

/** The path itself when nothing is there, else the first "name (n).ext" that is free: an export never overwrites. */
function freePath(file: string): string {
  const extension = path.extname(file);
  const stem = file.slice(0, file.length - extension.length);
  let candidate = file;
  for (let n = 2; fs.existsSync(candidate); n++) candidate = `${stem} (${n})${extension}`;
  return candidate;
}
