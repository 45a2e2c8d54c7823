import { spawn } from 'node:child_process';
import { waitFor, xdotool, type TestDisplay } from './display.js';

/** Another X application's window, for taking the keyboard focus away from Sovereign. */
export interface OtherApplication {
  /** Gives this window the focus, as when the person switches to another app. */
  focus(): Promise<void>;
  stop(): void;
}

/** Opens xmessage in the screen's bottom-left corner (nothing of Sovereign's that a test clicks is there). */
export async function openOtherApplication(display: TestDisplay): Promise<OtherApplication> {
  const child = spawn('xmessage', ['-geometry', '+40+700', 'Another application'], { env: display.env, stdio: 'ignore' });
  // xmessage does not set _NET_WM_PID: found by its class.
  const id = await waitFor(
    'the other application’s window',
    async () => (await xdotool(display, 'search', '--onlyvisible', '--class', 'Xmessage').catch(() => '')).split('\n')[0] || undefined,
    10_000,
  ).catch((error: unknown) => {
    child.kill('SIGTERM');
    throw error;
  });
  return {
    focus: async () => {
      await xdotool(display, 'windowfocus', '--sync', id);
    },
    stop: () => child.kill('SIGTERM'),
  };
}
