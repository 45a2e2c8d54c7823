import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCanvasController, type CanvasController } from '../../../src/canvas/canvas-controller.js';
import type { CanvasData } from '../../../src/canvas/canvas-data.js';
import { loadCanvasKit } from '../../../src/canvas/render/canvaskit.js';
import { CardRasters } from '../../../src/canvas/render/card-rasters.js';
import { PixelSurface } from '../../../src/canvas/render/pixel-surface.js';
import { generateWorkspace } from '../../support/canvas-workspace.js';

const nowMs = Date.UTC(2026, 2, 10, 12);
const WIDTH = 800;
const HEIGHT = 500;
const workspace = generateWorkspace({ documents: 60, seed: 3 });

const open: CanvasController[] = [];

async function canvasShowing(data: CanvasData, documentId: string): Promise<CanvasController> {
  const canvas = await createCanvasController({ now: () => nowMs });
  open.push(canvas);
  canvas.resize(WIDTH, HEIGHT, 1);
  canvas.setData(data);
  canvas.navigateToDocument(documentId, { animate: false });
  return canvas;
}

/** A full redraw of the view, as after a theme or data change; the frame's pixels copied out. */
function redraw(canvas: CanvasController): Uint8Array {
  canvas.invalidate();
  canvas.render();
  return Uint8Array.from(canvas.pixels());
}

/** How many pixels differ by more than `tolerance` in a channel. */
function differing(a: Uint8Array, b: Uint8Array, tolerance: number): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i]! - b[i]!) > tolerance || Math.abs(a[i + 1]! - b[i + 1]!) > tolerance || Math.abs(a[i + 2]! - b[i + 2]!) > tolerance || Math.abs(a[i + 3]! - b[i + 3]!) > tolerance) n++;
  }
  return n;
}

/**
 * Blending a card's raster onto the frame rounds translucent pixels (shadow,
 * anti-aliased edges) apart from drawing them there: by a level or three,
 * and where an edge, the shadow and a link meet, a few pixels by up to ~6.
 */
const ROUNDING = 8;

/** The same picture: no pixel off by more than rounding, and hardly any by more than 3 levels. */
function samePicture(a: Uint8Array, b: Uint8Array, what: string): void {
  assert.equal(differing(a, b, ROUNDING), 0, what);
  const slightly = differing(a, b, 3);
  assert.ok(slightly <= 20, `${what}: ${slightly} pixels differ by more than 3 levels`);
}

after(() => {
  for (const canvas of open) canvas.dispose();
});

test('full cards redrawn from their rasters look as they did when drawn directly', async () => {
  const canvas = await canvasShowing(workspace, 'doc-3');
  assert.equal(canvas.lod, 'full');
  const drawn = redraw(canvas);
  redraw(canvas);
  const fromRasters = redraw(canvas);
  samePicture(drawn, fromRasters, 'drawn directly, then from rasters');
});

test('a renamed card shows its new title, not the raster of the old one', async () => {
  const canvas = await canvasShowing(workspace, 'doc-3');
  const before = redraw(canvas);
  redraw(canvas);
  const renamed: CanvasData = { ...workspace, documents: workspace.documents.map((d) => (d.id === 'doc-3' ? { ...d, title: 'Quarterly water samples' } : d)) };
  canvas.setData(renamed);
  const after = redraw(canvas);
  const fresh = await canvasShowing(renamed, 'doc-3');
  samePicture(after, redraw(fresh), 'the same pixels as a canvas that never saw the old title');
  assert.ok(differing(before, after, ROUNDING) > 50, 'the title changed on screen');
});

test('after a zoom the cards are drawn at the new size, not copied from the old rasters', async () => {
  const canvas = await canvasShowing(workspace, 'doc-3');
  redraw(canvas);
  redraw(canvas);
  const v = canvas.getViewport();
  const zoomed = { ...v, zoom: v.zoom * 1.25 };
  canvas.setViewport(zoomed);
  const after = redraw(canvas);
  const fresh = await canvasShowing(workspace, 'doc-3');
  fresh.setViewport(zoomed);
  assert.equal(canvas.lod, 'full');
  samePicture(after, redraw(fresh), 'the same pixels as a canvas that only saw the new zoom');
});

let ck: Awaited<ReturnType<typeof loadCanvasKit>>;
let surface: PixelSurface;
before(async () => {
  ck = await loadCanvasKit();
  surface = new PixelSurface(ck);
  surface.resize(64, 64);
});
after(() => surface.delete());

function fillSquare(rasters: CardRasters, key: string): boolean {
  const paint = new ck.Paint();
  paint.setColor(ck.Color(200, 40, 40, 1));
  try {
    return rasters.build(key, { x: 10, y: 10, w: 40, h: 30 }, 4, { x: 0, y: 0, w: 40, h: 30 }, (canvas) => canvas.drawRect(ck.XYWHRect(10, 10, 40, 30), paint));
  } finally {
    paint.delete();
  }
}

test('a look is rasterised the second time it is asked for, not the first', () => {
  const rasters = new CardRasters(ck);
  try {
    assert.equal(rasters.wanted('card|1'), false, 'once: drawn directly (a zoom asks once per size)');
    assert.equal(rasters.wanted('card|1'), true, 'twice: worth keeping');
    assert.equal(rasters.draw(surface.surface.getCanvas(), 'card|1', 0, 0), false, 'nothing to draw before it is built');
    assert.ok(fillSquare(rasters, 'card|1'));
    assert.equal(rasters.draw(surface.surface.getCanvas(), 'card|1', 0, 0), true);
  } finally {
    rasters.delete();
  }
});

test('card rasters stay within their byte budget, letting the least recently drawn go', () => {
  // Each square keeps 40x30 px at 4 bytes: 4,800 bytes; a budget for ten.
  const rasters = new CardRasters(ck, 48_000);
  const canvas = surface.surface.getCanvas();
  try {
    for (let k = 0; k < 50; k++) {
      assert.ok(fillSquare(rasters, `card|${k}`));
      if (k >= 1) rasters.draw(canvas, 'card|0', 0, 0);
      assert.ok(rasters.sizeBytes <= 48_000, `${rasters.sizeBytes} bytes after ${k + 1} cards`);
    }
    assert.equal(rasters.size, 10);
    assert.equal(rasters.draw(canvas, 'card|0', 0, 0), true, 'drawn every frame: kept');
    assert.equal(rasters.draw(canvas, 'card|1', 0, 0), false, 'not drawn since: let go');
    assert.equal(rasters.draw(canvas, 'card|49', 0, 0), true);
  } finally {
    rasters.delete();
  }
});

/** Draws the raster of `key` at (x, y) on a white 64×64 surface; returns the RGB of a pixel there. */
function drawnOnWhite(rasters: CardRasters, key: string, x: number, y: number): (x: number, y: number) => number[] {
  const canvas = surface.surface.getCanvas();
  canvas.clear(ck.WHITE);
  rasters.draw(canvas, key, x, y);
  surface.surface.flush();
  const px = surface.bytes();
  return (atX: number, atY: number) => Array.from(px.subarray((atY * 64 + atX) * 4, (atY * 64 + atX) * 4 + 3));
}

test('a raster copies the card’s pixels to where the card is drawn', () => {
  const rasters = new CardRasters(ck);
  try {
    assert.ok(fillSquare(rasters, 'red'));
    const at = drawnOnWhite(rasters, 'red', 20, 25);
    assert.deepEqual(at(20, 25), [200, 40, 40], 'the box’s top left corner');
    assert.deepEqual(at(59, 54), [200, 40, 40], 'its bottom right corner');
    assert.deepEqual(at(19, 25), [255, 255, 255], 'nothing left of it');
    assert.deepEqual(at(20, 55), [255, 255, 255], 'nothing below it');
  } finally {
    rasters.delete();
  }
});

test('a small card rasterised after a large one keeps none of the large one’s pixels', () => {
  const rasters = new CardRasters(ck);
  const paint = new ck.Paint();
  try {
    // A large blue card first: the scratch it is drawn in grows to its size.
    paint.setColor(ck.Color(30, 60, 220, 1));
    assert.ok(rasters.build('large', { x: 0, y: 0, w: 300, h: 200 }, 4, null, (c) => c.drawRect(ck.XYWHRect(0, 0, 300, 200), paint)));
    // Then a small card that covers only the left half of its box.
    paint.setColor(ck.Color(200, 40, 40, 1));
    assert.ok(rasters.build('small', { x: 0, y: 0, w: 40, h: 30 }, 4, null, (c) => c.drawRect(ck.XYWHRect(0, 0, 20, 30), paint)));
    const at = drawnOnWhite(rasters, 'small', 10, 10);
    assert.deepEqual(at(15, 20), [200, 40, 40], 'its own red half');
    assert.deepEqual(at(40, 20), [255, 255, 255], 'the rest of its box shows what is under it, not the large card');
    assert.deepEqual(at(52, 42), [255, 255, 255], 'and so does its margin');
  } finally {
    paint.delete();
    rasters.delete();
  }
});
