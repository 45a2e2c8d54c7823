import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Camera, easeOutCubic, verticalZoom, DEFAULT_LIMITS } from '../../../src/canvas/kernels/camera.js';

test('zooming about a point keeps the world point under it in place', () => {
  const camera = new Camera(1600, 1000, 1);
  camera.setViewport({ centerX: 5000, centerY: 300, zoom: 1 });
  const before = { x: camera.toWorldX(400), y: camera.toWorldY(250) };
  camera.zoomAt(400, 250, 2);
  assert.equal(camera.zoom, 2);
  assert.ok(Math.abs(camera.toWorldX(400) - before.x) < 1 / camera.kx, 'x stays within a device pixel');
  assert.ok(Math.abs(camera.toWorldY(250) - before.y) < 1 / camera.ky);
});

test('panning moves the content by the dragged distance', () => {
  const camera = new Camera(800, 600, 2);
  camera.setViewport({ centerX: 0, centerY: 0, zoom: 1.5 });
  const x = camera.toScreenX(100);
  camera.panBy(30, -10);
  assert.ok(Math.abs(camera.toScreenX(100) - (x + 30)) <= 1);
});

test('the camera snaps to whole device pixels at any viewport', () => {
  const camera = new Camera(1280, 720, 1.5);
  for (const [cx, zoom] of [[0.3, 1], [1234.567, 0.37], [-98765.4321, 3.3]] as const) {
    camera.setViewport({ centerX: cx, centerY: cx / 7, zoom });
    assert.ok(Number.isInteger(camera.leftPx) && Number.isInteger(camera.topPx));
    const sx = camera.toScreenX(camera.left + 10 / camera.kx);
    assert.ok(Math.abs(sx - 10) < 1e-6);
  }
});

test('zoom is clamped to the limits', () => {
  const camera = new Camera(800, 600, 1);
  camera.setLimits({ minZoom: 0.1, maxZoom: 4 });
  camera.zoomAt(0, 0, 1000);
  assert.equal(camera.zoom, 4);
  camera.zoomAt(0, 0, 1e-9);
  assert.equal(camera.zoom, 0.1);
});

test('an animated transition eases from start to target and ends exactly there', () => {
  const camera = new Camera(800, 600, 1);
  camera.setViewport({ centerX: 0, centerY: 0, zoom: 1 });
  camera.setViewport({ centerX: 1000, centerY: 0, zoom: 2 }, { animate: true, nowMs: 0, durationMs: 200 });
  const xs: number[] = [];
  for (let t = 0; t <= 240; t += 40) {
    camera.step(t);
    xs.push(camera.viewport.centerX);
  }
  assert.ok(xs.every((x, i) => i === 0 || x >= xs[i - 1]!), 'moves monotonically');
  assert.ok(xs[1]! - xs[0]! > xs[4]! - xs[3]!, 'eases out: faster at the start');
  assert.deepEqual(camera.viewport, { centerX: 1000, centerY: 0, zoom: 2 });
  assert.equal(camera.animating, false);
  assert.equal(easeOutCubic(0), 0);
  assert.equal(easeOutCubic(1), 1);
});

test('fit shows the whole rectangle inside the insets', () => {
  const camera = new Camera(1000, 600, 1);
  const world = { x: 10_000, y: 0, w: 3000, h: 400 };
  camera.setViewport(camera.fit(world, 20, { top: 36, left: 176 }));
  assert.ok(camera.toScreenX(world.x) >= 176 + 19);
  assert.ok(camera.toScreenX(world.x + world.w) <= 1000 - 19);
  assert.ok(camera.toScreenY(world.y) >= 36 + 19);
  assert.ok(camera.toScreenY(world.y + world.h) <= 600 - 19);
});

test('zoomed in, the camera zooms the same both ways', () => {
  const limits = { ...DEFAULT_LIMITS, fitZoomX: 0.01, fitZoomY: 0.05 };
  for (const zoom of [1, 2, 3.5]) assert.equal(verticalZoom(zoom, limits), zoom);
});

test('zoomed out until the whole time span fits, the bands fill exactly the view height, and never less further out', () => {
  const limits = { ...DEFAULT_LIMITS, fitZoomX: 0.01, fitZoomY: 0.05 };
  assert.ok(Math.abs(verticalZoom(limits.fitZoomX, limits) - limits.fitZoomY) < 1e-9);
  assert.ok(verticalZoom(limits.fitZoomX / 10, limits) >= limits.fitZoomY - 1e-12);
});

test('between zoomed in and the whole span, the vertical zoom lies between the horizontal zoom and the fitted height', () => {
  const limits = { ...DEFAULT_LIMITS, fitZoomX: 0.01, fitZoomY: 0.05 };
  for (let zoom = limits.fitZoomX * 1.5; zoom < limits.anisotropicBelow; zoom *= 1.5) {
    const v = verticalZoom(zoom, limits);
    assert.ok(v >= zoom && v >= limits.fitZoomY, `zoom ${zoom}: ${v}`);
  }
});

/**
 * How tall the bands of a world are on screen when a 1400×850 view is
 * fitted to it: the fit zooms are, by their definition, the zooms at which
 * the world's width and height just fill the view.
 */
function fittedBandsPx(world: { w: number; h: number }): number {
  const view = { w: 1400, h: 850 };
  const camera = new Camera(view.w, view.h, 1);
  camera.setLimits({ minZoom: 1e-4, fitZoomX: view.w / world.w, fitZoomY: view.h / world.h });
  camera.setViewport(camera.fit({ x: 0, y: 0, ...world }, 0));
  return world.h * camera.ky;
}

test('fitted, the bands of a small workspace fill the view height, not a thin strip', () => {
  // Six one-or-two-lane bands over four months (48 world units a day): the sample workspace.
  const heightPx = fittedBandsPx({ w: 130 * 48, h: 720 });
  assert.ok(heightPx >= 0.8 * 850, `the bands are ${heightPx.toFixed(0)} px of 850 px`);
  assert.ok(heightPx <= 850 + 1e-6, 'and still fit');
});

test('fitted, two threads are not stretched over the whole height, nor squeezed', () => {
  const natural = 2 * 96;
  const heightPx = fittedBandsPx({ w: 30 * 48, h: natural });
  assert.ok(heightPx < 850 / 2, `two bands are ${heightPx.toFixed(0)} px tall in an 850 px view`);
  assert.ok(heightPx >= natural * 0.9, 'at least about their natural height');
});

test('the vertical zoom never falls as the horizontal zoom grows', () => {
  for (const fitZoomY of [0.05, 0.3, 0.6, 1.5]) {
    const limits = { ...DEFAULT_LIMITS, fitZoomX: 0.02, fitZoomY };
    let previous = 0;
    for (let z = 0.001; z < 4; z *= 1.1) {
      const v = verticalZoom(z, limits);
      assert.ok(v >= previous - 1e-12 && v >= z - 1e-12, `fitZoomY ${fitZoomY}, zoom ${z}`);
      previous = v;
    }
  }
});
