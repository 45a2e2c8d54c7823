import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCanvasController, type CanvasController } from '../../../src/canvas/canvas-controller.js';
import { chromeLayout } from '../../../src/canvas/kernels/chrome.js';
import { generateWorkspace, zoomForCount } from '../../support/canvas-workspace.js';

const nowMs = Date.UTC(2026, 2, 10, 12);
let clock = nowMs;
let canvas: CanvasController;
const generated = generateWorkspace({ documents: 400, seed: 21 });
/** One document written just now, so "now" has a card to look for. */
const writtenNow = { ...generated.documents[0]!, id: 'doc-now', threadId: 'thread-0', createdAt: new Date(nowMs), modifiedAt: new Date(nowMs) };
const data = { ...generated, documents: [...generated.documents, writtenNow] };
/** Where cards show in a 640×400 view: right of the thread labels, below the ruler. */
const content = chromeLayout(640, 400, 1).content;
type Rect = { x: number; y: number; width: number; height: number };

function inside(rect: Rect, area: { x: number; y: number; w: number; h: number }, margin = 0): boolean {
  return rect.x >= area.x + margin - 0.5 && rect.y >= area.y + margin - 0.5 && rect.x + rect.width <= area.x + area.w - margin + 0.5 && rect.y + rect.height <= area.y + area.h - margin + 0.5;
}

/** Runs the camera animation to its end. */
function settle(): void {
  clock += 1000;
  canvas.render();
  assert.equal(canvas.animating, false);
}

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

test('panning to and fro along the full-card limit does not switch the cards between their full and compact looks', async () => {
  // Dense enough that about 50 cards fill a 1600×1000 view at a zoom that shows full cards.
  const dense = generateWorkspace({ documents: 50_000, threads: 8, seed: 1, linksPerDocument: 0.2 });
  const wide = await createCanvasController({ now: () => clock, theme: 'light' });
  try {
    wide.resize(1600, 1000, 1);
    wide.setData(dense);
    wide.navigateToDocument('doc-10', { animate: false });
    // The zoom at which the view holds just under 50 cards.
    zoomForCount(wide, 49);
    wide.render();
    const counts = new Set<boolean>();
    let switches = 0;
    let lod = wide.lod;
    for (let frame = 0; frame < 160; frame++) {
      wide.panBy(frame % 120 < 60 ? -6 : 6, frame % 40 < 20 ? 1 : -1);
      wide.render();
      counts.add(wide.cardsInView >= 50);
      if (wide.lod !== lod) switches++;
      lod = wide.lod;
    }
    assert.deepEqual([...counts].sort(), [false, true], 'the pan crossed the limit both ways');
    assert.ok(switches <= 1, `the cards switched look ${switches} times`);
  } finally {
    wide.dispose();
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

test('dragging a card moves it on screen by the dragged distance and emits cardMoved for the store', () => {
  canvas.navigateToDocument('doc-7', { animate: false });
  canvas.render();
  const x = content.x + content.w / 2;
  const y = content.y + content.h / 2;
  const hitAtCentre = canvas.hitTest(x, y);
  assert.equal(hitAtCentre.kind, 'card');
  if (hitAtCentre.kind !== 'card') return;
  const before = canvas.cardRect(hitAtCentre.documentId)!;
  const moved: { documentId: string; position: { userPlaced: boolean } }[] = [];
  const off = canvas.events.on('cardMoved', (event) => moved.push(event));
  assert.equal(canvas.beginDrag(x, y), true);
  canvas.dragTo(x + 120, y);
  canvas.endDrag();
  off();
  const after = canvas.cardRect(hitAtCentre.documentId)!;
  assert.ok(Math.abs(after.x - (before.x + 120)) < 1, `the card moved from ${before.x} to ${after.x}`);
  assert.ok(Math.abs(after.y - before.y) < 1, 'and stayed at its height');
  assert.deepEqual(moved.map((event) => [event.documentId, event.position.userPlaced]), [[hitAtCentre.documentId, true]]);
  // After the relayout the card is still where it was dropped: dragging it back from there works.
  assert.equal(canvas.beginDrag(x + 120, y + 1), true);
  canvas.endDrag();
});

test('fit all shows every card inside the content area with a margin', () => {
  canvas.panBy(5000, 300);
  canvas.fitAll();
  canvas.render();
  const outside = data.documents.filter((doc) => !inside(canvas.cardRect(doc.id)!, content, 8)).map((doc) => doc.id);
  assert.deepEqual(outside, []);
  assert.equal(canvas.lod, 'density', '401 cards in view are drawn as density');
});

test('go to now animates until the moment now is on screen', () => {
  canvas.fitAll();
  canvas.navigateToDocument('doc-1', { animate: false });
  const now = () => canvas.cardRect('doc-now')!;
  assert.ok(now().x > content.x + content.w || now().x + now().width < content.x, 'now starts off screen');
  canvas.goToNow({ animate: true });
  assert.equal(canvas.animating, true);
  settle();
  // A card starts at its date: the left edge of the card written now is where now is.
  assert.ok(now().x >= content.x && now().x <= content.x + content.w, `now is at x ${now().x}`);
});

test('navigating to a document centres its card in the content area at a readable size', () => {
  canvas.fitAll();
  canvas.navigateToDocument('doc-9', { animate: true });
  settle();
  const card = canvas.cardRect('doc-9')!;
  assert.ok(Math.abs(card.x + card.width / 2 - (content.x + content.w / 2)) < 1);
  assert.ok(Math.abs(card.y + card.height / 2 - (content.y + content.h / 2)) < 1);
  assert.equal(canvas.lod, 'full', 'its text is drawn');
  assert.equal(canvas.selectedId, 'doc-9');
});

test('a card navigated to beside a panel lands wholly in the part the panel leaves free, also after the canvas grows', () => {
  // A panel over the canvas from x = 420 on: the free part is what is left of it.
  const free = { x: 0, y: 0, width: 420, height: 400 };
  canvas.fitAll();
  canvas.navigateToDocument('doc-7', { animate: true, free });
  settle();
  const landed = canvas.cardRect('doc-7')!;
  assert.ok(inside(landed, { x: content.x, y: content.y, w: free.width - content.x, h: content.h }), JSON.stringify(landed));
  // The canvas gets its real size only now (an empty workspace's first note): the card is placed again for it.
  canvas.resize(1000, 700, 1);
  const grown = chromeLayout(1000, 700, 1).content;
  const placed = canvas.cardRect('doc-7')!;
  assert.ok(inside(placed, { x: grown.x, y: grown.y, w: free.width - grown.x, h: grown.h }), JSON.stringify(placed));
  // Once the person moves the camera, a resize leaves it where they put it.
  canvas.panBy(30, 0);
  const panned = canvas.getViewport();
  canvas.resize(640, 400, 1);
  assert.deepEqual(canvas.getViewport(), panned);
});

test('zooming in magnifies the cards about the centre of the content area', () => {
  canvas.navigateToDocument('doc-1', { animate: false });
  const before = canvas.cardRect('doc-1')!;
  canvas.zoomIn();
  settle();
  const after = canvas.cardRect('doc-1')!;
  assert.ok(after.width > before.width * 1.1, `${before.width} → ${after.width}`);
  assert.ok(Math.abs(after.x + after.width / 2 - (before.x + before.width / 2)) < 1, 'the centred card stays centred');
});

test('clicking a thread label zooms until every card of that thread is on screen; an unknown document is a not-found error', () => {
  canvas.fitAll();
  canvas.render();
  const hit = canvas.clickAt(40, 80);
  assert.equal(hit.kind, 'thread-label');
  if (hit.kind !== 'thread-label') return;
  settle();
  const ofThread = data.documents.filter((doc) => doc.threadId === hit.threadId);
  assert.ok(ofThread.length > 10);
  assert.deepEqual(ofThread.filter((doc) => !inside(canvas.cardRect(doc.id)!, content)).map((doc) => doc.id), []);
  const widths = ofThread.map((doc) => canvas.cardRect(doc.id)!);
  const span = Math.max(...widths.map((r) => r.x + r.width)) - Math.min(...widths.map((r) => r.x));
  assert.ok(span > content.w * 0.6, `the thread spans ${span.toFixed(0)} of ${content.w} px`);
  assert.throws(() => canvas.navigateToDocument('no-such-doc'), /not on the canvas/);
});

test('the controller says it is animating while a camera move or the ingest morph runs, and falls silent when they end', () => {
  canvas.navigateToDocument('doc-1', { animate: false });
  settle();
  let calls = 0;
  const off = canvas.events.on('animating', () => calls++);
  try {
    // A jump and a still frame need no more frames.
    canvas.navigateToDocument('doc-5', { animate: false });
    canvas.render();
    canvas.render();
    assert.equal(calls, 0);
    // An animated move asks at its start and after every frame it is not yet done.
    canvas.goToNow({ animate: true });
    assert.equal(calls, 1);
    clock += 50;
    canvas.render();
    assert.equal(canvas.animating, true);
    assert.equal(calls, 2);
    settle();
    const landed = calls;
    for (let i = 0; i < 3; i++) canvas.render();
    assert.equal(calls, landed, 'no call once the camera has landed and its titles are drawn');
    assert.equal(canvas.animating, false);
    // Make It Mine asks too.
    canvas.playIngest('doc-now');
    assert.equal(calls, landed + 1);
    for (let i = 0; i < 200 && canvas.animating; i++) {
      clock += 50;
      canvas.render();
    }
    assert.equal(canvas.animating, false, 'the morph ends');
    const ended = calls;
    canvas.render();
    assert.equal(calls, ended);
  } finally {
    off();
  }
});
