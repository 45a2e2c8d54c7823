import fs from 'node:fs';
import type { SovereignUi } from './application.js';

/**
 * Test-only: when SOVEREIGN_UI_PROBE names a file, the window's state
 * (camera, open panels, search, frames, accessible focus) is written there
 * as JSON whenever it changes, plus RSS, so UI tests can assert what the
 * app did. The composition root (loadWindow in src/cli/window-opener.ts)
 * imports this module only when that variable is set, so a normal run never
 * loads it.
 */
export function attachProbe(ui: SovereignUi, file: string): void {
  let pending: NodeJS.Timeout | undefined;
  const lag = process.env['SOVEREIGN_UI_PROBE_LAG'] === '1' ? sampleLoopLag() : undefined;
  const write = () => {
    pending = undefined;
    const window = ui.mainWindow;
    const state = { time: Date.now(), rss: process.memoryUsage().rss, window: window ? window.snapshot() : null, ...(lag ? { loopLag: lag() } : {}) };
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

const LAG_TICK_MS = 10;
const LAG_WINDOW_MS = 5000;

/**
 * Main-loop lag for the benchmarks (SOVEREIGN_UI_PROBE_LAG=1): a timer due
 * every 10 ms notes how late it ran. Reported over the last 5 s, so a
 * benchmark reads the lag of what it just did.
 */
function sampleLoopLag(): () => { p99Ms: number; maxMs: number; samples: number } {
  const samples: { at: number; lag: number }[] = [];
  let expected = performance.now() + LAG_TICK_MS;
  setInterval(() => {
    const now = performance.now();
    samples.push({ at: now, lag: Math.max(0, now - expected) });
    expected = now + LAG_TICK_MS;
    while (samples.length > 0 && samples[0]!.at < now - LAG_WINDOW_MS) samples.shift();
  }, LAG_TICK_MS).unref();
  return () => {
    const lags = samples.map((s) => s.lag).sort((a, b) => a - b);
    if (lags.length === 0) return { p99Ms: 0, maxMs: 0, samples: 0 };
    return { p99Ms: lags[Math.min(lags.length - 1, Math.floor(lags.length * 0.99))]!, maxMs: lags[lags.length - 1]!, samples: lags.length };
  };
}
