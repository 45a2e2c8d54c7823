import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { SovereignError } from '../../../src/core/index.js';
import { openSearchIndex } from '../../../src/search/index.js';
import { LazyEmbedder, SemanticIndex, openEmbedder, searchDocuments } from '../../../src/retrieval/index.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

const NOTES = [
  { title: 'Bicycle repair', content: 'To fix a flat tyre, remove the wheel, find the puncture and patch the inner tube.' },
  { title: 'Houseplants', content: 'Water the fern twice a week and keep it out of direct sunlight.' },
];

test('a session whose documents all have their vectors starts the built-in encoder only at the first search by meaning', async () => {
  const store = await openTestStore('rocksdb');
  const ids: string[] = [];
  for (const note of NOTES) ids.push((await store.createDocument({ ...note, docType: 'markdown' })).id);
  const file = path.join(tempDir(), 'vectors.bin');
  const first = (await openEmbedder(undefined)).embedder;
  const indexed = await SemanticIndex.open(store, first, { file });
  await indexed.run();
  indexed.close();
  await first.close();

  const { embedder } = await openEmbedder(undefined);
  assert.ok(embedder instanceof LazyEmbedder);
  const semantic = await SemanticIndex.open(store, embedder, { file });
  assert.equal(semantic.status().pending, 0, 'nothing left to embed');
  await semantic.run();
  assert.equal(embedder.started, false, 'opening and an up-to-date run start no encoder');

  const bm25 = await openSearchIndex(store);
  const found = await searchDocuments({ bm25, semantic, store }, 'caring for indoor greenery', { mode: 'semantic' });
  assert.equal(embedder.started, true);
  assert.equal(found.hits[0]!.id, ids[1], 'the encoder started for the query answers it');
  semantic.close();
  await embedder.close();
  await bm25.close();
});

test('when the embedding model cannot start, a search by meaning answers by words and says why', async () => {
  const store = await openTestStore('mem');
  const ids: string[] = [];
  for (const note of NOTES) ids.push((await store.createDocument({ ...note, docType: 'markdown' })).id);
  let starts = 0;
  const broken = new LazyEmbedder('broken-model', 8, () => {
    starts++;
    return Promise.reject(new SovereignError('model', 'its weights are missing'));
  });
  const bm25 = await openSearchIndex(store);
  const semantic = await SemanticIndex.open(store, broken);
  for (const mode of ['hybrid', 'semantic'] as const) {
    const answer = await searchDocuments({ bm25, semantic, store }, 'puncture', { mode });
    assert.equal(answer.mode, 'bm25', mode);
    assert.match(answer.notice ?? '', /could not start \(its weights are missing\)/);
    assert.equal(answer.hits[0]!.id, ids[0]);
  }
  assert.equal(starts, 1, 'a model that failed to start is not started again for every search');
  semantic.close();
  await broken.close();
  await bm25.close();
});
