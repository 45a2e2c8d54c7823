import { createLogger } from '../core/index.js';
import { forwardToPrimary } from '../dbus/forward-to-primary.js';
import { runningMainLoop } from '../ui/main-loop.js';
import type { CliContext } from './context.js';
import { connectSessionBus } from './session-bus.js';

const log = createLogger('launch');

export interface LaunchOptions {
  files: string[];
}

/**
 * Starts the application: the window when there is a display. The UI module
 * is imported only here, so that no other command loads GTK.
 *
 * Single instance: when Sovereign is already running (a window, or the
 * D-Bus-activated service), the request (activate, or open these files) is
 * handed to it over D-Bus and this process exits.
 */
export async function launchApp(ctx: CliContext, options: LaunchOptions): Promise<void> {
  if (await forwardedToRunningInstance(options.files)) {
    runningMainLoop()?.quit();
    return;
  }
  ctx.lifecycle.installSignalHandlers();
  const { loadWindow } = await import('./window-opener.js');
  const ui = await loadWindow(ctx);
  ui.activate();
  if (options.files.length > 0) ui.importAndOpen(options.files);
}

async function forwardedToRunningInstance(files: readonly string[]): Promise<boolean> {
  let bus;
  try {
    bus = await connectSessionBus();
  } catch (error) {
    log.info('no session bus: not checking for a running instance', { error });
    return false;
  }
  try {
    return await forwardToPrimary(bus, files);
  } finally {
    bus.disconnect();
  }
}
