import fs from 'node:fs';
import type { SovereignUi } from './application.js';

/**
 * Test-only: when SOVEREIGN_UI_PROBE names a file, the window's state
 * (camera, open panels, search, frames, accessible focus) is written there
 * as JSON whenever it changes, plus RSS, so UI tests can assert what the
 * app did. The composition root (loadWindow in src/cli/window-opener.ts)
 * imports this module only when that variable is set, so a normal run never
 * loads it.
 *
 * The probe runs inside the loop it helps to measure, so it keeps its own
 * cost small and says what it was: the file is written off the main loop
 * (a synchronous write and rename took 10-60 ms each under load), and with
 * SOVEREIGN_UI_PROBE_LAG=1 the time of each snapshot is reported beside the
 * main-loop lag, which is also given without it.
 */
export function attachProbe(ui: SovereignUi, file: string): void {
  let pending: NodeJS.Timeout | undefined;
  const probeTimes = new BusyTimes();
  const lag = process.env['SOVEREIGN_UI_PROBE_LAG'] === '1' ? sampleLoopLag(probeTimes) : undefined;
  const writer = new LatestFileWriter(file);
  const write = () => {
    pending = undefined;
    const start = performance.now();
    const window = ui.mainWindow;
    const state = { time: Date.now(), rss: process.memoryUsage.rss(), window: window ? window.snapshot() : null, ...(lag ? { loopLag: lag() } : {}) };
    writer.write(JSON.stringify(state));
    probeTimes.add(start, performance.now());
  };
  const schedule = () => {
    pending ??= setTimeout(write, 30);
  };
  ui.onWindow((window) => window.onStateChanged(schedule));
  setInterval(schedule, 250).unref();
  schedule();
}

/**
 * Replaces a file's content atomically (temporary file, rename) on libuv's
 * thread pool. Writes never overlap: one asked for while another runs waits
 * for it, and only the newest waiting content is written.
 */
class LatestFileWriter {
  private running = false;
  private next: string | undefined;

  constructor(private readonly file: string) {}

  write(content: string): void {
    this.next = content;
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    const temporary = `${this.file}.tmp`;
    try {
      while (this.next !== undefined) {
        const content = this.next;
        this.next = undefined;
        await fs.promises.writeFile(temporary, content);
        await fs.promises.rename(temporary, this.file);
      }
    } catch (error) {
      // Test-only output: a failed write must not stop the app; the next state change tries again.
      process.stderr.write(`sovereign probe: cannot write ${this.file}: ${String(error)}\n`);
    } finally {
      this.running = false;
    }
  }
}

const LAG_TICK_MS = 10;
const LAG_WINDOW_MS = 5000;

/** Spans of time [start, end] (performance.now) the probe held the main loop, over the last LAG_WINDOW_MS. */
class BusyTimes {
  private readonly spans: { start: number; end: number }[] = [];

  add(start: number, end: number): void {
    this.spans.push({ start, end });
    while (this.spans.length > 0 && this.spans[0]!.end < end - LAG_WINDOW_MS) this.spans.shift();
  }

  /** How much of [from, to] the probe was busy. */
  within(from: number, to: number): number {
    let busy = 0;
    for (const span of this.spans) busy += Math.max(0, Math.min(to, span.end) - Math.max(from, span.start));
    return busy;
  }

  durations(since: number): number[] {
    return this.spans.filter((span) => span.end >= since).map((span) => span.end - span.start);
  }
}

interface LagFigures {
  p99Ms: number;
  maxMs: number;
  samples: number;
}

/** What SOVEREIGN_UI_PROBE_LAG=1 adds to the probe: the lag as measured, the lag less the probe's own work, and that work. */
export interface LoopLagReport extends LagFigures {
  withoutProbe: LagFigures;
  probe: { writes: number; medianMs: number; p99Ms: number; maxMs: number };
}

function percentile(sorted: number[], fraction: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

function figures(values: number[]): LagFigures {
  const sorted = [...values].sort((a, b) => a - b);
  return { p99Ms: percentile(sorted, 0.99), maxMs: sorted[sorted.length - 1] ?? 0, samples: sorted.length };
}

/**
 * Main-loop lag for the benchmarks (SOVEREIGN_UI_PROBE_LAG=1): a timer due
 * every 10 ms notes how late it ran. Reported over the last 5 s, so a
 * benchmark reads the lag of what it just did. A tick that was late because
 * the probe itself was writing a snapshot is also reported with that time
 * taken off: the probe's work held the loop for exactly that long, and the
 * app without the probe would not have done it.
 */
function sampleLoopLag(probe: BusyTimes): () => LoopLagReport {
  const samples: { at: number; lag: number; probeMs: number }[] = [];
  let expected = performance.now() + LAG_TICK_MS;
  setInterval(() => {
    const now = performance.now();
    const lag = Math.max(0, now - expected);
    samples.push({ at: now, lag, probeMs: lag > 0 ? probe.within(expected, now) : 0 });
    expected = now + LAG_TICK_MS;
    while (samples.length > 0 && samples[0]!.at < now - LAG_WINDOW_MS) samples.shift();
  }, LAG_TICK_MS).unref();
  return () => {
    const writes = probe.durations(performance.now() - LAG_WINDOW_MS).sort((a, b) => a - b);
    return {
      ...figures(samples.map((s) => s.lag)),
      withoutProbe: figures(samples.map((s) => Math.max(0, s.lag - s.probeMs))),
      probe: { writes: writes.length, medianMs: percentile(writes, 0.5), p99Ms: percentile(writes, 0.99), maxMs: writes[writes.length - 1] ?? 0 },
    };
  };
}
