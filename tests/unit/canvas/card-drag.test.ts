import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CardDrag } from '../../../src/canvas/card-drag.js';
import { Camera } from '../../../src/canvas/kernels/camera.js';
import { buildScene, type Scene } from '../../../src/canvas/kernels/scene.js';
import { generateWorkspace } from '../../support/canvas-workspace.js';

const nowMs = Date.UTC(2026, 2, 10, 12);

/** A fresh scene of 300 cards in six threads, and a camera at full size looking at one card with links. */
function setUp(): { scene: Scene; camera: Camera; card: number } {
  const scene = buildScene(generateWorkspace({ documents: 300, seed: 5 }), { nowMs });
  const card = [...scene.linksOfCard.keys()].find((i) => scene.layout.cards.band[i]! > 0 && scene.layout.cards.band[i]! < scene.layout.bands.length - 1)!;
  assert.ok(card !== undefined, 'the workspace has a linked card in a middle band');
  const camera = new Camera(1200, 800, 1);
  const { cards } = scene.layout;
  camera.setViewport({ centerX: cards.x[card]! + cards.w[card]! / 2, centerY: cards.y[card]! + cards.h[card]! / 2, zoom: 1 });
  return { scene, camera, card };
}

/** The card's top-left corner on screen. */
function onScreen(scene: Scene, camera: Camera, card: number): { x: number; y: number } {
  return { x: camera.toScreenX(scene.layout.cards.x[card]!), y: camera.toScreenY(scene.layout.cards.y[card]!) };
}

test('a dragged card moves on screen by the distance the pointer moved', () => {
  const { scene, camera, card } = setUp();
  const before = onScreen(scene, camera, card);
  const grab = { x: before.x + 30, y: before.y + 20 };
  const drag = CardDrag.grab(scene, camera, card, grab.x, grab.y);
  assert.equal(drag.moveTo(scene, camera, grab.x + 140, grab.y + 6), true);
  const after = onScreen(scene, camera, card);
  assert.ok(Math.abs(after.x - (before.x + 140)) < 1e-6, `x ${before.x} → ${after.x}`);
  assert.ok(Math.abs(after.y - (before.y + 6)) < 1e-6, `y ${before.y} → ${after.y}`);
});

test('a dropped card reports where it now sits in its band, placed by hand', () => {
  const { scene, camera, card } = setUp();
  const { cards, bands } = scene.layout;
  const band = bands[cards.band[card]!]!;
  const start = onScreen(scene, camera, card);
  const drag = CardDrag.grab(scene, camera, card, start.x + 10, start.y + 10);
  drag.moveTo(scene, camera, start.x + 10 - 75, start.y + 10);
  const drop = drag.drop(scene);
  assert.deepEqual(drop, { documentId: cards.docs[card]!.id, position: { x: cards.x[card]!, y: cards.y[card]! - band.y, userPlaced: true } });
  assert.ok(Math.abs(camera.toScreenX(drop!.position.x) - (start.x - 75)) < 1e-6, 'x is where the card was dropped');
});

test('a card dragged over another thread stays in its own thread, at the edge nearest the pointer', () => {
  const { scene, camera, card } = setUp();
  const { cards, bands } = scene.layout;
  const own = bands[cards.band[card]!]!;
  const below = bands[cards.band[card]! + 1]!;
  const start = onScreen(scene, camera, card);
  const drag = CardDrag.grab(scene, camera, card, start.x, start.y);
  // Far into the next thread's band.
  drag.moveTo(scene, camera, start.x, camera.toScreenY(below.y + below.height / 2) + 400);
  assert.equal(cards.band[card], own.index, 'still in its own band');
  assert.ok(cards.y[card]! >= own.y && cards.y[card]! <= own.y + own.height, `y ${cards.y[card]} inside ${own.y}..${own.y + own.height}`);
  const lowest = cards.y[card]!;
  drag.moveTo(scene, camera, start.x, camera.toScreenY(below.y + below.height) + 900);
  assert.equal(cards.y[card], lowest, 'further down it goes no lower');
  assert.equal(drag.drop(scene)!.documentId, cards.docs[card]!.id);
});

test('after a drag the card is found where it was dropped, and its links follow it', () => {
  const { scene, camera, card } = setUp();
  const { cards } = scene.layout;
  const start = onScreen(scene, camera, card);
  const drag = CardDrag.grab(scene, camera, card, start.x, start.y);
  drag.moveTo(scene, camera, start.x + 5000, start.y);
  const found: number[] = [];
  scene.index.query({ x: cards.x[card]! + 1, y: cards.y[card]! + 1, w: 2, h: 2 }, (i) => found.push(i));
  assert.ok(found.includes(card), 'the spatial index finds it at its new place');
  for (const k of scene.linksOfCard.get(card)!) {
    const [x0, , x1] = scene.linkBounds.subarray(k * 4, k * 4 + 4);
    assert.ok(x0! <= cards.x[card]! + cards.w[card]! && x1! >= cards.x[card]!, `link ${k} reaches the card's new place`);
  }
});

test('a press without a move drops nothing and leaves the card where it was', () => {
  const { scene, camera, card } = setUp();
  const { cards } = scene.layout;
  const before = { x: cards.x[card], y: cards.y[card] };
  const start = onScreen(scene, camera, card);
  const drag = CardDrag.grab(scene, camera, card, start.x + 4, start.y + 4);
  assert.equal(drag.moveTo(scene, camera, start.x + 4, start.y + 4), false);
  assert.equal(drag.drop(scene), null);
  assert.deepEqual({ x: cards.x[card], y: cards.y[card] }, before);
});
