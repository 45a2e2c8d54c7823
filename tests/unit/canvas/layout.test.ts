import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bandAt, BAND_PADDING, CARD_GAP, CARD_WIDTH, LANE_HEIGHT, layoutCards } from '../../../src/canvas/kernels/layout.js';
import { TimeScale, DAY_MS } from '../../../src/canvas/kernels/time-scale.js';
import type { DocumentMeta, Thread } from '../../../src/store/records.js';

const threads: Thread[] = [
  { id: 'b', name: 'Second', description: '', colour: '#33d17a', order: 2 },
  { id: 'a', name: 'First', description: '', colour: '#3584e4', order: 1 },
];
const t0 = Date.UTC(2026, 0, 1);
function doc(id: string, threadId: string | null, day: number, extra: Partial<DocumentMeta> = {}): DocumentMeta {
  const at = new Date(t0 + day * DAY_MS);
  return { id, title: id, docType: 'markdown', threadId, isOwned: true, createdAt: at, modifiedAt: at, position: null, provenance: null, mediaRef: null, ...extra };
}

test('x comes from the creation date and y from the thread band, in thread order', () => {
  const scale = new TimeScale();
  const layout = layoutCards([doc('1', 'b', 0), doc('2', 'a', 10)], threads, scale, t0);
  const { cards, bands } = layout;
  assert.equal(bands[0]!.thread!.id, 'a');
  assert.equal(cards.x[0], scale.xOf(t0));
  assert.equal(cards.y[1], bands[0]!.y + BAND_PADDING);
  assert.equal(cards.y[0], bands[1]!.y + BAND_PADDING);
  assert.equal(bands[1]!.y, bands[0]!.y + bands[0]!.height, 'bands are stacked without gaps');
});

test('documents that would overlap in a band stack into sub-lanes; later ones reuse free lanes', () => {
  // Card width is 200 world units = 4.2 days.
  const layout = layoutCards([doc('1', 'a', 0), doc('2', 'a', 1), doc('3', 'a', 2), doc('4', 'a', 5)], threads, new TimeScale(), t0);
  const lane = (id: string) => layout.cards.lane[layout.indexOfDoc.get(id)!];
  assert.deepEqual(['1', '2', '3', '4'].map(lane), [0, 1, 2, 0]);
  assert.equal(layout.bands[0]!.lanes, 3);
  assert.equal(layout.cards.y[layout.indexOfDoc.get('3')!]! - layout.cards.y[layout.indexOfDoc.get('1')!]!, 2 * LANE_HEIGHT);
  assert.ok(CARD_WIDTH > 48 * 4);
});

test('a position a person dragged is kept, and its band grows to hold it', () => {
  const placed = doc('p', 'a', 0, { position: { x: 123456, y: 400, userPlaced: true } });
  const layout = layoutCards([placed, doc('q', 'a', 0)], threads, new TimeScale(), t0);
  const i = layout.indexOfDoc.get('p')!;
  assert.equal(layout.cards.x[i], 123456);
  assert.equal(layout.cards.y[i], layout.bands[0]!.y + 400);
  assert.equal(layout.cards.lane[i], -1);
  assert.ok(layout.bands[0]!.height >= 400 + 56);
});

test('documents of no or an unknown thread go to a trailing band of their own', () => {
  const layout = layoutCards([doc('1', null, 0), doc('2', 'gone', 3), doc('3', 'a', 0)], threads, new TimeScale(), t0);
  const unsorted = layout.bands.at(-1)!;
  assert.equal(unsorted.thread, null);
  assert.equal(unsorted.cardCount, 2);
  assert.equal(bandAt(layout.bands, unsorted.y + 1), unsorted.index);
  assert.equal(bandAt(layout.bands, -5), -1);
});

test('notes that share one date, as in a vault copied from another machine, each get a lane of their own', () => {
  const count = 3000;
  const layout = layoutCards(Array.from({ length: count }, (_, i) => doc(`n${i}`, 'a', 0)), threads, new TimeScale(), t0);
  assert.equal(layout.bands[0]!.lanes, count);
  assert.deepEqual(new Set(layout.cards.lane), new Set(Array.from({ length: count }, (_, i) => i)));
});

test('every card takes the lowest lane free at its date: no two cards of a lane overlap, and every lower lane is taken there', () => {
  // Clustered dates (days of heavy writing between quiet weeks), from a fixed-seed generator.
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const docs = Array.from({ length: 4000 }, (_, i) => doc(`d${i}`, 'a', Math.floor(random() * 40) * 7 + random() * random() * 6));
  const { cards } = layoutCards(docs, threads, new TimeScale(), t0);
  // Placement order: by x, ties in the documents' order.
  const order = Array.from({ length: cards.count }, (_, i) => i).sort((a, b) => cards.x[a]! - cards.x[b]! || a - b);
  const laneEnd: number[] = [];
  for (const i of order) {
    const x = cards.x[i]!;
    const lane = cards.lane[i]!;
    for (let lower = 0; lower < lane; lower++) assert.ok(laneEnd[lower]! + CARD_GAP > x, `lane ${lower} was free for card ${i}, which took lane ${lane}`);
    if (laneEnd[lane] !== undefined) assert.ok(laneEnd[lane]! + CARD_GAP <= x, `card ${i} overlaps the card before it in lane ${lane}`);
    laneEnd[lane] = x + CARD_WIDTH;
  }
  assert.ok(laneEnd.length > 20, 'the clusters stack cards many lanes deep');
});
