import { performance } from 'node:perf_hooks';
import type { MessageBus } from 'dbus-next';
import { createLogger, isSovereignError } from '../core/index.js';
import { forwardToPrimary } from '../dbus/forward-to-primary.js';
import type { AppService } from '../dbus/app-service.js';
import type { WindowOpener } from '../dbus/ports.js';
import { runningMainLoop } from '../ui/main-loop.js';
import type { CliContext } from './context.js';
import { readPassphrase } from './passphrase.js';
import { connectSessionBus } from './session-bus.js';

const log = createLogger('launch');

export interface LaunchOptions {
  files: string[];
  /** `--convert-to-vault`: started by a window's "Encrypt This Workspace…", with the new passphrase on stdin (src/cli/vault-conversion.ts). */
  convertToVault?: boolean;
}

/**
 * `sovereign [files…]`: the application, as one process that owns the
 * workspace and the bus name and shows the window.
 *
 * - Another instance owns org.sovereign.Sovereign (a window, or the
 *   D-Bus-activated service): the request (activate, or open these files)
 *   is handed to it and this process exits.
 * - Otherwise the window opens at once (GTK is loaded here, and the
 *   workspace opens behind a spinner), and as soon as the workspace is open
 *   this process starts the app service over the same workspace session and
 *   owns the bus name, so the Shell, Files and later invocations reach it.
 * - No session bus at all: the window opens without the service.
 *
 * When the last window closes the process exits, after finishing any D-Bus
 * request it is answering: a GApplication launched this way has no
 * inactivity timeout and ends when nothing holds it. Only a service started
 * by D-Bus (`--gapplication-service`) stays until idle.
 */
export async function launchApp(ctx: CliContext, options: LaunchOptions): Promise<void> {
  log.debug('start: command line read', { sinceStartMs: Math.round(performance.now()) });
  const passphrase = options.convertToVault ? await readPassphrase({ purpose: 'new-vault', fromStdin: true }) : undefined;
  const bus = await sessionBusIfAny();
  // A conversion never hands over: the instance that owns the name may be the window that started it, on its way out.
  if (bus && passphrase === undefined && (await forwarded(bus, options.files))) {
    runningMainLoop()?.quit();
    return;
  }
  ctx.lifecycle.installSignalHandlers();
  log.debug('start: no other instance on the bus', { sinceStartMs: Math.round(performance.now()) });
  if (passphrase !== undefined) {
    const { convertBeforeOpening } = await import('./vault-conversion.js');
    await convertBeforeOpening(ctx, passphrase);
  }
  let service: AppService | undefined;
  const { loadWindow, windowOpenerFor } = await import('./window-opener.js');
  const ui = await loadWindow(ctx, {
    lastRequestAt: () => service?.lastRequestAt ?? 0,
    onAllWindowsClosed: () => {
      if (!service?.held) {
        void ctx.lifecycle.shutdown(0);
        return;
      }
      // A request being answered may open a window again (OpenDocument): then the process stays.
      void service.whenUnheld().then(() => {
        if (!ui.windowOpen) void ctx.lifecycle.shutdown(0);
      });
    },
  });
  // The service starts once the window shows the workspace: exporting it, following the
  // search-prefix setting and the backup schedule would otherwise delay that first frame.
  if (bus) await ui.afterFirstFrame();
  if (bus) service = await serveOnBus(ctx, bus, windowOpenerFor(ui));
  log.debug('start: D-Bus service serving', { sinceStartMs: Math.round(performance.now()) });
  if (options.files.length > 0) ui.importAndOpen(options.files);
}

async function serveOnBus(ctx: CliContext, bus: MessageBus, windows: WindowOpener): Promise<AppService | undefined> {
  const { startAppService } = await import('./app-service-mode.js');
  try {
    return await startAppService(ctx, { bus, windows });
  } catch (error) {
    // Another instance took the name while this window opened its workspace (it cannot have the same store).
    if (!isSovereignError(error, 'already-exists')) throw error;
    log.warn('another instance owns the bus name; this window runs without the service', { error });
    return undefined;
  }
}

async function sessionBusIfAny(): Promise<MessageBus | undefined> {
  try {
    return await connectSessionBus();
  } catch (error) {
    log.info('no session bus: the window opens without the D-Bus service', { error });
    return undefined;
  }
}

async function forwarded(bus: MessageBus, files: readonly string[]): Promise<boolean> {
  if (!(await forwardToPrimary(bus, files))) return false;
  bus.disconnect();
  return true;
}
