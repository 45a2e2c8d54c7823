// Canvas presentation benchmark (not a test): the real window under Xvfb
// (GTK's cairo renderer, as on any software-GL machine), the same workspace,
// the canvas presented once with the GL texture (the baseline) and once with
// cairo nodes, alternating runs in one process so both see the same load.
// For a pan (arrow keys) and a zoom (+/-) it reports per presented canvas
// frame: the canvas's own CPU time (render + upload/convert), the whole
// app's CPU time (adds GTK's paint, and with GL its texture readback), and
// wall time; then the cairo/GL ratios.
//   node build/tests/bench/ui/canvas-presenter-bench.js [--documents 2000] [--rounds 3] [--width 1600 --height 1000]
import os from 'node:os';
import { startDisplay, xdotool, type TestDisplay } from '../../ui/support/display.js';
import { SovereignApp, seedWorkspace } from '../../ui/support/sovereign-app.js';
import { cpuTimeMs } from './smaps.js';
import { numberOption as option } from '../bench-options.js';

const DOCUMENTS = option('--documents', 2000);
const ROUNDS = option('--rounds', 3);
const WIDTH = option('--width', 1600);
const HEIGHT = option('--height', 1000);
const PRESENTERS = ['gl', 'cairo'] as const;
type Presenter = (typeof PRESENTERS)[number];

interface Gesture {
  frames: number;
  canvasMedianMs: number;
  canvasP95Ms: number;
  appCpuMsPerFrame: number;
  wallMsPerFrame: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function gesture(display: TestDisplay, app: SovereignApp, keys: string[]): Promise<Gesture> {
  await app.until('the canvas at rest', (w) => !w.animating, 60_000);
  const before = app.probe()!.window!.frames;
  const cpuBefore = cpuTimeMs(app.child.pid!);
  const began = Date.now();
  await xdotool(display, 'key', '--delay', '30', ...keys);
  await app.until('the canvas at rest', (w) => !w.animating, 60_000);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const wall = Date.now() - began;
  const cpu = cpuTimeMs(app.child.pid!) - cpuBefore;
  const after = app.probe()!.window!;
  const frames = Math.max(1, after.frames - before);
  return {
    frames,
    canvasMedianMs: after.frameTimes!.medianMs,
    canvasP95Ms: after.frameTimes!.p95Ms,
    appCpuMsPerFrame: cpu / frames,
    wallMsPerFrame: wall / frames,
  };
}

async function measure(display: TestDisplay, presenter: Presenter, round: number): Promise<{ pan: Gesture; zoom: Gesture }> {
  const app = new SovereignApp(display, `present-${presenter}-${round}`, { env: { SOVEREIGN_CANVAS_PRESENTER: presenter } });
  try {
    const ready = await app.until('a settled canvas with search ready', (w) => !w.animating && w.frameTimes !== null && w.searchReady && w.presenter === presenter, 300_000);
    // Focus the canvas with a click on its ruler (which selects nothing).
    const ruler = await app.screenPoint(ready.canvasSize!.width / 2, 18);
    await xdotool(display, 'mousemove', String(ruler.x), String(ruler.y));
    await xdotool(display, 'click', '1');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const pan = await gesture(display, app, Array.from({ length: 80 }, (_, i) => (i % 40 < 20 ? 'Left' : 'Right')));
    const zoom = await gesture(display, app, Array.from({ length: 40 }, (_, i) => (i % 20 < 10 ? 'plus' : 'minus')));
    return { pan, zoom };
  } finally {
    await app.stop();
  }
}

const display = await startDisplay({ width: WIDTH, height: HEIGHT });
const results: Record<Presenter, { pan: Gesture; zoom: Gesture }[]> = { gl: [], cairo: [] };
try {
  await seedWorkspace(display, 'big', DOCUMENTS);
  for (let round = 0; round < ROUNDS; round++) {
    for (const presenter of round % 2 === 0 ? PRESENTERS : [...PRESENTERS].reverse()) {
      const measured = await measure(display, presenter, round);
      process.stderr.write(`round ${round + 1} ${presenter} (load ${os.loadavg()[0]!.toFixed(1)}): ${JSON.stringify(measured)}\n`);
      results[presenter].push(measured);
    }
  }
} finally {
  await display.close();
}

const summary = (presenter: Presenter, kind: 'pan' | 'zoom') => {
  const runs = results[presenter].map((r) => r[kind]);
  return {
    frames: median(runs.map((r) => r.frames)),
    canvasMedianMs: median(runs.map((r) => r.canvasMedianMs)),
    canvasP95Ms: median(runs.map((r) => r.canvasP95Ms)),
    appCpuMsPerFrame: median(runs.map((r) => r.appCpuMsPerFrame)),
    wallMsPerFrame: median(runs.map((r) => r.wallMsPerFrame)),
  };
};
const table = { documents: DOCUMENTS, rounds: ROUNDS, size: `${WIDTH}x${HEIGHT}`, loadAverage: os.loadavg(), results };
process.stdout.write(JSON.stringify(table, null, 2) + '\n');
process.stdout.write(`${'per presented canvas frame (median of rounds)'.padEnd(48)} ${'GL'.padStart(8)} ${'cairo'.padStart(8)} ${'ratio'.padStart(7)}\n`);
for (const kind of ['pan', 'zoom'] as const) {
  const gl = summary('gl', kind);
  const cairo = summary('cairo', kind);
  for (const [what, key] of [
    // The presenter's ring of timings also holds the start-up frames: its median is fair, its p95 is not.
    ['canvas CPU median, whole run (ms)', 'canvasMedianMs'],
    ['whole app CPU per frame (ms)', 'appCpuMsPerFrame'],
    ['wall per frame (ms)', 'wallMsPerFrame'],
    ['frames', 'frames'],
  ] as const) {
    const a = gl[key];
    const b = cairo[key];
    process.stdout.write(`${`${kind}: ${what}`.padEnd(48)} ${a.toFixed(1).padStart(8)} ${b.toFixed(1).padStart(8)} ${(a > 0 ? `${(b / a).toFixed(2)}x` : '').padStart(7)}\n`);
  }
}
process.exit(0);
