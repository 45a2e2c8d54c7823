import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCanvasController, type CanvasController } from '../../../src/canvas/canvas-controller.js';
import { generateWorkspace } from '../../support/canvas-workspace.js';

const nowMs = Date.UTC(2026, 2, 10, 12);
let clock = nowMs;
let canvas: CanvasController;
const data = generateWorkspace({ documents: 400, seed: 21 });

before(async () => {
  canvas = await createCanvasController({ now: () => clock, theme: 'light' });
  canvas.resize(640, 400, 1);
  canvas.setData(data);
});
after(() => canvas.dispose());

function frameCopy(): Uint8Array {
  return Uint8Array.from(canvas.pixels());
}

function differingPixels(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let o = 0; o < a.length; o += 4) if (a[o] !== b[o] || a[o + 1] !== b[o + 1] || a[o + 2] !== b[o + 2]) n++;
  return n;
}

test('render reports a change once, then nothing until something changes', () => {
  canvas.navigateToDocument('doc-5', { animate: false });
  assert.equal(canvas.render(), true);
  assert.equal(canvas.render(), false);
  assert.equal(canvas.pixels().length, 640 * 400 * 4);
  canvas.panBy(3, 0);
  assert.equal(canvas.render(), true);
});

test('a panned frame drawn by shifting the last one matches a frame drawn whole', async () => {
  canvas.setViewport({ ...canvas.getViewport(), zoom: 1 });
  canvas.navigateToDocument('doc-5', { animate: false });
  canvas.render();
  for (const [dx, dy] of [[17, 0], [-5, 9], [0, -23], [40, 12]] as const) {
    canvas.panBy(dx, dy);
    canvas.render();
  }
  const shifted = frameCopy();
  const viewport = canvas.getViewport();
  const fresh = await createCanvasController({ now: () => clock, theme: 'light' });
  try {
    fresh.resize(640, 400, 1);
    fresh.setData(data);
    fresh.select(canvas.selectedId);
    fresh.setViewport(viewport);
    fresh.render();
    const whole = Uint8Array.from(fresh.pixels());
    // Anti-aliased edges at strip borders may differ by a shade; shapes may not.
    assert.ok(differingPixels(shifted, whole) < 640 * 400 * 0.002, `${differingPixels(shifted, whole)} pixels differ`);
  } finally {
    fresh.dispose();
  }
});

test('keyboard navigation walks a thread in date order and across threads', () => {
  canvas.select(null);
  const first = canvas.selectNext();
  assert.ok(first);
  const next = canvas.selectNext();
  assert.ok(next && next !== first);
  assert.equal(canvas.selectPrevious(), first);
  const down = canvas.selectNeighbour('down');
  assert.ok(down && down !== first);
});

test('dragging a card moves it and emits cardMoved for the store', () => {
  canvas.navigateToDocument('doc-7', { animate: false });
  canvas.render();
  const hitAtCentre = canvas.hitTest(176 + (640 - 176) / 2, 36 + (400 - 36) / 2);
  assert.equal(hitAtCentre.kind, 'card');
  if (hitAtCentre.kind !== 'card') return;
  const moved: unknown[] = [];
  const off = canvas.events.on('cardMoved', (event) => moved.push(event));
  const x = 176 + (640 - 176) / 2;
  const y = 36 + (400 - 36) / 2;
  assert.equal(canvas.beginDrag(x, y), true);
  canvas.dragTo(x + 120, y);
  canvas.endDrag();
  off();
  assert.equal(moved.length, 1);
  const event = moved[0] as { documentId: string; position: { x: number; y: number; userPlaced: boolean } };
  assert.equal(event.documentId, hitAtCentre.documentId);
  assert.equal(event.position.userPlaced, true);
  const doc = data.documents.find((d) => d.id === event.documentId)!;
  const zoom = canvas.getViewport().zoom;
  assert.ok(Math.abs(event.position.x - (doc.createdAt.getTime() / 86_400_000) * 48 - 120 / zoom) < 1e-6, 'moved by the dragged distance');
  // After the relayout the card is still where it was dropped: dragging it back from there works.
  assert.equal(canvas.beginDrag(x + 120, y + 1), true);
  canvas.endDrag();
});

test('zoom steps and NOW animate to their targets, and the level of detail follows the zoom', () => {
  canvas.fitAll();
  canvas.render();
  assert.equal(canvas.lod, 'density', '400 cards in view');
  canvas.goToNow();
  assert.equal(canvas.animating, true);
  clock += 1000;
  canvas.render();
  assert.equal(canvas.animating, false);
  canvas.navigateToDocument('doc-1', { animate: false });
  const zoom = canvas.getViewport().zoom;
  canvas.zoomIn();
  clock += 1000;
  canvas.render();
  assert.ok(canvas.getViewport().zoom > zoom);
  assert.equal(canvas.lod, 'full');
});

test('clicking a thread label zooms to that thread; an unknown document is a not-found error', () => {
  canvas.fitAll();
  canvas.render();
  const hit = canvas.clickAt(40, 80);
  assert.equal(hit.kind, 'thread-label');
  clock += 1000;
  canvas.render();
  assert.throws(() => canvas.navigateToDocument('no-such-doc'), /not on the canvas/);
});
