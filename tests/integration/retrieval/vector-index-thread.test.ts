import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import { fromDocumentColumns } from '../../../src/retrieval/document-columns.js';
import type { DocumentPassages, IndexIdentity } from '../../../src/retrieval/indexed-passages.js';
import { KnownPassages } from '../../../src/retrieval/known-passages.js';
import type { DocumentEntry } from '../../../src/retrieval/vector-index-file.js';
import { VectorIndexThread } from '../../../src/retrieval/vector-index-thread.js';
import { tempDir } from '../../support/store.js';

const DIMS = 8;

/** The unit vector along axis i: passages on different axes are unrelated (cosine 0), on the same axis identical (1). */
function axis(i: number): Float32Array {
  const v = new Float32Array(DIMS);
  v[i] = 1;
  return v;
}

const DAY = 24 * 60 * 60 * 1000;
const NOTES: { id: string; entry: DocumentEntry; axis: number }[] = [
  { id: 'garden', entry: { title: 'Garden', docType: 'markdown', threadId: 'home', modifiedAt: 10 * DAY }, axis: 0 },
  { id: 'garden-copy', entry: { title: 'Garden again', docType: 'markdown', threadId: null, modifiedAt: 20 * DAY }, axis: 0 },
  { id: 'taxes', entry: { title: 'Taxes', docType: 'pdf', threadId: 'money', modifiedAt: 30 * DAY }, axis: 1 },
];

/** Each note as one passage on its axis. */
function passagesOf(notes: typeof NOTES): DocumentPassages[] {
  return notes.map((n) => ({
    documentId: n.id,
    entry: n.entry,
    rows: [{ documentId: n.id, hash: `hash-${n.id}`, start: 0, end: 10 }],
    fresh: new Map([[`hash-${n.id}`, axis(n.axis)]]),
  }));
}

function identity(file?: string): IndexIdentity {
  return { file, model: 'test-model', dimensions: DIMS, location: 'rocksdb:///test' };
}

test('the index in its own thread finds notes by vector and applies the type, thread, date and exclusion filters given as data', async () => {
  const thread = VectorIndexThread.start(identity());
  try {
    await thread.call('open');
    assert.deepEqual(await thread.call('put', passagesOf(NOTES)), { missing: [], passages: 3 });

    const all = await thread.call('searchDocuments', axis(0), 10);
    assert.deepEqual(all.slice(0, 2).map((h) => h.documentId).sort(), ['garden', 'garden-copy'], 'both garden notes lie on the query axis');
    assert.equal(all[0]!.score.toFixed(3), '1.000');

    const byThread = await thread.call('searchDocuments', axis(0), 10, { threadIds: ['home'] });
    assert.deepEqual(byThread.map((h) => h.documentId), ['garden']);
    const noThread = await thread.call('searchDocuments', axis(0), 10, { threadIds: [null] });
    assert.deepEqual(noThread.map((h) => h.documentId), ['garden-copy']);
    const pdfs = await thread.call('searchDocuments', axis(0), 10, { docTypes: ['pdf'] });
    assert.deepEqual(pdfs.map((h) => h.documentId), ['taxes'], 'a filter may leave only a note far from the query');
    const lateOnes = await thread.call('searchDocuments', axis(0), 10, { from: new Date(15 * DAY), until: new Date(30 * DAY) });
    assert.deepEqual(lateOnes.map((h) => h.documentId), ['garden-copy'], 'from is inclusive, until exclusive');

    const [nearGarden, nearTaxes] = await thread.call('nearestPassages', [axis(0), axis(1)], 1, { exclude: ['garden'] });
    assert.deepEqual(nearGarden!.map((h) => [h.documentId, h.title]), [['garden-copy', 'Garden again']], 'the excluded note is never returned');
    assert.deepEqual(nearTaxes!.map((h) => h.documentId), ['taxes']);
  } finally {
    await thread.stop();
  }
});

test('a note whose reused passage was removed meanwhile is not half-indexed: the put names the passage to embed', async () => {
  const thread = VectorIndexThread.start(identity());
  try {
    await thread.call('open');
    await thread.call('put', passagesOf(NOTES.slice(0, 1)));
    assert.deepEqual((await thread.call('vectorsOf', ['hash-garden', 'hash-new'])).map((v) => v !== null), [true, false]);
    assert.equal(await thread.call('remove', ['garden']), 0);

    const reusing: DocumentPassages = { documentId: 'copy', entry: NOTES[1]!.entry, rows: [{ documentId: 'copy', hash: 'hash-garden', start: 0, end: 10 }], fresh: new Map() };
    assert.deepEqual(await thread.call('put', [reusing]), { missing: ['hash-garden'], passages: 0 });
    assert.deepEqual(await thread.call('searchDocuments', axis(0), 10), [], 'nothing was applied');

    reusing.fresh.set('hash-garden', axis(0));
    assert.deepEqual(await thread.call('put', [reusing]), { missing: [], passages: 1 });
    assert.deepEqual((await thread.call('vectorsOf', ['hash-garden', 'hash-new'])).map((v) => v && Array.from(v)), [Array.from(axis(0)), null]);
  } finally {
    await thread.stop();
  }
});

test('an index saved by its thread is reopened by the next with its notes, vectors and queue', async () => {
  const file = path.join(tempDir(), 'cache', 'vectors.bin');
  const first = VectorIndexThread.start(identity(file));
  try {
    await first.call('open');
    await first.call('put', passagesOf(NOTES));
    await first.call('save', ['waiting-note']);
  } finally {
    await first.stop();
  }
  const second = VectorIndexThread.start(identity(file));
  try {
    const opened = await second.call('open');
    assert.deepEqual(
      fromDocumentColumns(opened.documents),
      new Map(NOTES.map((n) => [n.id, n.entry])),
    );
    assert.deepEqual(opened.pending, ['waiting-note']);
    const known = KnownPassages.fromOpened(opened.passageKeys);
    assert.deepEqual(known.missing(['hash-garden', 'hash-taxes', 'hash-new']), ['hash-new'], 'the indexing side learns which passages are held without asking per step');
    assert.equal(opened.passages, 3);
    assert.deepEqual((await second.call('searchDocuments', axis(1), 1)).map((h) => h.documentId), ['taxes']);
  } finally {
    await second.stop();
  }
});

test('a damaged index file is reported from the thread as an io error naming the file', async () => {
  const file = path.join(tempDir(), 'vectors.bin');
  fs.writeFileSync(file, 'not an index at all, just some text');
  const thread = VectorIndexThread.start(identity(file));
  try {
    await assert.rejects(thread.call('open'), (error: unknown) => isSovereignError(error, 'io') && error.message.includes(file) && /damaged/.test(error.message));
  } finally {
    await thread.stop();
  }
});
