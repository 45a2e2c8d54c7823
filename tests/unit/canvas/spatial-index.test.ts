import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardContains } from '../../../src/canvas/kernels/card-shape.js';
import { cardAt } from '../../../src/canvas/kernels/hit-test.js';
import { buildScene } from '../../../src/canvas/kernels/scene.js';
import { generateWorkspace, seededRandom } from '../../support/canvas-workspace.js';

const scene = buildScene(generateWorkspace({ documents: 50_000, seed: 11 }), { nowMs: Date.UTC(2026, 2, 10) });
const { cards } = scene.layout;
const bounds = scene.layout.bounds;

test('hit-testing 50,000 cards through the index agrees with brute force', () => {
  const random = seededRandom(5);
  let hits = 0;
  for (let q = 0; q < 3000; q++) {
    // Half the probes at card corners and edges, where off-by-one mistakes live.
    let x: number;
    let y: number;
    if (q % 2 === 0) {
      const i = Math.floor(random() * cards.count);
      x = cards.x[i]! + (random() < 0.5 ? 0 : cards.w[i]! - 1e-6) + (random() - 0.5) * 30;
      y = cards.y[i]! + (random() < 0.5 ? 0 : cards.h[i]! - 1e-6) + (random() - 0.5) * 10;
    } else {
      x = bounds.x + random() * bounds.w;
      y = bounds.y + random() * bounds.h;
    }
    let expected = -1;
    for (let i = 0; i < cards.count; i++) if (cardContains(cards, i, x, y)) expected = expected < 0 ? i : topmost(expected, i);
    const got = cardAt(scene.index, cards, x, y);
    assert.equal(got, expected, `probe (${x}, ${y})`);
    if (got >= 0) hits++;
  }
  assert.ok(hits > 500, `the probes hit cards (${hits})`);
});

test('culling 50,000 cards through the index returns exactly the overlapping ones', () => {
  const random = seededRandom(9);
  for (let q = 0; q < 40; q++) {
    const w = random() * bounds.w * 0.2;
    const h = random() * bounds.h * 0.3;
    const rect = { x: bounds.x + random() * (bounds.w - w), y: bounds.y + random() * (bounds.h - h), w, h };
    const got: number[] = [];
    scene.index.query(rect, (i) => got.push(i));
    const expected: number[] = [];
    for (let i = 0; i < cards.count; i++) {
      if (cards.x[i]! < rect.x + rect.w && cards.x[i]! + cards.w[i]! > rect.x && cards.y[i]! < rect.y + rect.h && cards.y[i]! + cards.h[i]! > rect.y) expected.push(i);
    }
    assert.deepEqual([...got].sort((a, b) => a - b), expected);
    assert.equal(scene.index.count(rect), expected.length);
  }
});

test('an external card is hit inside its parallelogram, not in the corner it leaves empty', () => {
  const i = cards.docs.findIndex((d) => !d.isOwned);
  assert.ok(i >= 0);
  assert.equal(cardContains(cards, i, cards.x[i]! + 1, cards.y[i]! + 1), false, 'top-left corner is outside');
  assert.equal(cardContains(cards, i, cards.x[i]! + 1, cards.y[i]! + cards.h[i]! - 1), true, 'bottom-left is inside');
  assert.equal(cardContains(cards, i, cards.x[i]! + cards.w[i]! - 1, cards.y[i]! + cards.h[i]! - 1), false, 'bottom-right corner is outside');
});

/** Drawing order: band, then x, then index; the later-drawn card is on top. */
function topmost(a: number, b: number): number {
  const key = (i: number) => [cards.band[i]!, cards.x[i]!, i] as const;
  const ka = key(a);
  const kb = key(b);
  for (let k = 0; k < 3; k++) if (ka[k] !== kb[k]) return ka[k]! < kb[k]! ? b : a;
  return a;
}
