import { SovereignError, _ } from '../core/index.js';
import type { CliContext } from './context.js';

export interface LaunchOptions {
  files: string[];
}

/**
 * Starts the application: the window when there is a display. The UI module
 * is imported only here, so that no other command loads GTK.
 */
export async function launchApp(ctx: CliContext, options: LaunchOptions): Promise<void> {
  void ctx;
  void options;
  throw new SovereignError('unsupported', _('The Sovereign window is not available in this build.'));
}
