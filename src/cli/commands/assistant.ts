import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { documentsDir } from '../documents-dir.js';
import { SovereignError, _, format } from '../../core/index.js';
import type { AssistantContext, Orchestrator } from '../../assistant/index.js';
import { lazyCommandMeaning } from '../command-meaning.js';
import { lazyCommandReader } from '../command-reader.js';
import { localCommandRunner, type CommandOutcome, type CommandRunner, type RoutedIntent } from '../command-runner.js';
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
      const intent = await withCommandRunner(ctx(), (runner) => runner.route(words.join(' '), contextFrom(options)));
      printResult(ctx(), options.json ?? false, intent, () => describeIntent(intent));
    });

  program
    .command('do <text...>')
    .description(_('Carry out a command, e.g. sovereign do "create a note in Thesis"'))
    .option('-y, --yes', _('Do destructive actions (delete) without asking'))
    .option('--json', _('Print JSON'))
    .option('--context-document <id>', _('The document that “this” and “it” refer to'))
    .option('--context-thread <id>', _('The thread new notes go to'))
    .action(async (words: string[], options: ContextOptions & { yes?: boolean; json?: boolean }) => {
      const result = await withCommandRunner(ctx(), (runner) => doCommand(ctx(), runner, words.join(' '), contextFrom(options), options.yes ?? false));
      if (result.status === 'unavailable') throw new SovereignError('unsupported', result.message);
      if (result.intent.action === 'ask') {
        // Answers stream and cite sources: that is `sovereign ask`'s job, through the same answer service.
        const question = result.intent.entities.query ?? words.join(' ');
        throw new SovereignError('unsupported', _('That is a question, not a command.'), { hint: format(_('Ask it with: sovereign ask "{question}"'), { question }) });
      }
      printResult(ctx(), options.json ?? false, result, () => result.message);
    });
};

/**
 * Routes, then runs. A destructive action is confirmed for the document it
 * was proposed on: by --yes, or by the person on the terminal, asked here
 * (also when the running Sovereign does the work), never by a bus caller.
 */
export async function doCommand(ctx: CliContext, runner: CommandRunner, text: string, context: AssistantContext, yes: boolean): Promise<CommandOutcome> {
  const intent = await runner.route(text, context);
  if (intent.intent === 'clarification') throw clarificationError(intent);
  const routedDocument = intent.entities.document?.id;
  const first = await runner.run(text, { context, ...(yes && routedDocument !== undefined ? { confirmedDocument: routedDocument } : {}) });
  if (first.status !== 'needs-confirmation') return first;
  if (!yes && !process.stdin.isTTY) {
    throw new SovereignError('usage', format(_('Not done: “{action}” needs a confirmation, and there is no terminal to ask on.'), { action: first.message }), {
      hint: _('Add --yes to confirm.'),
    });
  }
  const proposed = first.intent.entities.document?.id;
  if (yes || proposed === undefined) throw changedMeanwhile();
  if (!(await askYesNo(ctx, first.message))) throw new SovereignError('cancelled', _('Nothing was changed.'));
  const second = await runner.run(text, { context, confirmedDocument: proposed });
  if (second.status === 'needs-confirmation') throw changedMeanwhile();
  return second;
}

/** The command routed to another document between the question and the answer (the workspace changed). */
function changedMeanwhile(): SovereignError {
  return new SovereignError('conflict', _('Not done: the command now means another document than the one confirmed.'), { hint: _('Run it again.') });
}

/**
 * The running Sovereign's assistant when one owns the bus name (it holds the
 * database then), else one opened here for this command.
 */
export async function withCommandRunner<T>(ctx: CliContext, run: (runner: CommandRunner) => Promise<T>): Promise<T> {
  // Loaded here: registering the commands must not load the D-Bus client.
  const { connectRunningAssistant } = await import('../running-assistant.js');
  const remote = await connectRunningAssistant();
  if (remote) {
    try {
      return await run(remote);
    } finally {
      remote.close();
    }
  }
  return withAssistant(ctx, (assistant) => run(localCommandRunner(assistant)));
}

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
        meaning: lazyCommandMeaning(),
        reader: lazyCommandReader(ctx),
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

function clarificationError(intent: RoutedIntent): SovereignError {
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

function describeIntent(intent: RoutedIntent): string {
  const e = intent.entities;
  const about = e.document?.title ?? e.title ?? e.thread?.name ?? e.query ?? e.path ?? '';
  const head = `${intent.action} (${intent.intent}, ${intent.confidence.toFixed(2)})${about ? `: ${about}` : ''}`;
  if (intent.intent !== 'clarification') return head;
  return [head, intent.question ?? '', ...(intent.choices ?? []).map((choice) => `  ${choice.title}  (${choice.id})`)].join('\n');
}
