import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openSearchIndex } from '../../../src/search/index.js';
import { SemanticIndex, SentenceEncoder, searchDocuments } from '../../../src/retrieval/index.js';
import { findPassages } from '../../../src/assistant/answer/index.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

let encoder: SentenceEncoder;
before(async () => {
  encoder = await SentenceEncoder.open();
});
after(() => encoder.close());

const NOTES = [
  { title: 'Sourdough', content: '# Starter\n\nFeed the starter with flour and water every day.\n\n# Baking\n\nBake the loaf in a hot oven until the crust is dark.' },
  { title: 'Bicycle repair', content: 'To fix a flat tyre, remove the wheel, find the puncture and patch the inner tube.' },
  { title: 'Tax return', content: 'Gather the receipts and payslips before filing the annual income declaration.' },
  { title: 'Houseplants', content: 'Water the fern twice a week and keep it out of direct sunlight.' },
];

test('the built-in encoder gives unit vectors that put a paraphrase nearer than unrelated text', async () => {
  const [a, b, c] = await encoder.embed(['How do I mend a punctured tyre?', 'Repairing a flat bicycle tire', 'The stock market closed higher today']);
  const norm = Math.hypot(...a!);
  assert.ok(Math.abs(norm - 1) < 1e-4, `unit length, got ${norm}`);
  const cos = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
  assert.ok(cos(a!, b!) > cos(a!, c!) + 0.2, `paraphrase ${cos(a!, b!)} vs unrelated ${cos(a!, c!)}`);
});

test('notes are found by meaning, an edit re-embeds only the passage that changed, a deleted note is gone', async () => {
  const store = await openTestStore('mem');
  const ids: string[] = [];
  for (const note of NOTES) ids.push((await store.createDocument({ ...note, docType: 'markdown' })).id);
  const semantic = await SemanticIndex.open(store, encoder);
  assert.equal(semantic.status().pending, NOTES.length);
  const first = await semantic.run();
  assert.equal(first.done, NOTES.length);
  assert.equal(semantic.status().passages, 5);

  const [top] = await semantic.search('my bike has a puncture', 3);
  assert.equal(top!.documentId, ids[1]);
  assert.equal(top!.title, 'Bicycle repair');

  await store.updateDocument(ids[0]!, { content: NOTES[0]!.content.replace('hot oven', 'very hot oven') });
  assert.equal(semantic.status().pending, 1);
  const edit = await semantic.run();
  assert.deepEqual([edit.embedded, edit.reused], [1, 1], 'the untouched Starter section keeps its vector');

  await store.deleteDocument(ids[1]!);
  const after = await semantic.search('my bike has a puncture', 10);
  assert.ok(!after.some((h) => h.documentId === ids[1]));
  await semantic.close();
});

test('hybrid search fuses words and meaning, and falls back to words alone, saying so, without an embedder', async () => {
  const store = await openTestStore('mem');
  const ids: string[] = [];
  for (const note of NOTES) ids.push((await store.createDocument({ ...note, docType: 'markdown' })).id);
  const bm25 = await openSearchIndex(store);
  const semantic = await SemanticIndex.open(store, encoder);
  await semantic.run();

  // "puncture" is a word of the note; "bike" is only its meaning.
  const hybrid = await searchDocuments({ bm25, semantic, store }, 'bike puncture', { mode: 'hybrid' });
  assert.equal(hybrid.mode, 'hybrid');
  assert.equal(hybrid.hits[0]!.id, ids[1]);
  assert.match(hybrid.hits[0]!.snippet, /puncture/);

  const meaningOnly = await searchDocuments({ bm25, semantic, store }, 'caring for indoor greenery', { mode: 'semantic' });
  assert.equal(meaningOnly.hits[0]!.id, ids[3]);
  assert.match(meaningOnly.hits[0]!.snippet, /fern/);

  const wordsOnly = await searchDocuments({ bm25, store }, 'bike puncture', { mode: 'hybrid' });
  assert.equal(wordsOnly.mode, 'bm25');
  assert.match(wordsOnly.notice ?? '', /No embedding model/);
  // Words alone: the note that has "puncture" ranks first ("bike" is one typo from the sourdough note's "Bake").
  assert.equal(wordsOnly.hits[0]!.id, ids[1]);

  const filtered = await searchDocuments({ bm25, semantic, store }, 'bike puncture', { filters: { docTypes: ['pdf'] } });
  assert.deepEqual(filtered.hits, [], 'a filter that excludes every note applies to both lists');
  await semantic.close();
  await bm25.close();
});

test('the index saved on disk is loaded by the next session with nothing left to embed', async () => {
  const store = await openTestStore('rocksdb');
  for (const note of NOTES) await store.createDocument({ ...note, docType: 'markdown' });
  const file = path.join(tempDir(), 'vectors.bin');
  const first = await SemanticIndex.open(store, encoder, { file });
  await first.run();
  first.close();
  assert.ok(fs.statSync(file).size > 5 * 512 * 4);

  const second = await SemanticIndex.open(store, encoder, { file });
  assert.deepEqual(second.status(), { model: encoder.id, documents: 4, passages: 5, pending: 0, paused: false });
  second.close();
});

test('a search and a question over the same words list the same notes, and a note that matches neither words nor meaning is in neither', async () => {
  const store = await openTestStore('mem');
  const notes = [
    { title: 'Houseplants', content: 'Water the fern twice a week and keep it out of direct sunlight.' },
    { title: 'Ferns at home', content: 'Indoor plants like ferns need regular watering and should be kept in the shade.' },
    { title: 'Tax return', content: 'Gather the receipts and payslips before filing the annual income declaration.' },
    { title: 'Bicycle repair', content: 'To fix a flat tyre, take the wheel off, find the puncture and patch the inner tube.' },
  ];
  const ids: string[] = [];
  for (const note of notes) ids.push((await store.createDocument({ ...note, docType: 'markdown' })).id);
  const bm25 = await openSearchIndex(store);
  const semantic = await SemanticIndex.open(store, encoder);
  await semantic.run();
  const sources = { bm25, semantic, store };

  // No note shares a word with the query: only meaning can find them.
  const searched = await searchDocuments(sources, 'looking after greenery', { mode: 'hybrid' });
  const listed = new Set(searched.hits.map((h) => h.id));
  assert.ok(listed.has(ids[0]!) || listed.has(ids[1]!), 'a fern note is listed');
  assert.ok(!listed.has(ids[2]!), 'the tax note is not listed');
  assert.ok(!listed.has(ids[3]!), 'the bicycle note is not listed');

  const asked = await findPassages(sources, 'looking after greenery');
  assert.deepEqual(new Set(asked.map((p) => p.documentId)), listed, 'the answer reads the documents the search lists');
  await semantic.close();
  await bm25.close();
});
