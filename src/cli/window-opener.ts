import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SovereignError, _, createLogger } from '../core/index.js';
import type { WindowOpener } from '../dbus/ports.js';
import type { UiController } from '../ui/index.js';
import { createSampleWorkspace } from '../workspace/index.js';
import type { CliContext } from './context.js';
import { openSessionAssistant } from './command-assistant.js';
import { openSessionAnswers } from './session-answers.js';
import { runScheduledCommand } from './scheduled-backup-command.js';
import { importForWindow } from './import-for-window.js';
import { openSessionModels } from './session-models.js';
import { openSkillRegistry } from './skill-session.js';
import { openWorkspaceRetrieval } from './workspace-retrieval.js';
import { openWorkspaceSession, revealFolder } from './workspace-session.js';
import { SessionVault } from './session-vault.js';

const log = createLogger('window');
/** Names the file a UI test reads the window's state from (src/ui/test-probe.ts). */
const UI_PROBE_ENV = 'SOVEREIGN_UI_PROBE';

export interface WindowOptions {
  /**
   * Called when the last window closed. A plain `sovereign` process exits
   * (once no D-Bus request is running); a D-Bus-activated one keeps serving
   * until idle. Default: shut the process down.
   */
  onAllWindowsClosed?: () => void;
  /** When the D-Bus service beside the window last answered a request (epoch ms), for the idle lock. */
  lastRequestAt?: () => number;
}

/**
 * Loads the UI (GTK) into this process over the shared workspace session
 * and returns its controller. The GLib main loop must already run: the
 * entry point starts it for every invocation that may show a window
 * (src/ui/main-loop.ts explains why it cannot start later).
 */
export async function loadWindow(ctx: CliContext, options: WindowOptions = {}): Promise<UiController> {
  if (!process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    throw new SovereignError('unsupported', _('There is no display to open the Sovereign window on.'), {
      hint: _('Run Sovereign in a desktop session; the command-line tools (sovereign --help) work without one.'),
    });
  }
  const { runningMainLoop } = await import('../ui/main-loop.js');
  if (!runningMainLoop()) throw new SovereignError('internal', 'the window was requested but the GLib main loop is not running');
  // The workspace opens while GTK and the window's modules load: the store's
  // engine opens rocksdb on its own threads and the model snapshot is read
  // from disk meanwhile, instead of after the window was presented. The vault
  // first: the session waits for its gate (a vault starts locked: no key, nothing asked of a terminal).
  const vault = await SessionVault.open(ctx);
  const session = openWorkspaceSession(ctx);
  // A damaged or locked store fails the session before the window exists: the window shows it once built (and the await at
  // the end ends the process); until then the rejection must not count as unhandled, which would end the process at once.
  session.catch(() => undefined);
  const { createUi, workspaceServices } = await import('../ui/index.js');
  const { ExportService } = await import('../exporters/export-service.js');
  const { CardThumbnails } = await import('../skills/core/image-viewer/card-thumbnails.js');
  const { createBackup, defaultBackupDir, listBackups, scheduleStatus, turnScheduleOff, turnScheduleOn } = await import('../backup/index.js');
  // Milliseconds since the process started: the start-up breakdown (tests/bench/ui/start-breakdown.ts) reads these.
  log.debug('start: window modules loaded', { sinceStartMs: Math.round(performance.now()) });
  const backupDir = defaultBackupDir(ctx.paths.dataDir);
  // The window shows at once; the workspace fills it when open (and again after each unlock).
  const openServices = (session: ReturnType<typeof openWorkspaceSession>) =>
    session.then((opened) => {
      // The skills load once the window shows the workspace: none is needed for its first frame.
      const skills = openSkillRegistry(ctx, opened, { loadAfter: ui.afterFirstFrame() });
      return workspaceServices({
        ...opened,
        importFiles: (paths, options) => importForWindow(opened.imports, opened.store, paths, options),
        originalFile: (mediaRef, name) => opened.imports.originalFile(mediaRef, name),
        exports: new ExportService(opened.store, ctx.paths.dataDir),
        // A vault's thumbnails show its images: made from decrypted copies and kept only in the runtime folder.
        thumbnails: opened.store.files
          ? new CardThumbnails(ctx.paths.dataDir, path.join(revealFolder(ctx), 'cache'), { reveal: (mediaRef, name) => opened.imports.originalFile(mediaRef, name) })
          : new CardThumbnails(ctx.paths.dataDir, ctx.paths.cacheDir),
        createSampleWorkspace: (store) => createSampleWorkspace(store),
        assistant: () => openSessionAssistant(ctx),
        models: () => openSessionModels(ctx),
        backups: {
          folder: backupDir,
          list: () => listBackups(backupDir),
          create: (passphrase, onProgress, signal) =>
            createBackup(opened.store, { dataDir: ctx.paths.dataDir, toDir: backupDir, passphrase, onProgress, ...(signal ? { signal } : {}) }),
          schedule: () => scheduleStatus(ctx.paths),
          setSchedule: (enabled, { every, keep, passphrase }) =>
            enabled
              ? turnScheduleOn(ctx.paths, {
                  every,
                  keep,
                  command: runScheduledCommand(),
                  passphrase: async () => {
                    if (passphrase === undefined) throw new SovereignError('usage', _('Scheduled backups need a passphrase the first time they are turned on.'));
                    return passphrase;
                  },
                })
              : turnScheduleOff(ctx.paths),
        },
        retrieval: () => openWorkspaceRetrieval(ctx, opened),
        answers: async () => {
          const { answers, profiles } = await openSessionAnswers(ctx);
          return { ask: (q, o) => answers.ask(q, o), summarize: (id, o) => answers.summarize(id, o), regenerate: (id, o) => answers.regenerate(id, o), listConversations: (n) => answers.listConversations(n), turns: (id) => answers.turns(id), profiles: () => profiles.list() };
        },
        onSkillFailed: (listener) => skills.events.on('skill.failed', listener),
        voice: async () => {
          const [{ Transcriber }, { speechModelPath }] = await Promise.all([import('../voice/transcriber.js'), import('../voice/speech-model.js')]);
          const speechModel = (): string => speechModelPath(ctx.config.ai.models.speech, ctx.paths.modelsDir);
          // The same model choice and thread count as `sovereign listen`.
          return { openTranscriber: async () => Transcriber.open({ modelPath: speechModel(), threads: ctx.config.ai.threads }), speechModel };
        },
      });
    });
  const ui = createUi({
    services: openServices(session),
    reopenServices: () => openServices(openWorkspaceSession(ctx)),
    onAllWindowsClosed: options.onAllWindowsClosed ?? (() => void ctx.lifecycle.shutdown(0)),
    vault,
    ...(options.lastRequestAt ? { lastRequestAt: options.lastRequestAt } : {}),
  });
  // The probe is a test instrument, installed here at the composition root
  // and only when a UI test asks for it: a normal run never loads it.
  const probeFile = process.env[UI_PROBE_ENV];
  if (probeFile) {
    const { attachProbe } = await import('../ui/test-probe.js');
    attachProbe(ui, probeFile);
  }
  log.debug('start: GTK application registered', { sinceStartMs: Math.round(performance.now()) });
  ui.activate();
  log.debug('start: window presented', { sinceStartMs: Math.round(performance.now()) });
  // CanvasKit compiles on this thread while the store opens on the engine's
  // own: started now, the canvas need not wait for both one after the other.
  const { loadCanvasKit } = await import('../canvas/render/canvaskit.js');
  setImmediate(() => void loadCanvasKit().catch(() => undefined));
  if (log.enabled('debug')) {
    void ui.afterFirstFrame().then(async () => {
      const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
      const wasmHeap = (await loadCanvasKit()).HEAPU8.byteLength;
      const MiB = (bytes: number) => Math.round(bytes / 2 ** 20);
      log.debug('start: first frame shown', { sinceStartMs: Math.round(performance.now()), rssMiB: MiB(rss), v8HeapMiB: MiB(heapTotal), v8UsedMiB: MiB(heapUsed), externalMiB: MiB(external), arrayBuffersMiB: MiB(arrayBuffers), canvasKitHeapMiB: MiB(wasmHeap) });
    });
  }
  // Without the workspace there is nothing to show: the error ends the process (and the window) with its message.
  await session;
  return ui;
}

/**
 * The WindowOpener the D-Bus-activated service calls through
 * LazyWindowOpener: the UI is loaded on the first request that needs a
 * window, in the same process, so a service answering only the Shell never
 * loads GTK. When its last window closes the service keeps running and
 * exits when idle (as a GApplication started by D-Bus does).
 */
export async function createWindowOpener(ctx: CliContext): Promise<WindowOpener> {
  const ui = await loadWindow(ctx, { onAllWindowsClosed: () => log.info('last window closed; the service keeps running until idle') });
  return windowOpenerFor(ui);
}

/** The service's view of a loaded UI. */
export function windowOpenerFor(ui: UiController): WindowOpener {
  return {
    activate: async () => ui.activate(),
    openDocument: async (id, options) => {
      ui.openDocument(id, options);
    },
    showSearch: async (text) => ui.showSearch(text),
    newNote: async () => ui.newNote(),
    chooseFilesToImport: async () => ui.chooseFilesToImport(),
    openExported: async (file) => ui.openExported(file),
    hasOpenWindow: () => ui.windowOpen,
  };
}
