import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SemanticIndex, SentenceEncoder } from '../../../src/retrieval/index.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

let encoder: SentenceEncoder;
before(async () => {
  encoder = await SentenceEncoder.open();
});
after(() => encoder.close());

/** Minutes of three meetings with the same attendees: the Attendees passage (title, heading and text) is the same in all three. */
const minutes = (decision: string) => ({ title: 'Allotment minutes', content: `# Attendees\n\nAnna, Bo and Chidi.\n\n# Decisions\n\n${decision}`, docType: 'markdown' as const });

test('after reopening the index from disk, an edit re-embeds only the passage that changed, and a paragraph deleted notes shared is reused by the note that keeps it', async () => {
  const store = await openTestStore('rocksdb');
  const spring = await store.createDocument(minutes('Plant the potatoes in the spring beds.'));
  const summer = await store.createDocument(minutes('Water the tomatoes every evening in July.'));
  const autumn = await store.createDocument(minutes('Compost the leaves after the harvest.'));
  const bread = await store.createDocument({ title: 'Sourdough', content: '# Starter\n\nFeed the starter with flour and water every day.\n\n# Baking\n\nBake the loaf in a hot oven.', docType: 'markdown' });
  const file = path.join(tempDir(), 'vectors.bin');

  const first = await SemanticIndex.open(store, encoder, { file });
  const built = await first.run();
  assert.deepEqual([built.embedded, built.reused], [6, 2], 'the shared Attendees passage was embedded once for the three minutes');
  await first.close();

  const second = await SemanticIndex.open(store, encoder, { file });
  try {
    assert.equal(second.status().pending, 0);
    await store.updateDocument(bread.id, { content: '# Starter\n\nFeed the starter with flour and water every day.\n\n# Baking\n\nBake the loaf in a very hot oven.' });
    const edit = await second.run();
    assert.deepEqual([edit.embedded, edit.reused], [1, 1], 'the Starter section kept the vector saved in the file');

    await store.deleteDocument(spring.id);
    await store.deleteDocument(autumn.id);
    await store.updateDocument(summer.id, { content: minutes('Water the tomatoes every morning in August.').content });
    const kept = await second.run();
    assert.deepEqual([kept.embedded, kept.reused], [1, 1], 'the Attendees passage outlived the two deleted minutes');

    const [top] = await second.search('who came to the allotment meeting', 1);
    assert.equal(top!.documentId, summer.id);
    assert.deepEqual(second.status(), { model: encoder.id, documents: 2, passages: 4, pending: 0, paused: false });
  } finally {
    await second.close();
  }
});
