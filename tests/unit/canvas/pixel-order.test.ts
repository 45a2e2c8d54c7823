import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { createCanvasController, type CanvasController } from '../../../src/canvas/canvas-controller.js';
import type { CanvasData } from '../../../src/canvas/canvas-data.js';
import type { PixelOrder } from '../../../src/canvas/render/pixel-order.js';
import { generateWorkspace } from '../../support/canvas-workspace.js';

// Cairo takes BGRA; the renderer then draws with red and blue swapped in
// every colour it is given (src/canvas/render/pixel-order.ts). A BGRA frame
// must be the RGBA frame with its bytes reordered: any colour that goes in
// unswapped (a palette entry, a text colour, the heat map, the minimap, a
// thumbnail) shows as pixels whose red and blue are exchanged.

const nowMs = Date.UTC(2026, 2, 10, 12);
const WIDTH = 900;
const HEIGHT = 560;
const workspace = generateWorkspace({ documents: 3000, seed: 9, linksPerDocument: 0.2 });
const photo = workspace.documents.find((d) => d.docType === 'image')!;
const open: CanvasController[] = [];

after(() => {
  for (const canvas of open) canvas.dispose();
});

async function canvasIn(order: PixelOrder, data: CanvasData): Promise<CanvasController> {
  const canvas = await createCanvasController({ now: () => nowMs });
  open.push(canvas);
  canvas.setPixelOrder(order);
  canvas.resize(WIDTH, HEIGHT, 1);
  canvas.setData(data);
  return canvas;
}

/** The frame's pixels as RGBA, whatever order the canvas draws in. */
function asRgba(canvas: CanvasController): Uint8Array {
  const px = Uint8Array.from(canvas.pixels());
  if (canvas.pixelOrder === 'bgra') {
    for (let i = 0; i < px.length; i += 4) [px[i], px[i + 2]] = [px[i + 2]!, px[i]!];
  }
  return px;
}

/** Pixels that differ by more than `tolerance` in a channel. */
function differing(a: Uint8Array, b: Uint8Array, tolerance: number): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i]! - b[i]!) > tolerance || Math.abs(a[i + 1]! - b[i + 1]!) > tolerance || Math.abs(a[i + 2]! - b[i + 2]!) > tolerance || Math.abs(a[i + 3]! - b[i + 3]!) > tolerance) n++;
  }
  return n;
}

/** Both canvases shown the same view and drawn whole three times (the third from card and chrome rasters). */
function drawBoth(rgba: CanvasController, bgra: CanvasController, show: (canvas: CanvasController) => void): [Uint8Array, Uint8Array] {
  for (const canvas of [rgba, bgra]) {
    show(canvas);
    for (let k = 0; k < 3; k++) {
      canvas.invalidate();
      canvas.render();
    }
  }
  return [asRgba(rgba), asRgba(bgra)];
}

/**
 * Text is rasterised with a contrast boost that depends on the ink's
 * luminance, which swapping red and blue changes: glyph edges may differ by
 * a level or two.
 */
const ROUNDING = 3;

test('a canvas drawing for cairo (BGRA) shows full cards, links and chrome in the same colours as one drawing RGBA', async () => {
  const [rgba, bgra] = drawBoth(await canvasIn('rgba', workspace), await canvasIn('bgra', workspace), (c) => c.navigateToDocument(photo.id, { animate: false }));
  assert.equal(differing(rgba, bgra, ROUNDING), 0);
  assert.ok(differing(rgba, bgra.map((v, i) => (i % 4 === 0 ? bgra[i + 2]! : i % 4 === 2 ? bgra[i - 2]! : v)), ROUNDING) > 1000, 'the frame has colours whose red and blue differ');
});

test('compact cards and the zoomed-out heat map are drawn in the same colours in BGRA as in RGBA', async () => {
  const a = await canvasIn('rgba', workspace);
  const b = await canvasIn('bgra', workspace);
  const compact = drawBoth(a, b, (c) => {
    c.navigateToDocument(photo.id, { animate: false });
    c.setViewport({ ...c.getViewport(), zoom: c.getViewport().zoom * 0.3 });
  });
  assert.equal(a.lod, 'compact');
  assert.equal(differing(...compact, ROUNDING), 0, 'compact');
  const density = drawBoth(a, b, (c) => c.fitAll());
  assert.equal(a.lod, 'density');
  assert.equal(differing(...density, ROUNDING), 0, 'zoomed out');
});

test('an image card’s thumbnail keeps its colours when the canvas draws BGRA', async () => {
  const webp = await sharp({ create: { width: 256, height: 192, channels: 3, background: { r: 220, g: 40, b: 30 } } }).webp({ quality: 90 }).toBuffer();
  const a = await canvasIn('rgba', workspace);
  const b = await canvasIn('bgra', workspace);
  const [rgba, bgra] = drawBoth(a, b, (c) => {
    c.navigateToDocument(photo.id, { animate: false });
    assert.equal(c.setThumbnail(photo.id, new Uint8Array(webp)), true);
  });
  assert.equal(a.thumbnailStates().get(photo.id), 'drawn');
  assert.equal(differing(rgba, bgra, ROUNDING), 0);
});

test('switching a canvas to BGRA redraws everything it had kept in the old order', async () => {
  const a = await canvasIn('rgba', workspace);
  const b = await canvasIn('rgba', workspace);
  const [before] = drawBoth(a, b, (c) => c.navigateToDocument(photo.id, { animate: false }));
  b.setPixelOrder('bgra');
  b.render();
  assert.equal(b.pixelOrder, 'bgra');
  // Drawn directly this time, against rasters before: blending a raster rounds apart by up to ~8 (card-rasters.test.ts).
  assert.equal(differing(before, asRgba(b), 8), 0, 'the first BGRA frame');
});
