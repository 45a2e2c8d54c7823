import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { documentsDir } from '../documents-dir.js';
import { SovereignError, _, format } from '../../core/index.js';
import type { AssistantContext, Orchestrator, UserIntent } from '../../assistant/index.js';
import type { GraphStore } from '../../store/index.js';
import { printResult } from '../output.js';
import { withStore } from '../with-store.js';
import type { CliContext } from '../context.js';
import type { RegisterCommand } from './index.js';

interface ContextOptions {
  contextDocument?: string;
  contextThread?: string;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('intent <text...>')
    .description(_('Show what the assistant makes of a command, without doing it'))
    .option('--json', _('Print JSON'))
    .option('--context-document <id>', _('The document that “this” and “it” refer to'))
    .option('--context-thread <id>', _('The thread new notes go to'))
    .action(async (words: string[], options: ContextOptions & { json?: boolean }) => {
      const { intentToJson } = await import('../../assistant/index.js');
      const intent = await withAssistant(ctx(), (assistant) => assistant.route(words.join(' '), { context: contextFrom(options) }));
      printResult(ctx(), options.json ?? false, intentToJson(intent), () => describeIntent(intent));
    });

  program
    .command('do <text...>')
    .description(_('Carry out a command, e.g. sovereign do "create a note in Thesis"'))
    .option('-y, --yes', _('Do destructive actions (delete) without asking'))
    .option('--json', _('Print JSON'))
    .option('--context-document <id>', _('The document that “this” and “it” refer to'))
    .option('--context-thread <id>', _('The thread new notes go to'))
    .action(async (words: string[], options: ContextOptions & { yes?: boolean; json?: boolean }) => {
      const result = await withAssistant(ctx(), async (assistant) => {
        const context = contextFrom(options);
        const intent = assistant.route(words.join(' '), { context });
        if (intent.intent === 'clarification') throw clarificationError(intent);
        let confirmed = options.yes ?? false;
        const first = await assistant.execute(intent, { context, confirmed });
        if (first.status !== 'needs-confirmation') return first;
        if (!process.stdin.isTTY) {
          throw new SovereignError('usage', format(_('Not done: “{action}” needs a confirmation, and there is no terminal to ask on.'), { action: first.message }), {
            hint: _('Add --yes to confirm.'),
          });
        }
        confirmed = await askYesNo(ctx(), first.message);
        if (!confirmed) throw new SovereignError('cancelled', _('Nothing was changed.'));
        return assistant.execute(intent, { context, confirmed });
      });
      if (result.status === 'unavailable') throw new SovereignError('unsupported', result.message);
      const { intentToJson } = await import('../../assistant/index.js');
      printResult(ctx(), options.json ?? false, { status: result.status, message: result.message, intent: intentToJson(result.intent) }, () => result.message);
    });
};

/** Opens the store, the workspace model and the undo stack for one command. */
async function withAssistant<T>(ctx: CliContext, run: (assistant: Orchestrator, store: GraphStore) => Promise<T> | T): Promise<T> {
  // Loaded here, not at import: registering the commands must not load the router or the database engine.
  const [{ Orchestrator, UndoStack, UNDO_FILE_NAME, UserProfile, PROFILE_FILE_NAME }, { loadWorkspaceModel }, { openSearchIndex }, { ExportService }, { ImportService }] = await Promise.all([
    import('../../assistant/index.js'),
    import('../../workspace/index.js'),
    import('../../search/index.js'),
    import('../../exporters/export-service.js'),
    import('../../importers/import-service.js'),
  ]);
  return withStore(ctx, async (store) => {
    const model = await loadWorkspaceModel(store);
    try {
      const undo = await UndoStack.open(path.join(ctx.paths.dataDir, UNDO_FILE_NAME));
      const profile = await UserProfile.open(path.join(ctx.paths.dataDir, PROFILE_FILE_NAME));
      const assistant = new Orchestrator({
        store,
        model,
        undo,
        search: () => openSearchIndex(store),
        exports: new ExportService(store, ctx.paths.dataDir),
        imports: new ImportService(store, ctx.paths.dataDir),
        exportDir: documentsDir(),
        profile,
      });
      return await run(assistant, store);
    } finally {
      model.dispose();
    }
  });
}

/** The ids are checked by the router against the workspace: an unknown one means no context, so "this" is asked about. */
function contextFrom(options: ContextOptions): AssistantContext {
  return {
    ...(options.contextDocument !== undefined ? { documentId: options.contextDocument } : {}),
    ...(options.contextThread !== undefined ? { threadId: options.contextThread } : {}),
  };
}

function clarificationError(intent: UserIntent): SovereignError {
  const choices = intent.choices ?? [];
  const hint = choices.length > 0 ? choices.map((choice) => `  ${choice.title}  (${choice.id})`).join('\n') : undefined;
  return new SovereignError('invalid-input', intent.question ?? _('What do you mean?'), { ...(hint ? { hint } : {}), detail: { choices } });
}

async function askYesNo(ctx: CliContext, question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: ctx.stderr });
  try {
    const answer = await prompt.question(`${question} ${_('[y/N]')} `);
    return /^(y|yes|j|ja)$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}

function describeIntent(intent: UserIntent): string {
  const e = intent.entities;
  const about = e.document?.title ?? e.title ?? e.thread?.name ?? e.query ?? e.path ?? '';
  const head = `${intent.action} (${intent.intent}, ${intent.confidence.toFixed(2)})${about ? `: ${about}` : ''}`;
  if (intent.intent !== 'clarification') return head;
  return [head, intent.question ?? '', ...(intent.choices ?? []).map((choice) => `  ${choice.title}  (${choice.id})`)].join('\n');
}
