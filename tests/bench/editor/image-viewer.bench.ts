/**
 * Image viewer benchmark: opening a 50-megapixel JPEG against a 1 MP
 * baseline in the same run, on the warm decoder process (started once, as
 * the first image panel does; its start is reported on its own). For each:
 * the screen-sized preview decoded in the decoder process (JPEG
 * shrink-on-load), the main-thread work to turn it into the GTK texture
 * (mapping the pixels file + Gdk.MemoryTexture, the one synchronous step),
 * "view usable" = both; then the full rendition (≤ 4096 px) the same way,
 * and the event-loop lag (p99, max) over all of it. Not measured here: GTK
 * uploading the texture at the next frame (this process has no window).
 * Prints JSON, then a table with each figure beside the baseline's.
 *
 *   node build/tests/bench/editor/image-viewer.bench.js [--runs N] [--preview-side PX]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import gi from 'node-gtk';
import sharp from 'sharp';
import { DecoderProcess, DEFAULT_MAX_SIDE, decodeImageToFile, type DecodedImageFile } from '../../../src/skills/core/image-viewer/index.js';

const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
// The viewer's smallest preview (MIN_PREVIEW_SIDE): what a panel of the default size asks for.
const previewSide = args.includes('--preview-side') ? Number(args[args.indexOf('--preview-side') + 1]) : 1024;
const GLib = gi.require('GLib', '2.0');
const Gdk = gi.require('Gdk', '4.0');

/** A photo-like JPEG (noise compresses like detail does, unlike a flat colour). */
async function makeJpeg(file: string, width: number, height: number): Promise<void> {
  await sharp({ create: { width, height, channels: 3, background: '#6688aa', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ quality: 90 })
    .toFile(file);
}

/** The viewer's one synchronous step (src/ui/image-viewer/image-viewer.ts show()): map the pixels, make the texture. */
function textureMs(image: DecodedImageFile): number {
  const start = performance.now();
  const bytes = GLib.MappedFile.new(image.pixelsFile, false).getBytes();
  fs.rmSync(image.pixelsFile);
  const texture = Gdk.MemoryTexture.new(image.width, image.height, Gdk.MemoryFormat.R8G8B8A8_PREMULTIPLIED, bytes, image.width * 4);
  const ms = performance.now() - start;
  if (texture.getWidth() !== image.width) throw new Error('texture has the wrong size');
  return ms;
}

interface Measure {
  image: string;
  megapixels: number;
  fileMB: number;
  preview: string;
  previewDecodeMs: number;
  previewTextureMs: number;
  viewUsableMs: number;
  full: string;
  fullDecodeMs: number;
  fullTextureMs: number;
  lagP99Ms: number;
  lagMaxMs: number;
}

/**
 * What opening an image panel does (src/ui/image-viewer/image-viewer.ts
 * load()), on the warm decoder: the preview decoded and made a texture
 * ("view usable"), then the full rendition; the loop lag over both.
 */
async function measure(file: string, label: string, megapixels: number): Promise<Measure> {
  const samples: Measure[] = [];
  for (let run = 0; run < runs; run++) {
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const start = performance.now();
    const preview = await decodeImageToFile(file, path.join(dir, `preview-${run}.rgba`), { maxSide: previewSide, fullSide: DEFAULT_MAX_SIDE, decoder });
    const previewDecodeMs = performance.now() - start;
    const previewTextureMs = textureMs(preview);
    const viewUsableMs = performance.now() - start;
    const fullStart = performance.now();
    const needsFull = Math.max(preview.width, preview.height) < Math.min(DEFAULT_MAX_SIDE, Math.max(preview.metadata.width, preview.metadata.height));
    const full = needsFull ? await decodeImageToFile(file, path.join(dir, `full-${run}.rgba`), { decoder }) : preview;
    const fullDecodeMs = needsFull ? performance.now() - fullStart : 0;
    const fullTextureMs = needsFull ? textureMs(full) : 0;
    lag.disable();
    samples.push({
      image: label,
      megapixels,
      fileMB: fs.statSync(file).size / 1e6,
      preview: `${preview.width}x${preview.height}`,
      previewDecodeMs,
      previewTextureMs,
      viewUsableMs,
      full: needsFull ? `${full.width}x${full.height}` : '(the preview)',
      fullDecodeMs,
      fullTextureMs,
      lagP99Ms: lag.percentile(99) / 1e6,
      lagMaxMs: lag.max / 1e6,
    });
  }
  // The median run by view-usable time.
  return samples.sort((a, b) => a.viewUsableMs - b.viewUsableMs)[Math.floor(samples.length / 2)]!;
}

const decoder = new DecoderProcess();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-image-bench-'));
try {
  const small = path.join(dir, '1mp.jpg');
  const large = path.join(dir, '50mp.jpg');
  await makeJpeg(small, 1155, 866);
  await makeJpeg(large, 8660, 5774);
  const warmStart = performance.now();
  await decoder.warm();
  const decoderStartMs = performance.now() - warmStart;
  const baseline = await measure(small, '1 MP JPEG (baseline)', 1);
  const big = await measure(large, '50 MP JPEG', 50);
  const round = (v: number) => Math.round(v * 10) / 10;
  const report = {
    runs,
    previewSide,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map(round),
    decoderStartMs: round(decoderStartMs),
    targets: { viewUsableMs: 1000, lagP99Ms: 20 },
    results: [baseline, big].map((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v]))),
  };
  console.log(JSON.stringify(report, null, 2));
  const rows: [string, keyof Measure, string][] = [
    ['preview decode (ms)', 'previewDecodeMs', ''],
    ['preview texture (ms)', 'previewTextureMs', ''],
    ['view usable (ms)', 'viewUsableMs', '≤ 1000'],
    ['full rendition decode (ms)', 'fullDecodeMs', ''],
    ['full rendition texture (ms)', 'fullTextureMs', ''],
    ['main-loop lag p99 (ms)', 'lagP99Ms', '≤ 20'],
    ['main-loop lag max (ms)', 'lagMaxMs', ''],
  ];
  const line = (cells: string[]) => console.log(cells[0]!.padEnd(30) + cells.slice(1).map((c) => c.padStart(12)).join(''));
  line(['measure', '1 MP', '50 MP', 'ratio', 'target']);
  line(['rendition', `${baseline.preview}`, `${big.preview}`, '', '']);
  for (const [what, key, target] of rows) {
    const [a, b] = [baseline[key] as number, big[key] as number];
    line([what, a.toFixed(1), b.toFixed(1), a > 0 ? `${(b / a).toFixed(1)}x` : '', target]);
  }
  console.log(`decoder process start (once per session, before the first image): ${round(decoderStartMs)} ms`);
} finally {
  decoder.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
