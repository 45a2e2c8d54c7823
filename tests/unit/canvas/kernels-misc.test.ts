import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Camera } from '../../../src/canvas/kernels/camera.js';
import { chromeLayout } from '../../../src/canvas/kernels/chrome.js';
import { planFrame, type FrameKey } from '../../../src/canvas/kernels/frame-plan.js';
import { HeatGrid, packRGBA, paintHeatmap } from '../../../src/canvas/kernels/heatmap.js';
import { hitTest } from '../../../src/canvas/kernels/hit-test.js';
import { chooseLod, titleVariant } from '../../../src/canvas/kernels/level-of-detail.js';
import { distanceToCurve, linkCurve } from '../../../src/canvas/kernels/links.js';
import { MinimapGeometry } from '../../../src/canvas/kernels/minimap.js';
import { buildScene } from '../../../src/canvas/kernels/scene.js';
import { DAY_MS } from '../../../src/canvas/kernels/time-scale.js';
import type { DocumentMeta } from '../../../src/store/records.js';

test('level of detail: under 50 cards full, 50 to 200 compact, over 200 density', () => {
  assert.equal(chooseLod(49, 1), 'full');
  assert.equal(chooseLod(50, 1), 'compact');
  assert.equal(chooseLod(200, 1), 'compact');
  assert.equal(chooseLod(201, 1), 'density');
  assert.equal(chooseLod(3, 0.2), 'compact', 'a few cards seen from afar are too small for full detail');
  assert.equal(chooseLod(49, 1, 'full'), 'full');
  assert.equal(chooseLod(50, 1, 'full'), 'compact', 'the limits hold whatever is shown');
  assert.equal(chooseLod(201, 1, 'compact'), 'density');
  assert.equal(titleVariant(1), 0);
  assert.equal(titleVariant(0.4), 2);
  assert.equal(titleVariant(0.1), -1);
});

test('level of detail steps back up only well under the limit: a count going 48, 51, 48 keeps compact cards, and so does 190 after the density map', () => {
  assert.equal(chooseLod(48, 1, 'compact'), 'compact');
  assert.equal(chooseLod(43, 1, 'compact'), 'compact');
  assert.equal(chooseLod(42, 1, 'compact'), 'full');
  assert.equal(chooseLod(190, 1, 'density'), 'density');
  assert.equal(chooseLod(170, 1, 'density'), 'compact');
  assert.equal(chooseLod(30, 1, 'density'), 'full', 'a jump from the density map straight to a few cards shows them in full');
  assert.equal(chooseLod(30, 0.2, 'compact'), 'compact', 'seen from afar a few cards stay compact');
});

test('a pan shifts the last frame and redraws only the exposed strip and the chrome', () => {
  const key: FrameKey = { widthPx: 1000, heightPx: 600, kx: 1, ky: 1, leftPx: 500, topPx: 0, contentVersion: 1 };
  const chrome = chromeLayout(1000, 600, 1);
  const plan = planFrame(key, { ...key, leftPx: 490 }, [chrome.ruler, chrome.gutter, chrome.minimap]);
  assert.equal(plan.kind, 'partial');
  if (plan.kind !== 'partial') return;
  assert.equal(plan.shiftX, 10);
  assert.ok(plan.rects.some((r) => r.x === 0 && r.w === 10 && r.h === 600), 'the strip on the left');
  assert.ok(plan.rects.some((r) => r.x === chrome.gutter.x + chrome.gutter.w && r.w === 10 && r.y === chrome.gutter.y), 'where the gutter was moved to, outside the gutter');
  assert.ok(!plan.rects.some((r) => r.x === chrome.gutter.x + 10 && r.w === chrome.gutter.w), 'not the moved gutter whole: the gutter is redrawn over it');
  const area = plan.rects.reduce((sum, r) => sum + r.w * r.h, 0);
  const chromeArea = [chrome.ruler, chrome.gutter, chrome.minimap].reduce((sum, r) => sum + r.w * r.h, 0);
  assert.ok(area <= chromeArea + 10 * 600 + 3 * 10 * 600, `redraws the chrome and thin strips only (${area} px)`);
  assert.equal(planFrame(key, { ...key, kx: 2 }, []).kind, 'full', 'a zoom redraws everything');
  assert.equal(planFrame(key, { ...key, contentVersion: 2 }, []).kind, 'full');
  const still = planFrame(key, key, [chrome.ruler]);
  assert.deepEqual(still, { kind: 'partial', shiftX: 0, shiftY: 0, rects: [] }, 'nothing to do when nothing changed');
});

test('the heat map writes ink where cards are and background elsewhere', () => {
  const grid = new HeatGrid();
  grid.resize(40, 8, 4);
  grid.clear();
  for (let k = 0; k < 5; k++) grid.add(20, 0, 24, 8);
  grid.blur(1, 0, 1);
  const pixels = new Uint32Array(40 * 8);
  const bg = packRGBA(250, 250, 250);
  const ink = packRGBA(53, 132, 228);
  paintHeatmap(pixels, 40, 8, grid, { background: new Uint32Array(8).fill(bg), ink: new Uint32Array(8).fill(ink) }, 0.9);
  assert.equal(pixels[0], bg);
  const hot = pixels[3 * 40 + 21]!;
  assert.notEqual(hot, bg);
  assert.ok((hot & 255) < 200, 'red channel moved towards the ink');
  assert.equal(hot >>> 24, 255, 'opaque');
});

function doc(id: string, day: number, threadId: string | null): DocumentMeta {
  const at = new Date(Date.UTC(2026, 0, 1) + day * DAY_MS);
  return { id, title: id, docType: 'markdown', threadId, isOwned: true, createdAt: at, modifiedAt: at, position: null, provenance: null, mediaRef: null };
}

test('hit-testing finds the minimap, the ruler, thread labels, cards, milestones and links', () => {
  const scene = buildScene(
    {
      documents: [doc('a', 0, 't'), doc('b', 10, 't')],
      threads: [{ id: 't', name: 'T', description: '', colour: '#3584e4', order: 0 }],
      milestones: [{ id: 'm', threadId: 't', date: new Date(Date.UTC(2026, 0, 7)), label: 'M' }],
      relationships: [{ id: 'r', kind: 'related', from: 'a', to: 'b', strength: 1 }],
    },
    { nowMs: Date.UTC(2026, 0, 5) },
  );
  const camera = new Camera(1200, 600, 1);
  const chrome = chromeLayout(1200, 600, 1);
  const { cards } = scene.layout;
  camera.setViewport({ centerX: cards.x[0]! + 300, centerY: 40, zoom: 1 });
  const minimap = new MinimapGeometry(chrome.minimap, scene.layout.bounds);
  const at = (x: number, y: number) => hitTest(scene, camera, chrome, minimap, 'full', x, y);
  assert.equal(at(chrome.minimap.x + 20, chrome.minimap.y + 20).kind, 'minimap');
  assert.equal(at(600, 10).kind, 'ruler');
  assert.deepEqual(at(20, camera.toScreenY(20)), { kind: 'thread-label', band: 0, threadId: 't' });
  const card = at(camera.toScreenX(cards.x[1]! + 50), camera.toScreenY(cards.y[1]! + 20));
  assert.deepEqual(card, { kind: 'card', card: 1, documentId: 'b' });
  const milestoneX = camera.toScreenX(scene.milestones[0]!.x);
  assert.deepEqual(at(milestoneX + 2, camera.toScreenY(cards.y[0]! + cards.h[0]! + 5)), { kind: 'milestone', milestoneId: 'm' });
  const curve = linkCurve(cards, scene.links[0]!);
  const midX = (curve.x0 + curve.x1) / 2;
  const link = at(camera.toScreenX(midX), camera.toScreenY((curve.y0 + curve.y1) / 2) + 2);
  assert.equal(link.kind, 'link');
  assert.ok(distanceToCurve(curve, midX, curve.y0 + 40) > 30);
  assert.equal(hitTest(scene, camera, chrome, minimap, 'density', camera.toScreenX(cards.x[1]! + 50), camera.toScreenY(cards.y[1]! + 20)).kind, 'band', 'no card hits over the heat map');
});

test('the minimap maps world to map and back, and keeps a tiny viewport findable', () => {
  const m = new MinimapGeometry({ x: 100, y: 50, w: 212, h: 72 }, { x: 1000, y: 0, w: 10_000, h: 600 }, 6);
  assert.equal(m.toMapX(1000), 106);
  assert.ok(Math.abs(m.toWorldX(m.toMapX(4321)) - 4321) < 1e-9);
  const v = m.viewportRect({ x: 5000, y: 100, w: 1, h: 1 }, 4);
  assert.ok(v.w >= 4 - 1e-9 && v.h >= 4 - 1e-9);
});
