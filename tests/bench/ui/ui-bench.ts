// UI benchmark (not a test): cold start from spawn to first frame (median of
// 5) with an empty workspace and with 50K documents, RSS after start with
// 50K, and the canvas's CPU time per frame while panning under Xvfb. A bare
// libadwaita window started the same way is the baseline the start-up times
// are compared with (the machine is shared: absolute numbers are noisy).
//   node build/tests/bench/ui/ui-bench.js [--documents 50000] [--runs 5]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/repo.js';
import { startDisplay, xdotool, type TestDisplay } from '../../ui/support/display.js';
import { SovereignApp, seedWorkspace } from '../../ui/support/sovereign-app.js';
import { numberOption as option } from '../bench-options.js';

const DOCUMENTS = option('--documents', 50_000);
const RUNS = option('--runs', 5);
const MiB = 2 ** 20;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function baselineStart(display: TestDisplay): Promise<{ ms: number; rssMb: number }> {
  const script = path.join(repoRoot, 'build', 'tests', 'bench', 'ui', 'baseline-window.js');
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [script], { env: display.env, stdio: ['ignore', 'pipe', 'ignore'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  const result = JSON.parse(output.trim()) as { firstPaintAt: number; rss: number };
  return { ms: result.firstPaintAt - spawnedAt, rssMb: result.rss / MiB };
}

/** Spawn to first frame: the canvas's first frame, or the window's first paint when the workspace is empty. */
async function appStart(display: TestDisplay, empty: boolean, run: number): Promise<{ ms: number; rssMb: number; rssWithSearchMb: number; app: SovereignApp }> {
  const app = new SovereignApp(display, `bench-${empty ? 'empty' : 'big'}-${run}`);
  const spawnedAt = Date.now();
  const window = await app.until('the first frame', (w) => (empty ? w.firstPaintAt !== null && w.view === 'empty' : w.firstCanvasFrameAt !== null), 180_000);
  const firstAt = empty ? window.firstPaintAt! : window.firstCanvasFrameAt!;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rss = app.probe()?.rss ?? 0;
  // RSS once the search index is open as well (it opens after the first frame).
  const searching = await app.until('search ready', (w) => w.searchReady, 300_000);
  void searching;
  const rssWithSearch = app.probe()?.rss ?? 0;
  return { ms: firstAt - spawnedAt, rssMb: rss / MiB, rssWithSearchMb: rssWithSearch / MiB, app };
}

async function panFrames(display: TestDisplay, app: SovereignApp): Promise<{ frames: number; medianMs: number; p95Ms: number; wallMsPerFrame: number }> {
  // After start-up work (the search index opens after the first frame) is done.
  const before = await app.until('a settled canvas with search ready', (w) => !w.animating && w.frameTimes !== null && w.searchReady, 300_000);
  // Focus the canvas with a click on its ruler (which selects nothing), then pan with the arrow keys.
  const ruler = await app.screenPoint(before.canvasSize!.width / 2, 18);
  await xdotool(display, 'mousemove', String(ruler.x), String(ruler.y));
  await xdotool(display, 'click', '1');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const framesBefore = app.probe()!.window!.frames;
  const began = Date.now();
  await xdotool(display, 'key', '--delay', '30', ...Array.from({ length: 80 }, (_, i) => (i % 40 < 20 ? 'Left' : 'Right')));
  const elapsed = Date.now() - began;
  await new Promise((resolve) => setTimeout(resolve, 600));
  const after = app.probe()!.window!;
  const frames = after.frames - framesBefore;
  return { frames, medianMs: after.frameTimes!.medianMs, p95Ms: after.frameTimes!.p95Ms, wallMsPerFrame: elapsed / Math.max(1, frames) };
}

const results: Record<string, unknown> = { documents: DOCUMENTS, runs: RUNS, underLoad: true };

const emptyDisplay = await startDisplay({ width: 1400, height: 900 });
try {
  const baseline: number[] = [];
  const baselineRss: number[] = [];
  const empty: number[] = [];
  const emptyRss: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const bare = await baselineStart(emptyDisplay);
    baseline.push(bare.ms);
    baselineRss.push(bare.rssMb);
    const started = await appStart(emptyDisplay, true, run);
    process.stderr.write(`empty, run ${run + 1}: first paint after ${started.ms} ms (bare window ${bare.ms} ms)\n`);
    empty.push(started.ms);
    emptyRss.push(started.rssMb);
    await started.app.stop();
  }
  results['baselineStartMs'] = median(baseline);
  results['baselineRssMb'] = median(baselineRss);
  results['emptyRssMb'] = median(emptyRss);
  results['emptyStartMs'] = median(empty);
  results['emptyStartRatio'] = median(empty) / median(baseline);
} finally {
  await emptyDisplay.close();
}

const bigDisplay = await startDisplay({ width: 1400, height: 900 });
// Opening a freshly written 50K database can take longer than the default 10 s on a loaded machine.
fs.mkdirSync(path.join(bigDisplay.env['XDG_CONFIG_HOME']!, 'sovereign'), { recursive: true });
fs.writeFileSync(path.join(bigDisplay.env['XDG_CONFIG_HOME']!, 'sovereign', 'config.toml'), '[store]\nconnect_timeout_ms = 120000\n');
try {
  const seededAt = Date.now();
  await seedWorkspace(bigDisplay, 'big', DOCUMENTS);
  results['seedS'] = (Date.now() - seededAt) / 1000;
  process.stderr.write(`seeded ${DOCUMENTS} documents in ${results['seedS']} s\n`);
  const big: number[] = [];
  const rss: number[] = [];
  const rssSearch: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = await appStart(bigDisplay, false, run);
    process.stderr.write(`${DOCUMENTS} documents, run ${run + 1}: first canvas frame after ${started.ms} ms, RSS ${started.rssMb.toFixed(0)} MiB (${started.rssWithSearchMb.toFixed(0)} MiB with search)\n`);
    big.push(started.ms);
    rss.push(started.rssMb);
    rssSearch.push(started.rssWithSearchMb);
    if (run === RUNS - 1) results['pan'] = await panFrames(bigDisplay, started.app);
    await started.app.stop();
  }
  results['bigStartMs'] = median(big);
  results['bigStartRatio'] = median(big) / (results['baselineStartMs'] as number);
  results['bigRssMb'] = median(rss);
  results['bigRssWithSearchMb'] = median(rssSearch);
} finally {
  await bigDisplay.close();
}

process.stdout.write(JSON.stringify(results, null, 2) + '\n');
const pan = results['pan'] as { frames: number; medianMs: number; p95Ms: number; wallMsPerFrame: number };
const rows: [string, string, string][] = [
  ['bare libadwaita window, spawn → first paint (baseline)', `${results['baselineStartMs']} ms`, '1.00×'],
  ['empty workspace, spawn → first paint', `${results['emptyStartMs']} ms`, `${(results['emptyStartRatio'] as number).toFixed(2)}×`],
  [`${DOCUMENTS} documents, spawn → first canvas frame`, `${results['bigStartMs']} ms`, `${(results['bigStartRatio'] as number).toFixed(2)}×`],
  ['RSS of the bare window at first paint (baseline)', `${(results['baselineRssMb'] as number).toFixed(0)} MiB`, ''],
  ['RSS after start, empty workspace', `${(results['emptyRssMb'] as number).toFixed(0)} MiB`, ''],
  [`RSS at first frame, ${DOCUMENTS} documents`, `${(results['bigRssMb'] as number).toFixed(0)} MiB`, ''],
  [`RSS with the search index open, ${DOCUMENTS} documents`, `${(results['bigRssWithSearchMb'] as number).toFixed(0)} MiB`, ''],
  ['pan: canvas CPU per frame (median / p95)', `${pan.medianMs.toFixed(1)} / ${pan.p95Ms.toFixed(1)} ms`, `${pan.frames} frames`],
  ['pan: wall time per presented frame (llvmpipe)', `${pan.wallMsPerFrame.toFixed(1)} ms`, ''],
];
for (const [what, value, ratio] of rows) process.stdout.write(`${what.padEnd(58)} ${value.padStart(16)} ${ratio.padStart(10)}\n`);
process.exit(0);
