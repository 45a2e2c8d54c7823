import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CardLinks } from '../../../src/canvas/kernels/card-links.js';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

test("a card's links are every link with that card at one of its ends, in link order, and a card without links has none", () => {
  const next = random(7);
  const cards = 2_000;
  const ends = Array.from({ length: 5_000 }, () => {
    const from = Math.floor(next() * cards);
    // Mostly near neighbours, as in a real workspace; never a link from a card to itself (the scene drops those).
    const to = (from + 1 + Math.floor(next() * (next() < 0.7 ? 20 : cards - 1))) % cards;
    return { from, to };
  });
  const links = new CardLinks(cards, ends);
  const withLinks: number[] = [];
  for (let card = 0; card < cards; card++) {
    const expected = ends.flatMap((end, k) => (end.from === card || end.to === card ? [k] : []));
    const found = links.get(card);
    if (expected.length === 0) assert.equal(found, undefined, `card ${card} has no links`);
    else {
      withLinks.push(card);
      assert.deepEqual([...found!], expected, `links of card ${card}`);
    }
  }
  assert.ok(withLinks.length > 100 && withLinks.length < cards, 'the data has cards with and without links');
  assert.deepEqual([...links.keys()], withLinks);
  assert.equal(links.get(-1), undefined);
  assert.equal(links.get(cards), undefined);
});

test('a scene without cards or links has no links for any card', () => {
  const links = new CardLinks(0, []);
  assert.equal(links.get(0), undefined);
  assert.deepEqual([...links.keys()], []);
});
