import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createCanvasController, type CanvasController } from '../../../src/canvas/canvas-controller.js';
import type { CanvasData } from '../../../src/canvas/canvas-data.js';
import { chromeLayout } from '../../../src/canvas/kernels/chrome.js';
import type { Rect } from '../../../src/canvas/kernels/geometry.js';
import { generateWorkspace } from '../../support/canvas-workspace.js';

// The ruler, gutter and minimap are kept as rasters once a frame drawn whole
// asks for the same look twice (src/canvas/render/chrome-rasters.ts). These
// tests compare what such a frame shows with a canvas that draws everything
// for the first time, so a stale raster (a key missing one of its inputs)
// shows as pixels that differ.

const nowMs = Date.UTC(2026, 2, 10, 12);
const WIDTH = 900;
const HEIGHT = 560;
const workspace = generateWorkspace({ documents: 80, seed: 5 });
const chrome = chromeLayout(WIDTH, HEIGHT, 1);
const open: CanvasController[] = [];

after(() => {
  for (const canvas of open) canvas.dispose();
});

async function canvasShowing(data: CanvasData): Promise<CanvasController> {
  const canvas = await createCanvasController({ now: () => nowMs });
  open.push(canvas);
  canvas.resize(WIDTH, HEIGHT, 1);
  canvas.setData(data);
  canvas.navigateToDocument('doc-4', { animate: false });
  return canvas;
}

/** A frame drawn whole three times, so the chrome's third frame comes from its rasters; its pixels copied out. */
function settledFrame(canvas: CanvasController): Uint8Array {
  for (let k = 0; k < 3; k++) {
    canvas.invalidate();
    canvas.render();
  }
  return Uint8Array.from(canvas.pixels());
}

/** Pixels inside `box` that differ by more than `tolerance` in a channel. */
function differingIn(a: Uint8Array, b: Uint8Array, box: Rect, tolerance: number): number {
  let n = 0;
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) {
      const i = (y * WIDTH + x) * 4;
      for (let c = 0; c < 4; c++) {
        if (Math.abs(a[i + c]! - b[i + c]!) > tolerance) {
          n++;
          break;
        }
      }
    }
  }
  return n;
}

/** Blending a translucent raster rounds a pixel a level or two apart from drawing it in place. */
const ROUNDING = 3;
const parts: [string, Rect][] = [
  ['ruler', chrome.ruler],
  ['gutter', chrome.gutter],
  ['minimap', chrome.minimap],
];

function sameChrome(a: Uint8Array, b: Uint8Array, what: string): void {
  for (const [name, box] of parts) assert.equal(differingIn(a, b, box, ROUNDING), 0, `${what}: the ${name}`);
}

test('the ruler, thread names and minimap redrawn from their rasters look as they did when drawn directly', async () => {
  const canvas = await canvasShowing(workspace);
  canvas.invalidate();
  canvas.render();
  const drawn = Uint8Array.from(canvas.pixels());
  sameChrome(drawn, settledFrame(canvas), 'drawn directly, then from rasters');
});

test('renamed threads show their new names in the gutter, not the raster of the old one', async () => {
  const canvas = await canvasShowing(workspace);
  const before = settledFrame(canvas);
  const renamed: CanvasData = { ...workspace, threads: workspace.threads.map((t) => ({ ...t, name: `Weir: ${t.name}` })) };
  canvas.setData(renamed);
  const after = settledFrame(canvas);
  const fresh = await canvasShowing(renamed);
  sameChrome(after, settledFrame(fresh), 'the same as a canvas that never saw the old names');
  assert.ok(differingIn(before, after, chrome.gutter, ROUNDING) > 20, 'the gutter changed on screen');
});

test('after the view moves, the ruler shows the new dates and the minimap the new view', async () => {
  const canvas = await canvasShowing(workspace);
  const before = settledFrame(canvas);
  const v = canvas.getViewport();
  const moved = { ...v, centerX: v.centerX + 40_000 / v.zoom, zoom: v.zoom * 0.8 };
  canvas.setViewport(moved);
  const after = settledFrame(canvas);
  const fresh = await canvasShowing(workspace);
  fresh.setViewport(moved);
  sameChrome(after, settledFrame(fresh), 'the same as a canvas that only saw the new view');
  assert.ok(differingIn(before, after, chrome.ruler, ROUNDING) > 20, 'the ruler changed on screen');
});
