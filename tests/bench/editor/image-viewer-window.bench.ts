// Image viewer benchmark in the real window (not a test): under Xvfb, a
// 50-megapixel JPEG against a 1 MP baseline, opened in the same run through
// D-Bus OpenDocument as the Shell or Files would. For each, from the panel's
// creation: the first frame painted with the picture fitted to the panel
// (the screen-sized preview: "view usable"), the first frame with the full
// rendition, and the main-loop lag p99 over the last 5 s (the whole opening).
// The 1 MP image is opened twice: first as the session's first image (the
// decoder process starts then), then again as the baseline, on the warm
// decoder, like the 50 MP one. Memory: the resident size of the app and
// its child processes (the sharp decoder, thumbnail makers), sampled every
// 250 ms over the whole session: peak and at the end.
//   node build/tests/bench/editor/image-viewer-window.bench.js [--cpu-prof DIR]
// --cpu-prof writes the app's V8 CPU profile (.cpuprofile) into DIR when it quits.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { repoRoot } from '../../support/repo.js';
import { startDisplay, xdotool, type TestDisplay } from '../../ui/support/display.js';
import { SovereignApp } from '../../ui/support/sovereign-app.js';
import type { ImageViewerState } from '../../../src/ui/image-viewer/image-viewer.js';

const run = promisify(execFile);
const profileAt = process.argv.indexOf('--cpu-prof');
const PROFILE_DIR = profileAt >= 0 ? path.resolve(process.argv[profileAt + 1]!) : undefined;
/** The probe's main-loop lag covers the last 5 s (src/ui/test-probe.ts), plus a margin. */
const LAG_WINDOW_MS = 5500;

/** A photo-like JPEG (noise compresses like detail does, unlike a flat colour). */
async function makeJpeg(file: string, width: number, height: number): Promise<void> {
  await sharp({ create: { width, height, channels: 3, background: '#6688aa', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ quality: 90 })
    .toFile(file);
}

async function openDocument(display: TestDisplay, id: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await run('gdbus', ['call', '--session', '-d', 'org.sovereign.Sovereign', '-o', '/org/sovereign/Sovereign', '-m', 'org.sovereign.Sovereign.OpenDocument', id], { env: display.env });
      return;
    } catch (error) {
      if (!((error as { stderr?: string }).stderr ?? '').includes('ServiceUnknown') || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Resident memory (bytes) of a process and all its descendants, and how many processes that is. */
function treeRss(root: number): { bytes: number; processes: number } {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // Gone meanwhile.
    }
  }
  let bytes = 0;
  let processes = 0;
  for (const queue = [root]; queue.length > 0; ) {
    const pid = queue.pop()!;
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      bytes += Number(rss?.[1] ?? 0) * 1024;
      processes++;
    } catch {
      continue;
    }
    queue.push(...(children.get(pid) ?? []));
  }
  return { bytes, processes };
}

interface Measured {
  preview: string;
  full: string;
  viewUsableMs: number;
  fullRenditionMs: number;
  loopLagP99Ms: number;
  loopLagMaxMs: number;
  /** The lag less the time the test probe itself held the loop (see src/ui/test-probe.ts). */
  loopLagWithoutProbeP99Ms: number;
  probeWriteMedianMs: number;
  decoderPid: number;
}

type Window = NonNullable<NonNullable<ReturnType<SovereignApp['probe']>>['window']>;
const viewerOf = (window: Window, title: string): ImageViewerState | null =>
  (window.panelStates.find((p) => p.title === title) as { image?: ImageViewerState | null } | undefined)?.image ?? null;

async function measure(display: TestDisplay, app: SovereignApp, id: string, title: string): Promise<Measured> {
  await openDocument(display, id);
  const usable = await app.until(`${title} usable`, (w) => (viewerOf(w, title)?.usableMs ?? null) !== null, 180_000);
  const preview = viewerOf(usable, title)!.rendition!;
  await app.until(`${title} at full detail`, (w) => (viewerOf(w, title)?.fullMs ?? null) !== null, 180_000);
  // The lag window is the last 5 s: read it straight after the full rendition painted.
  const state = app.probe()!;
  const viewer = viewerOf(state.window!, title)!;
  await xdotool(display, 'key', 'ctrl+w');
  await app.until(`${title} closed`, (w) => !w.panelStates.some((p) => p.title === title));
  // The next opening's lag window (the last 5 s) must not reach back into this one.
  await new Promise((resolve) => setTimeout(resolve, LAG_WINDOW_MS));
  return {
    preview: `${preview.width}x${preview.height}`,
    full: `${viewer.rendition!.width}x${viewer.rendition!.height}`,
    viewUsableMs: viewer.usableMs!,
    fullRenditionMs: viewer.fullMs!,
    loopLagP99Ms: state.loopLag?.p99Ms ?? NaN,
    loopLagMaxMs: state.loopLag?.maxMs ?? NaN,
    loopLagWithoutProbeP99Ms: state.loopLag?.withoutProbe.p99Ms ?? NaN,
    probeWriteMedianMs: state.loopLag?.probe.medianMs ?? NaN,
    decoderPid: viewer.decoderPid!,
  };
}

const display = await startDisplay({ width: 1400, height: 900 });
try {
  const small = path.join(display.home, '1mp.jpg');
  const large = path.join(display.home, '50mp.jpg');
  await makeJpeg(small, 1155, 866);
  await makeJpeg(large, 8660, 5774);
  const seed = path.join(repoRoot, 'build', 'tests', 'ui', 'support', 'seed-image-document.js');
  const seeded = await run(process.execPath, [seed, display.home, small, 'One megapixel', large, 'Fifty megapixels'], { env: display.env, timeout: 300_000 });
  const [smallId, largeId] = seeded.stdout.trim().split('\n') as [string, string];

  const app = new SovereignApp(display, 'image-viewer-bench', {
    env: { SOVEREIGN_UI_PROBE_LAG: '1' },
    ...(PROFILE_DIR ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] } : {}),
  });
  let peak = { bytes: 0, processes: 0 };
  const sampling = setInterval(() => {
    const now = treeRss(app.child.pid!);
    if (now.bytes > peak.bytes) peak = now;
  }, 250);
  try {
    await app.until('the canvas', (w) => w.view === 'canvas' && w.frames > 0 && w.searchReady, 300_000);
    const first = await measure(display, app, smallId, 'One megapixel');
    process.stderr.write(`first image (decoder starting): ${JSON.stringify(first)}\n`);
    const baseline = await measure(display, app, smallId, 'One megapixel');
    process.stderr.write(`1 MP: ${JSON.stringify(baseline)}\n`);
    const big = await measure(display, app, largeId, 'Fifty megapixels');
    process.stderr.write(`50 MP: ${JSON.stringify(big)}\n`);
    const end = treeRss(app.child.pid!);
    const mib = (bytes: number) => Math.round(bytes / 1048576);
    const memory = { peakTreeRssMiB: mib(peak.bytes), peakProcesses: peak.processes, endTreeRssMiB: mib(end.bytes), endProcesses: end.processes };
    const results = { underLoad: true, loadAverage: os.loadavg(), display: 'Xvfb (llvmpipe)', firstImageOfSession: first, baseline, fiftyMegapixels: big, sameDecoder: baseline.decoderPid === big.decoderPid, memory };
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    const rows: [string, keyof Measured, string][] = [
      ['view usable: preview painted (ms)', 'viewUsableMs', '≤ 1000'],
      ['full rendition painted (ms)', 'fullRenditionMs', ''],
      ['main-loop lag p99 (ms)', 'loopLagP99Ms', '≤ 20'],
      ['main-loop lag max (ms)', 'loopLagMaxMs', ''],
      ['  lag p99 less the probe (ms)', 'loopLagWithoutProbeP99Ms', '≤ 20'],
      ['  probe write median (ms)', 'probeWriteMedianMs', ''],
    ];
    const line = (cells: string[]) => process.stdout.write(cells[0]!.padEnd(36) + cells.slice(1).map((c) => c.padStart(12)).join('') + '\n');
    line(['measure', 'first 1 MP', '1 MP', '50 MP', 'ratio', 'target']);
    line(['preview rendition', first.preview, baseline.preview, big.preview, '', '']);
    line(['full rendition', first.full, baseline.full, big.full, '', '']);
    for (const [what, key, target] of rows) {
      const [f, a, b] = [first[key] as number, baseline[key] as number, big[key] as number];
      line([what, f.toFixed(1), a.toFixed(1), b.toFixed(1), a > 0 ? `${(b / a).toFixed(1)}x` : '', target]);
    }
    process.stdout.write(`app + child processes RSS: peak ${memory.peakTreeRssMiB} MiB (${memory.peakProcesses} processes), end ${memory.endTreeRssMiB} MiB (${memory.endProcesses} processes)\n`);
  } finally {
    clearInterval(sampling);
    await app.stop();
  }
} finally {
  await display.close();
}
process.exit(0);
