import fs from 'node:fs';
import type { SovereignUi } from './application.js';

/**
 * Test-only: when SOVEREIGN_UI_PROBE names a file, the window's state
 * (camera, open panels, search, frames, accessible focus) is written there
 * as JSON whenever it changes, plus RSS, so UI tests can assert what the
 * app did. Loaded only when that variable is set.
 */
export function attachProbe(ui: SovereignUi, file: string): void {
  let pending: NodeJS.Timeout | undefined;
  const write = () => {
    pending = undefined;
    const window = ui.mainWindow;
    const state = { time: Date.now(), rss: process.memoryUsage().rss, window: window ? window.snapshot() : null };
    const temporary = `${file}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(state));
    fs.renameSync(temporary, file);
  };
  const schedule = () => {
    pending ??= setTimeout(write, 30);
  };
  ui.onWindow((window) => window.onStateChanged(schedule));
  setInterval(schedule, 250).unref();
  schedule();
}
