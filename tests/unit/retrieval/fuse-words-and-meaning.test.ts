import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuseWordsAndMeaning } from '../../../src/retrieval/fuse-words-and-meaning.js';
import { fuseRanks } from '../../../src/retrieval/reciprocal-rank-fusion.js';

test('a document found by meaning alone under the floor is not listed', () => {
  const fused = fuseWordsAndMeaning(['words'], [
    { documentId: 'close', score: 0.5 },
    { documentId: 'weak', score: 0.12 },
  ], 0.3);
  assert.deepEqual(new Set(fused.map((f) => f.id)), new Set(['words', 'close']));
});

test('a document the words found keeps its meaning rank however low its cosine', () => {
  const fused = fuseWordsAndMeaning(['a', 'b', 'c'], [
    { documentId: 'c', score: 0.1 },
    { documentId: 'a', score: 0.05 },
  ], 0.3);
  assert.deepEqual(fused, fuseRanks([['a', 'b', 'c'], ['c', 'a']]), 'the same as fusing without a floor');
  assert.equal(fused[0]!.id, 'a', 'first by words and second by meaning leads');
});

test('the floor removes weak hits without moving the documents that stay', () => {
  const meaning = [
    { documentId: 'weak-1', score: 0.2 },
    { documentId: 'strong', score: 0.45 },
    { documentId: 'weak-2', score: 0.1 },
  ];
  const fused = fuseWordsAndMeaning(['w'], meaning, 0.3);
  const all = fuseRanks([['w'], meaning.map((h) => h.documentId)]);
  // strong keeps the score of a second place in the meaning list.
  assert.equal(fused.find((f) => f.id === 'strong')!.score, all.find((f) => f.id === 'strong')!.score);
  assert.deepEqual(fused.map((f) => f.id), ['w', 'strong']);
});

test('with nothing from either list, nothing is found', () => {
  assert.deepEqual(fuseWordsAndMeaning([], [{ documentId: 'x', score: 0.29 }], 0.3), []);
});
