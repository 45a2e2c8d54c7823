import type { MessageBus } from 'dbus-next';
import { SovereignError, _, createLogger, format } from '../core/index.js';
import { AppService } from '../dbus/app-service.js';
import { nameHasOwner } from '../dbus/name-has-owner.js';
import { BUS_NAME, TEST_HOOKS_ENV } from '../dbus/names.js';
import { SEARCH_PREFIX_KEY } from '../dbus/search-prefix-setting.js';
import { applicationSettingString } from '../ui/application-setting.js';
import type { WindowOpener } from '../dbus/ports.js';
import { RecordingWindowOpener } from '../dbus/recording-window-opener.js';
import type { CliContext } from './context.js';
import type { GraphStore } from '../store/index.js';
import { lazyCommandAssistant } from './command-assistant.js';
import { LazyWindowOpener } from './lazy-window-opener.js';
import { LockedDocuments } from '../dbus/locked-documents.js';
import { WorkspaceDocuments } from '../dbus/workspace-documents.js';
import { IndexedDocuments, SavedIndexUntilOpen } from '../dbus/indexed-documents.js';
import { vaultLocked } from '../vault/vault-locked.js';
import type { CommandAssistant, QuestionAnswerer } from '../dbus/ports.js';
import { SessionVault } from './session-vault.js';
import { OpeningDocuments } from '../dbus/opening-documents.js';
import { sessionQuestionAnswerer } from './session-answers.js';
import { serviceBackups, startBackupScheduler } from './service-backups.js';
import { connectSessionBus } from './session-bus.js';
import { openSavedWorkspaceIndex, openWorkspaceSearch, openWorkspaceSession, openWorkspaceStore } from './workspace-session.js';

const log = createLogger('service');

export interface AppServiceModeOptions {
  /** Overrides [service] idle_exit_seconds; 0 keeps the service running. */
  idleExitSeconds?: number;
  windows?: WindowOpener;
  /** A session-bus connection to use (the launcher's, after it checked for a running instance). */
  bus?: MessageBus;
  /**
   * Open the search index now rather than on the first search: a
   * D-Bus-activated service is almost always started for a search, while
   * the window opens it after its first frame.
   */
  openSearchNow?: boolean;
}

/**
 * Makes this process the Sovereign instance on the session bus: opens the
 * workspace session (shared with the window, if one opens), exports the
 * D-Bus interfaces and owns org.sovereign.Sovereign.
 * `sovereign --gapplication-service` (D-Bus activation) runs this without a
 * window and loads GTK only when a request needs one (LazyWindowOpener); a
 * plain `sovereign` runs it beside the window it opened (src/cli/launch.ts).
 */
export async function startAppService(ctx: CliContext, options: AppServiceModeOptions = {}): Promise<AppService> {
  const bus = options.bus ?? (await connectSessionBus());
  // Fail before opening the store (whose lock only one process may hold) when another instance runs.
  if (await nameHasOwner(bus, BUS_NAME)) {
    bus.disconnect();
    throw alreadyRunning();
  }
  ctx.lifecycle.installSignalHandlers();
  // A vault starts locked: no key, no store, nothing asked of a terminal that is not there.
  const vault = await SessionVault.open(ctx);
  // The name is owned before the workspace opens: D-Bus gives an activated
  // service 25 s to own it, and building the model and index of a store never
  // opened before takes longer than that for 50K documents. Until it is open,
  // searches answer with what is ready (OpeningDocuments).
  let ownsName: () => void = () => undefined;
  const nameOwned = new Promise<void>((resolve) => (ownsName = resolve));
  // Each open of the workspace (at start when plain, after each unlock of a vault) is watched
  // once the service exists; one started by a request that came before that waits here.
  const earlyOpenings: Promise<unknown>[] = [];
  let watchOpening = (opening: Promise<unknown>): void => void earlyOpenings.push(opening);
  let firstOpening: Promise<unknown> | undefined;
  const openDocuments = async () => {
    // The Shell's first questions are answered from the search index, beside the model: in a plain
    // workspace from its saved file while the store opens, then from the index opened over the store.
    const early = options.openSearchNow ? nameOwned.then(() => earlyDocuments(ctx)) : undefined;
    early?.catch((error: unknown) => log.error('could not open the search index', { error }));
    // The session (the store's modules, the store, the model) starts once the saved index is read: the Shell's first answers come from that index.
    const opening = (early ? early.then(() => undefined, () => undefined) : nameOwned).then(async () => {
      const opened = await openWorkspaceSession(ctx);
      return new WorkspaceDocuments(opened.model, opened.search, opened.imports);
    });
    watchOpening(opening);
    firstOpening ??= opening;
    return new OpeningDocuments(opening, early ? { early } : {});
  };
  const documents = new LockedDocuments(vault, openDocuments);
  const idleSeconds = options.idleExitSeconds ?? ctx.config.service.idle_exit_seconds;
  const windows = options.windows ?? new LazyWindowOpener(ctx);
  // The test instrument is installed here, at the composition root, and only
  // for a test session: a normal run talks to its window directly.
  const windowRequests = process.env[TEST_HOOKS_ENV] === '1' ? new RecordingWindowOpener(windows) : undefined;
  // A backup reads every record: while the vault is locked it is refused at once, not left waiting.
  const backups = serviceBackups(ctx, async () => {
    if (vault.isLocked()) throw vaultLocked();
    return (await openWorkspaceSession(ctx)).store;
  });
  let service: AppService;
  try {
    service = await AppService.start({
      bus,
      documents,
      windows: windowRequests ?? windows,
      searchPrefix: applicationSettingString(SEARCH_PREFIX_KEY),
      assistant: unlessLocked(vault, lazyCommandAssistant(ctx)),
      answers: answersUnlessLocked(vault, sessionQuestionAnswerer(ctx)),
      vault,
      backups,
      idleExitMs: idleSeconds * 1000,
      onIdle: () => {
        log.info('idle: exiting', { idleSeconds });
        void ctx.lifecycle.shutdown(0);
      },
      testHooks: windowRequests ? { windowRequests, mutations: documents } : undefined,
    });
  } catch (error) {
    bus.disconnect();
    throw error;
  }
  const stopService = () => service.stop();
  let unregisterService = ctx.lifecycle.register('dbus', stopService);
  watchOpening = (opening) => {
    void opening.then(() => {
      // Closers run in reverse order: the name must go before the workspace the
      // open just registered, so a request arriving meanwhile starts a new
      // process instead of finding a closed store.
      if (ctx.lifecycle.isShuttingDown) return;
      unregisterService();
      unregisterService = ctx.lifecycle.register('dbus', stopService);
    }, () => undefined);
    // The idle exit must not stop a long first build halfway.
    void service.holdWhile(() => opening).catch(() => undefined);
    opening.catch((error: unknown) => {
      // With its hint: the way out (e.g. `sovereign db repair`) must reach the log a person reads.
      log.error('could not open the workspace; exiting', { error, ...(error instanceof SovereignError && error.hint ? { hint: error.hint } : {}) });
      void ctx.lifecycle.shutdown(1);
    });
  };
  for (const opening of earlyOpenings.splice(0)) watchOpening(opening);
  // A plain workspace starts opening now (OpeningDocuments answers until it is ready); a vault waits for Unlock.
  void documents.ready().catch(() => undefined);
  ownsName();
  // The schedule's first check imports the backup modules and reads its files: once the workspace has
  // opened (or failed to), not beside the work of the Shell's first answers. A locked vault opens nothing yet.
  void (firstOpening ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => {
      if (ctx.lifecycle.isShuttingDown) return;
      startBackupScheduler(ctx, service, backups).catch((error: unknown) => log.error('could not start the backup schedule', { error }));
    });
  bus.on('error', (error: unknown) => {
    log.error('lost the session bus; exiting', { error });
    void ctx.lifecycle.shutdown(1);
  });
  return service;
}

/**
 * `sovereign --gapplication-service`. Never returns while serving: the
 * process ends through the lifecycle (idle exit, SIGTERM, lost bus), which
 * closes the bus name, the index and the store in order and then exits.
 */
export async function runAppService(ctx: CliContext, options: AppServiceModeOptions = {}): Promise<never> {
  try {
    await startAppService(ctx, { openSearchNow: true, ...options });
  } catch (error) {
    await ctx.lifecycle.closeAll();
    // An embedded store keeps the event loop alive after closing: make sure a failed start ends.
    setTimeout(() => process.exit(1), 2000).unref();
    if (error instanceof SovereignError && error.kind === 'already-exists') throw alreadyRunning(error);
    throw error;
  }
  return new Promise<never>(() => undefined);
}

function alreadyRunning(cause?: unknown): SovereignError {
  return new SovereignError('already-exists', format(_('Sovereign is already running as {name}.'), { name: BUS_NAME }), {
    hint: _('Requests go to the running instance; stop it first to start another service.'),
    cause,
  });
}



/** The assistant fails at once while locked, rather than wait for an unlock. */
function unlessLocked(vault: SessionVault, assistant: CommandAssistant): CommandAssistant {
  return {
    route: (text, options) => (vault.isLocked() ? Promise.reject(vaultLocked()) : assistant.route(text, options)),
    run: (text, options) => (vault.isLocked() ? Promise.reject(vaultLocked()) : assistant.run(text, options)),
  };
}

/** Questions are refused at once while locked, rather than wait for an unlock. */
function answersUnlessLocked(vault: SessionVault, answerer: QuestionAnswerer): QuestionAnswerer {
  return { ask: (question, options) => (vault.isLocked() ? Promise.reject(vaultLocked()) : answerer.ask(question, options)) };
}

/**
 * The service's documents from the search index alone. The saved index of a
 * plain workspace answers at once (its store takes 150–300 ms more to open,
 * 5 s more while an exiting service still holds it); the index opened over
 * the store, which has caught up with changes made since it was saved,
 * takes over when ready. Renames and deletes wait for the store.
 */
async function earlyDocuments(ctx: CliContext): Promise<IndexedDocuments> {
  const saved = await openSavedWorkspaceIndex(ctx);
  const opening = openWorkspaceSearch(ctx);
  // Handled where it is awaited.
  opening.catch(() => undefined);
  if (!saved) return new IndexedDocuments(await opening, await openWorkspaceStore(ctx));
  const store = {
    updateDocument: async (...args: Parameters<GraphStore['updateDocument']>) => (await openWorkspaceStore(ctx)).updateDocument(...args),
    deleteDocument: async (...args: Parameters<GraphStore['deleteDocument']>) => (await openWorkspaceStore(ctx)).deleteDocument(...args),
  };
  return new IndexedDocuments(new SavedIndexUntilOpen(saved, opening), store);
}
