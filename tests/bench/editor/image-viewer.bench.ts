/**
 * Image viewer benchmark: opening a 50-megapixel JPEG against a 1 MP
 * baseline in the same run. For each: the worker decode to the display
 * rendition (≤ 4096 px), the main-thread work to turn it into the GTK
 * texture the viewer shows (mapping the pixels file + Gdk.MemoryTexture,
 * the one synchronous step), "view usable" = both, and the event-loop lag (p99,
 * max) while the decode runs. Prints JSON, then a table.
 *
 *   node build/tests/bench/editor/image-viewer.bench.js [--runs N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import gi from 'node-gtk';
import sharp from 'sharp';
import { decodeImageToFile, type DecodedImageFile } from '../../../src/skills/core/image-viewer/index.js';

const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
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
  const texture = Gdk.MemoryTexture.new(image.width, image.height, Gdk.MemoryFormat.R8G8B8A8, bytes, image.width * 4);
  const ms = performance.now() - start;
  if (texture.getWidth() !== image.width) throw new Error('texture has the wrong size');
  return ms;
}

interface Measure {
  image: string;
  megapixels: number;
  fileMB: number;
  rendition: string;
  decodeMs: number;
  textureMs: number;
  viewUsableMs: number;
  lagP99Ms: number;
  lagMaxMs: number;
}

async function measure(file: string, label: string, megapixels: number): Promise<Measure> {
  const samples: Measure[] = [];
  for (let run = 0; run < runs; run++) {
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const start = performance.now();
    const image = await decodeImageToFile(file, path.join(dir, `pixels-${run}.rgba`));
    const decodeMs = performance.now() - start;
    lag.disable();
    const texMs = textureMs(image);
    samples.push({
      image: label,
      megapixels,
      fileMB: fs.statSync(file).size / 1e6,
      rendition: `${image.width}x${image.height}`,
      decodeMs,
      textureMs: texMs,
      viewUsableMs: decodeMs + texMs,
      lagP99Ms: lag.percentile(99) / 1e6,
      lagMaxMs: lag.max / 1e6,
    });
  }
  // The median run by view-usable time.
  return samples.sort((a, b) => a.viewUsableMs - b.viewUsableMs)[Math.floor(samples.length / 2)]!;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-image-bench-'));
try {
  const small = path.join(dir, '1mp.jpg');
  const large = path.join(dir, '50mp.jpg');
  await makeJpeg(small, 1155, 866);
  await makeJpeg(large, 8660, 5774);
  const baseline = await measure(small, '1 MP JPEG (baseline)', 1);
  const big = await measure(large, '50 MP JPEG', 50);
  const report = {
    runs,
    cpus: os.cpus().length,
    targets: { viewUsableMs: 1000, lagP99Ms: 20 },
    results: [baseline, big].map((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 10) / 10 : v]))),
  };
  console.log(JSON.stringify(report, null, 2));
  console.table(report.results);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
