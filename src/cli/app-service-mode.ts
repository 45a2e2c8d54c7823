import type { MessageBus } from 'dbus-next';
import { SovereignError, _, createLogger, format } from '../core/index.js';
import { AppService } from '../dbus/app-service.js';
import { nameHasOwner } from '../dbus/name-has-owner.js';
import { BUS_NAME, TEST_HOOKS_ENV } from '../dbus/names.js';
import type { WindowOpener } from '../dbus/ports.js';
import { RecordingWindowOpener } from '../dbus/recording-window-opener.js';
import type { CliContext } from './context.js';
import { lazyCommandAssistant } from './command-assistant.js';
import { LazyWindowOpener } from './lazy-window-opener.js';
import { openDocumentService } from './open-document-service.js';
import { OpeningDocuments } from '../dbus/opening-documents.js';
import { sessionQuestionAnswerer } from './session-answers.js';
import { connectSessionBus } from './session-bus.js';
import { openWorkspaceSession, type WorkspaceSession } from './workspace-session.js';

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
  // The name is owned before the workspace opens: D-Bus gives an activated
  // service 25 s to own it, and building the model and index of a store never
  // opened before takes longer than that for 50K documents. Until it is open,
  // searches answer with what is ready (OpeningDocuments).
  let ownsName: () => void = () => undefined;
  const nameOwned = new Promise<void>((resolve) => (ownsName = resolve));
  const opening = nameOwned.then(() => openDocumentService(ctx));
  const documents = new OpeningDocuments(opening);
  const idleSeconds = options.idleExitSeconds ?? ctx.config.service.idle_exit_seconds;
  const windows = options.windows ?? new LazyWindowOpener(ctx);
  // The test instrument is installed here, at the composition root, and only
  // for a test session: a normal run talks to its window directly.
  const windowRequests = process.env[TEST_HOOKS_ENV] === '1' ? new RecordingWindowOpener(windows) : undefined;
  let service: AppService;
  try {
    service = await AppService.start({
      bus,
      documents,
      windows: windowRequests ?? windows,
      assistant: lazyCommandAssistant(ctx),
      answers: sessionQuestionAnswerer(ctx),
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
  ownsName();
  void opening.then(() => {
    // Closers run in reverse order: the name must go before the workspace the
    // open just registered, so a request arriving meanwhile starts a new
    // process instead of finding a closed store.
    if (ctx.lifecycle.isShuttingDown) return;
    unregisterService();
    unregisterService = ctx.lifecycle.register('dbus', stopService);
  }, () => undefined);
  // A failed open of the session itself is reported below.
  const openSearch = (opened: WorkspaceSession) => opened.search().catch((error: unknown) => log.error('could not open the search index', { error }));
  const ready: Promise<unknown> = options.openSearchNow ? opening.then(() => openWorkspaceSession(ctx)).then(openSearch) : opening;
  void service.holdWhile(() => ready).catch(() => undefined);
  opening.catch((error: unknown) => {
    log.error('could not open the workspace; exiting', { error });
    void ctx.lifecycle.shutdown(1);
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


