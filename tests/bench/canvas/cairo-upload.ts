// What the cairo presenter spends per canvas frame copying the frame's pixels
// into one of its two cairo image surfaces, for each byte order the renderer
// can draw in: RGBA is converted by pixman, BGRA (cairo's own) is copied.
// Run: node build/tests/bench/canvas/cairo-upload.js [rounds=60]
// The two orders alternate round by round, so a loaded machine slows both alike.
import type { PixelOrder } from '../../../src/canvas/render/pixel-order.js';
import { loadCairo } from '../../../src/ui/canvas/cairo.js';

const ROUNDS = Number(process.argv[2] ?? 60);
const SIZES = [[1190, 696], [1600, 1000], [2560, 1440]] as const;
const ORDERS: readonly PixelOrder[] = ['rgba', 'bgra'];
const cairo = loadCairo();

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const results: { size: string; order: PixelOrder; medianMs: number }[] = [];
for (const [width, height] of SIZES) {
  const pixels = new Uint8Array(width * height * 4).fill(120);
  const surface = cairo.createSurface(width, height);
  const times: Record<PixelOrder, number[]> = { rgba: [], bgra: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const order of ORDERS) {
      const start = performance.now();
      cairo.copyPixelsInto(surface, pixels, order, width, height);
      const ms = performance.now() - start;
      // The first rounds fault the pages in.
      if (round >= 5) times[order].push(ms);
    }
  }
  cairo.destroySurface(surface);
  for (const order of ORDERS) results.push({ size: `${width}x${height}`, order, medianMs: +median(times[order]).toFixed(2) });
}
for (const r of results) console.log(`${r.size.padEnd(10)} ${r.order}  median ${r.medianMs.toFixed(2)} ms`);
console.log(JSON.stringify({ rounds: ROUNDS, loadavg: (await import('node:os')).loadavg(), results }));
