import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Camera, type Viewport } from '../../../src/canvas/kernels/camera.js';
import { chromeLayout } from '../../../src/canvas/kernels/chrome.js';
import type { Rect } from '../../../src/canvas/kernels/geometry.js';
import { documentViewport, fitAllViewport, nowViewport, threadViewport, timeRangeViewport } from '../../../src/canvas/kernels/viewports.js';
import { WORLD_PER_DAY } from '../../../src/canvas/kernels/time-scale.js';

// A 1200×800 view at scale 1 over a workspace of a year and five bands.
const chrome = chromeLayout(1200, 800, 1);
const content = chrome.content;
const bounds: Rect = { x: 0, y: 0, w: 365 * WORLD_PER_DAY, h: 600 };

function cameraAt(viewport: Viewport): Camera {
  const camera = new Camera(1200, 800, 1);
  camera.setLimits({ minZoom: 1e-4, maxZoom: 4, fitZoomX: content.w / bounds.w, fitZoomY: content.h / bounds.h });
  camera.setViewport(viewport);
  return camera;
}

/** Where a world rectangle lands on screen once the camera shows `viewport`. */
function onScreen(camera: Camera, viewport: Viewport, world: Rect): { left: number; right: number; top: number; bottom: number } {
  camera.setViewport(viewport);
  return { left: camera.toScreenX(world.x), right: camera.toScreenX(world.x + world.w), top: camera.toScreenY(world.y), bottom: camera.toScreenY(world.y + world.h) };
}

test('fit all shows the whole workspace inside the content area, clear of the ruler and the thread labels', () => {
  const camera = cameraAt({ centerX: 90_000, centerY: -4000, zoom: 3 });
  const shown = onScreen(camera, fitAllViewport(camera, chrome, bounds), bounds);
  assert.ok(shown.left >= content.x + 8 && shown.right <= content.x + content.w - 8, `x ${shown.left}..${shown.right}`);
  assert.ok(shown.top >= content.y && shown.bottom <= content.y + content.h, `y ${shown.top}..${shown.bottom}`);
  assert.ok(shown.right - shown.left > content.w * 0.8, 'and uses the width');
});

test('go to now puts now on screen right of the middle, leaving room for what comes next', () => {
  const nowX = 200 * WORLD_PER_DAY;
  const camera = cameraAt({ centerX: 10 * WORLD_PER_DAY, centerY: 300, zoom: 1 });
  const viewport = nowViewport(camera, chrome, nowX);
  const x = onScreen(camera, viewport, { x: nowX, y: 0, w: 0, h: 0 }).left;
  assert.ok(x > content.x + content.w / 2 && x < content.x + content.w - 100, `now at ${x}`);
  assert.equal(viewport.centerY, 300, 'the vertical position stays');
});

test('go to now from far out zooms in until the cards are readable', () => {
  const camera = cameraAt({ centerX: 0, centerY: 300, zoom: 0.01 });
  assert.ok(nowViewport(camera, chrome, 5000).zoom >= 0.5);
});

test('showing a time range puts its start at the left of the content area and its end at the right', () => {
  const camera = cameraAt({ centerX: 0, centerY: 300, zoom: 1 });
  const from = 30 * WORLD_PER_DAY;
  const to = 60 * WORLD_PER_DAY;
  const shown = onScreen(camera, timeRangeViewport(camera, chrome, bounds, from, to), { x: from, y: bounds.y, w: to - from, h: 0 });
  assert.ok(Math.abs(shown.left - content.x) <= 1 && Math.abs(shown.right - (content.x + content.w)) <= 1, `${shown.left}..${shown.right}`);
  assert.ok(shown.top >= content.y && shown.top < content.y + 40, `the first band starts just under the ruler (${shown.top})`);
});

test('navigating to a document centres its card in the content area, at least at full size', () => {
  const card: Rect = { x: 123 * WORLD_PER_DAY, y: 250, w: 220, h: 64 };
  for (const zoom of [0.02, 1, 1.5]) {
    const camera = cameraAt({ centerX: 0, centerY: 0, zoom });
    const viewport = documentViewport(camera, chrome, card);
    const shown = onScreen(camera, viewport, card);
    assert.ok(Math.abs((shown.left + shown.right) / 2 - (content.x + content.w / 2)) < 1, `from zoom ${zoom}`);
    assert.ok(Math.abs((shown.top + shown.bottom) / 2 - (content.y + content.h / 2)) < 1, `from zoom ${zoom}`);
    assert.ok(shown.right - shown.left >= card.w - 1e-9, `full size or larger from zoom ${zoom}`);
    if (zoom >= 1) assert.equal(viewport.zoom, zoom, 'a readable zoom is kept');
  }
});

test('navigating to a document from very close shows its card at most twice its full size', () => {
  const card: Rect = { x: 123 * WORLD_PER_DAY, y: 250, w: 220, h: 64 };
  const camera = cameraAt({ centerX: 0, centerY: 0, zoom: 4 });
  const shown = onScreen(camera, documentViewport(camera, chrome, card), card);
  assert.ok(shown.right - shown.left <= 2 * card.w + 1e-9, `${shown.right - shown.left} px wide`);
});

test('navigating to a document beside a panel puts its card wholly in the part the panel leaves free', () => {
  const card: Rect = { x: 40 * WORLD_PER_DAY, y: 250, w: 220, h: 64 };
  // A panel over the right of the canvas, from x = 700 on.
  const free: Rect = { x: 0, y: 0, w: 700, h: 800 };
  for (const zoom of [0.05, 1, 4]) {
    const camera = cameraAt({ centerX: 0, centerY: 0, zoom });
    const shown = onScreen(camera, documentViewport(camera, chrome, card, free), card);
    assert.ok(shown.left >= content.x && shown.right <= free.w, `x ${shown.left}..${shown.right} from zoom ${zoom}`);
    assert.ok(shown.top >= content.y && shown.bottom <= content.y + content.h, `y ${shown.top}..${shown.bottom} from zoom ${zoom}`);
    assert.ok(Math.abs((shown.left + shown.right) / 2 - (content.x + free.w) / 2) < 1, `centred in the free part from zoom ${zoom}`);
  }
});

test('a free part too narrow for a full-size card still holds the whole card, smaller', () => {
  const card: Rect = { x: 40 * WORLD_PER_DAY, y: 250, w: 220, h: 64 };
  const free: Rect = { x: 0, y: 0, w: content.x + 150, h: 800 };
  const camera = cameraAt({ centerX: 0, centerY: 0, zoom: 1 });
  const shown = onScreen(camera, documentViewport(camera, chrome, card, free), card);
  assert.ok(shown.left >= content.x && shown.right <= free.w, `x ${shown.left}..${shown.right}`);
  assert.ok(shown.right - shown.left > 50, 'and still visible as a card');
});

test('zooming to a thread shows its band from its first card to its last', () => {
  const band = { y: 240, height: 120 };
  const cardsX = { x0: 40 * WORLD_PER_DAY, x1: 90 * WORLD_PER_DAY };
  const camera = cameraAt({ centerX: 0, centerY: 0, zoom: 1 });
  const shown = onScreen(camera, threadViewport(camera, chrome, band, cardsX, 0), { x: cardsX.x0, y: band.y, w: cardsX.x1 - cardsX.x0, h: band.height });
  assert.ok(shown.left >= content.x && shown.right <= content.x + content.w, `x ${shown.left}..${shown.right}`);
  assert.ok(shown.top >= content.y && shown.bottom <= content.y + content.h, `y ${shown.top}..${shown.bottom}`);
  assert.ok(shown.right - shown.left > content.w * 0.8 || shown.bottom - shown.top > content.h * 0.8, 'and fills the view one way');
});

test('zooming to a thread without cards shows the time around now', () => {
  const nowX = 150 * WORLD_PER_DAY;
  const camera = cameraAt({ centerX: 0, centerY: 0, zoom: 1 });
  const x = onScreen(camera, threadViewport(camera, chrome, { y: 0, height: 120 }, null, nowX), { x: nowX, y: 0, w: 0, h: 0 }).left;
  assert.ok(x > content.x && x < content.x + content.w, `now at ${x}`);
});
