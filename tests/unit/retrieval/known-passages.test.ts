import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { KnownPassages, passageKey } from '../../../src/retrieval/known-passages.js';
import { RowColumns } from '../../../src/retrieval/row-columns.js';

/** What opening an index file of these notes' rows hands over: a note's rows need not be adjacent. */
const opened = (notes: [string, string[]][]) =>
  RowColumns.of(notes.flatMap(([documentId, hashes]) => hashes.map((hash) => ({ documentId, hash, start: 0, end: 1 }))).map((row, key) => ({ ...row, key }))).passageKeys();

test('the passages of an opened index are known, and only passages never indexed are left to embed', () => {
  const known = KnownPassages.fromOpened(
    opened([
      ['garden', ['water-the-fern']],
      ['taxes', ['gather-receipts']],
      ['garden', ['prune-the-roses']],
    ]),
  );
  assert.deepEqual(known.missing(['prune-the-roses', 'file-the-return', 'gather-receipts', 'mow-the-lawn']), ['file-the-return', 'mow-the-lawn']);
});

test('a paragraph two notes share stays known until both notes have let it go', () => {
  const known = new KnownPassages();
  known.set('garden', ['shared-signature', 'water-the-fern']);
  known.set('taxes', ['shared-signature', 'gather-receipts']);
  known.remove('garden');
  assert.equal(known.has('shared-signature'), true, 'the tax note still holds it');
  assert.equal(known.has('water-the-fern'), false);
  known.set('taxes', ['gather-receipts', 'file-the-return']);
  assert.equal(known.has('shared-signature'), false, 'the edit dropped the last copy');
  assert.deepEqual(known.missing(['gather-receipts', 'file-the-return']), []);
});

test('a paragraph two notes of the opened index share stays known until both have let it go, by removal or by edit', () => {
  const known = KnownPassages.fromOpened(
    opened([
      ['garden', ['shared-signature', 'water-the-fern']],
      ['taxes', ['shared-signature', 'gather-receipts']],
    ]),
  );
  known.remove('garden');
  known.remove('garden');
  assert.equal(known.has('shared-signature'), true, 'the tax note still holds it, however often the garden note is removed');
  assert.equal(known.has('water-the-fern'), false);
  known.set('taxes', ['gather-receipts', 'file-the-return']);
  assert.equal(known.has('shared-signature'), false, 'the edit dropped the last copy');
  assert.deepEqual(known.missing(['gather-receipts', 'file-the-return', 'water-the-fern']), ['water-the-fern']);
  known.set('garden', ['water-the-fern']);
  assert.equal(known.has('water-the-fern'), true, 'a removed note indexed again is known again');
  known.clear();
  assert.deepEqual(known.missing(['gather-receipts', 'water-the-fern']), ['gather-receipts', 'water-the-fern']);
});

test('a note edited keeps only its new passages known, and a cleared index knows none', () => {
  const known = new KnownPassages();
  known.set('garden', ['water-the-fern']);
  known.set('garden', ['water-the-fern-weekly']);
  assert.deepEqual(known.missing(['water-the-fern', 'water-the-fern-weekly']), ['water-the-fern']);
  known.clear();
  assert.deepEqual(known.missing(['water-the-fern-weekly']), ['water-the-fern-weekly']);
});

test('every sha256 of a 150K-passage workspace gets its own key', () => {
  const keys = new Set(Array.from({ length: 150_000 }, (_, i) => passageKey(createHash('sha256').update(`passage ${i}`).digest('hex'))));
  assert.equal(keys.size, 150_000);
});

test('an opened index of thousands of notes is known whole, its last note as well as its first', () => {
  const notes = Array.from({ length: 5000 }, (_, i): [string, string[]] => [`note-${i}`, [`intro-${i}`, `body-${i}`]]);
  const known = KnownPassages.fromOpened(opened(notes));
  assert.deepEqual(known.missing(['intro-0', 'body-2500', 'body-4999', 'body-5000']), ['body-5000']);
  known.remove('note-4999');
  assert.deepEqual(known.missing(['intro-4999', 'intro-4998']), ['intro-4999']);
});
