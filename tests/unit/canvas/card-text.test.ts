import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCanvasController, type CanvasController } from '../../../src/canvas/canvas-controller.js';
import type { CanvasData } from '../../../src/canvas/canvas-data.js';
import { loadCanvasKit, type CanvasKitWithHeap } from '../../../src/canvas/render/canvaskit.js';
import { loadSystemFonts, type FontSet } from '../../../src/canvas/render/fonts.js';
import { TextCache, type TextSpec } from '../../../src/canvas/render/text-cache.js';
import { generateWorkspace } from '../../support/canvas-workspace.js';

const nowMs = Date.UTC(2026, 2, 10, 12);
const WIDTH = 800;
const HEIGHT = 500;

let ck: CanvasKitWithHeap;
let fonts: FontSet;
const open: CanvasController[] = [];
before(async () => {
  ck = await loadCanvasKit();
  fonts = loadSystemFonts(ck);
});
after(() => {
  for (const canvas of open) canvas.dispose();
  fonts.provider.delete();
});

const title: Required<TextSpec> = { text: 'Field survey water quality', size: 13, bold: true, colour: '#241f31', width: 180, align: 'left' };

/**
 * The title with one field changed, for every field a spec has: a field
 * added to TextSpec without a line here does not compile, so the test below
 * cannot pass while the cache key leaves a field out.
 */
const changedField: { [K in keyof Required<TextSpec>]: Required<TextSpec>[K] } = {
  text: 'Field survey water quality B',
  size: 18,
  bold: false,
  colour: '#ffffff',
  width: 176,
  align: 'center',
};

test('card texts that differ in any one field are laid out apart; the same text is shared', () => {
  const cache = new TextCache(ck, fonts);
  try {
    cache.beginFrame(Infinity);
    const original = cache.ready({ ...title })!;
    assert.equal(cache.ready({ ...title }), original, 'two cards with the same title share one paragraph');
    for (const field of Object.keys(changedField) as (keyof TextSpec)[]) {
      const changed = cache.ready({ ...title, [field]: changedField[field] });
      assert.notEqual(changed, original, `a title whose ${field} changed is laid out again`);
    }
    assert.equal(cache.size, 1 + Object.keys(changedField).length);
  } finally {
    cache.clear();
  }
});

test('past a frame’s allowance a text waits for the next frame, which lays it out', () => {
  const cache = new TextCache(ck, fonts);
  try {
    cache.beginFrame(1);
    assert.ok(cache.ready({ ...title, text: 'Receipt tomatoes' }), 'the first new text of the frame');
    assert.equal(cache.ready({ ...title, text: 'Receipt beans' }), null, 'the second waits');
    assert.ok(cache.ready({ ...title, text: 'Receipt tomatoes' }), 'a text laid out before is drawn at once');
    assert.equal(cache.pending, true);
    cache.beginFrame(Infinity);
    assert.ok(cache.ready({ ...title, text: 'Receipt beans' }));
    assert.equal(cache.pending, false);
  } finally {
    cache.clear();
  }
});

async function canvasAt(data: CanvasData, documentId: string, zoom?: number): Promise<CanvasController> {
  const canvas = await createCanvasController({ now: () => nowMs });
  open.push(canvas);
  canvas.resize(WIDTH, HEIGHT, 1);
  canvas.setData(data);
  canvas.navigateToDocument(documentId, { animate: false });
  if (zoom !== undefined) canvas.setViewport({ ...canvas.getViewport(), zoom });
  return canvas;
}

function differing(a: Uint8Array, b: Uint8Array, tolerance: number): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i]! - b[i]!) > tolerance || Math.abs(a[i + 1]! - b[i + 1]!) > tolerance || Math.abs(a[i + 2]! - b[i + 2]!) > tolerance) n++;
  }
  return n;
}

/** A card drawn directly and one copied from its raster differ by rounding in translucent pixels (see card-rasters.test.ts). */
const ROUNDING = 8;

test('while the zoom moves, new cards show stand-ins for their titles; once it settles every title is drawn as if the camera had jumped there', async () => {
  const workspace = generateWorkspace({ documents: 3000, seed: 5 });
  const canvas = await canvasAt(workspace, 'doc-40');
  canvas.render();
  const start = canvas.getViewport();
  // Zooming out and down a frame at a time, as an animation does, past the
  // zoom where cards turn compact: every card in view needs a new title then.
  for (let step = 1; step <= 8; step++) {
    canvas.setViewport({ ...start, centerY: start.centerY + step * 12, zoom: start.zoom * 0.9 ** step });
    canvas.render();
  }
  assert.equal(canvas.lod, 'compact');
  assert.equal(canvas.animating, true, 'titles were left for after the motion: the canvas asks for one more frame');
  const moving = Uint8Array.from(canvas.pixels());
  assert.equal(canvas.render(), true, 'the frame after the camera stopped redraws the cards');
  assert.equal(canvas.animating, false, 'and then nothing waits');
  const settled = Uint8Array.from(canvas.pixels());
  const jumped = await canvasAt(workspace, 'doc-40');
  jumped.setViewport(canvas.getViewport());
  jumped.render();
  assert.equal(differing(settled, Uint8Array.from(jumped.pixels()), ROUNDING), 0, 'settled: the same pixels as a canvas that jumped straight there');
  const changed = differing(moving, settled, ROUNDING);
  assert.ok(changed > 2000, `the stand-ins were visibly not the titles (${changed} pixels changed)`);
});

test('a single jump of the camera lands with every title drawn', async () => {
  const workspace = generateWorkspace({ documents: 3000, seed: 5 });
  const canvas = await canvasAt(workspace, 'doc-40');
  canvas.render();
  const v = canvas.getViewport();
  canvas.setViewport({ ...v, zoom: v.zoom * 0.7 });
  canvas.render();
  assert.equal(canvas.animating, false, 'nothing left for a later frame');
});

test('an animated zoom lands on a frame with every title drawn, as if the camera had jumped there', async () => {
  const workspace = generateWorkspace({ documents: 3000, seed: 5 });
  let clock = nowMs;
  const canvas = await createCanvasController({ now: () => clock });
  open.push(canvas);
  canvas.resize(WIDTH, HEIGHT, 1);
  canvas.setData(workspace);
  canvas.navigateToDocument('doc-40', { animate: false });
  canvas.render();
  const start = canvas.getViewport();
  const target = { ...start, centerY: start.centerY + 96, zoom: start.zoom * 0.9 ** 16 };
  // A wheel zoom that turns into an animation: the zoom is already moving when it starts.
  for (const zoom of [0.97, 0.94]) {
    canvas.setViewport({ ...start, zoom: start.zoom * zoom });
    canvas.render();
  }
  canvas.setViewport(target, { animate: true });
  const landedOn = canvas.getViewportTarget();
  let frames = 0;
  do {
    clock += 40; // 25 frames a second, as on a busy machine: fewer frames to lay the titles out in
    canvas.render();
    frames++;
  } while (JSON.stringify(canvas.getViewport()) !== JSON.stringify(landedOn) && frames < 200);
  assert.ok(frames > 3 && frames < 200, `the zoom ran over several frames and landed (${frames})`);
  assert.equal(canvas.animating, false, 'the frame the camera landed on left nothing for later');
  assert.equal(canvas.lod, 'compact', 'it ended where every card needs a new (compact) title');
  const landed = Uint8Array.from(canvas.pixels());
  const jumped = await canvasAt(workspace, 'doc-40');
  jumped.setViewport(canvas.getViewport());
  jumped.render();
  assert.equal(differing(landed, Uint8Array.from(jumped.pixels()), ROUNDING), 0, 'the landing frame: the same pixels as a canvas that jumped there');
});
