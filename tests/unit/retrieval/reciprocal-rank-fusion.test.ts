import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuseRanks } from '../../../src/retrieval/reciprocal-rank-fusion.js';

test('a document both lists rank second beats one a single list ranks first', () => {
  const fused = fuseRanks([
    ['only-bm25', 'both'],
    ['only-vectors', 'both'],
  ]);
  assert.equal(fused[0]!.id, 'both');
  assert.equal(fused[0]!.score, 2 / 62);
  assert.equal(fused[1]!.score, 1 / 61);
});

test('each id scores the sum over lists of 1/(k + rank)', () => {
  const fused = fuseRanks([['a', 'b', 'c'], ['c']], 10);
  assert.deepEqual(
    fused.map((f) => [f.id, f.score]),
    [
      ['c', 1 / 13 + 1 / 11],
      ['a', 1 / 11],
      ['b', 1 / 12],
    ],
  );
});

test('an id repeated in one list counts only at its better rank', () => {
  assert.deepEqual(fuseRanks([['a', 'a', 'b']], 0), [
    { id: 'a', score: 1 },
    { id: 'b', score: 1 / 3 },
  ]);
});

test('ties keep the order ids were first seen in; no lists give nothing', () => {
  assert.deepEqual(
    fuseRanks([['x'], ['y']]).map((f) => f.id),
    ['x', 'y'],
  );
  assert.deepEqual(fuseRanks([]), []);
});
