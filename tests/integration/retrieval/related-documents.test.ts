import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BulkWork } from '../../../src/core/index.js';
import { BackgroundIndexing, RelatedDocuments, SemanticIndex, SentenceEncoder } from '../../../src/retrieval/index.js';
import { exitWhenDone, openTestStore } from '../../support/store.js';

exitWhenDone();

let encoder: SentenceEncoder;
before(async () => {
  encoder = await SentenceEncoder.open();
});
after(() => encoder.close());

// Written for this test: three pairs that say the same thing in different words, and one note about something else.
const NOTES = {
  tyre: { title: 'Fixing a flat', content: 'To fix a flat tyre, take the wheel off, find the puncture and patch the inner tube.' },
  bike: { title: 'Bike maintenance', content: 'When your bicycle tire is punctured, remove the wheel and glue a patch over the hole in the tube.' },
  fern: { title: 'Houseplants', content: 'Water the fern twice a week and keep it out of direct sunlight.' },
  plants: { title: 'Indoor greenery', content: 'Indoor plants like ferns need regular watering and should be kept in the shade.' },
  tax: { title: 'Tax return', content: 'Gather the receipts and payslips before filing the annual income declaration.' },
  taxes: { title: 'Filing taxes', content: 'Collect your pay slips and receipts, then submit the yearly income tax return.' },
};

async function workspace() {
  const store = await openTestStore('mem');
  const ids = {} as Record<keyof typeof NOTES, string>;
  for (const [key, note] of Object.entries(NOTES)) ids[key as keyof typeof NOTES] = (await store.createDocument({ ...note, docType: 'markdown' })).id;
  const semantic = await SemanticIndex.open(store, encoder);
  return { store, ids, semantic, related: new RelatedDocuments(store, semantic) };
}

test('a note about a flat tyre finds its paraphrase first; an unrelated note ranks below it or not at all', async () => {
  const { ids, semantic, related } = await workspace();
  await semantic.run();
  const found = await related.find(ids.tyre);
  assert.equal(found[0]?.id, ids.bike, `first: ${found[0]?.title}`);
  assert.equal(found[0]?.title, 'Bike maintenance');
  assert.ok(!found.some((r) => r.id === ids.tyre), 'the note itself is not related to itself');
  const fern = found.findIndex((r) => r.id === ids.fern);
  assert.ok(fern === -1 || fern > 0, 'the houseplant note is not the best match');
  // The matched passage is a real range of the paraphrase note.
  assert.ok(found[0]!.passage.end > found[0]!.passage.start && found[0]!.passage.end <= NOTES.bike.content.length);
  await semantic.close();
});

test('a document already linked is left out, and accepting one creates a related link that then hides it', async () => {
  const { store, ids, semantic, related } = await workspace();
  await semantic.run();
  assert.equal((await related.find(ids.fern))[0]?.id, ids.plants);

  await store.createRelationship({ from: ids.tax, to: ids.taxes, kind: 'references' });
  assert.ok(!(await related.find(ids.taxes)).some((r) => r.id === ids.tax), 'linked in either direction');

  const link = await related.accept(ids.fern, ids.plants, 0.62);
  assert.deepEqual([link.kind, link.from, link.to, link.strength], ['related', ids.fern, ids.plants, 0.62]);
  const links = await store.relationshipsOf(ids.fern);
  assert.deepEqual(links.map((l) => [l.kind, l.to]), [['related', ids.plants]]);
  assert.ok(!(await related.find(ids.fern)).some((r) => r.id === ids.plants));
  await assert.rejects(related.accept(ids.fern, ids.fern), /itself/);
  await semantic.close();
});

test('a note not yet indexed still finds its related notes, and background indexing catches up, pausable', async () => {
  const { store, ids, semantic, related } = await workspace();
  const indexing = new BackgroundIndexing(semantic, store);
  const states: boolean[] = [];
  indexing.onChange((state) => states.push(state.running));
  indexing.pause();
  indexing.start();
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(semantic.status().pending, Object.keys(NOTES).length, 'paused: nothing embedded');
  indexing.resume();
  await indexing.idle();
  assert.equal(semantic.status().pending, 0);
  assert.ok(states.includes(true) && states.at(-1) === false, 'reported running, then done');

  // A new note, found before the queue reaches it (its passages are embedded on the spot).
  const fresh = await store.createDocument({ title: 'Puncture', content: 'My bike tyre went flat; I need to mend the tube.', docType: 'markdown' });
  const found = await related.find(fresh.id);
  assert.ok(found.slice(0, 2).some((r) => r.id === ids.tyre || r.id === ids.bike), `found: ${found.map((r) => r.title).join(', ')}`);
  await indexing.stop();
  await semantic.close();
});

test('background indexing waits while an import (bulk work) runs, and embeds what it brought once it ends', async () => {
  const { store, semantic } = await workspace();
  const bulk = new BulkWork();
  let endImport!: () => void;
  const importing = bulk.run(() => new Promise<void>((resolve) => (endImport = resolve)));
  const indexing = new BackgroundIndexing(semantic, store, bulk);
  indexing.start();
  await store.createDocument({ title: 'Imported', content: 'A note the import brought in.', docType: 'markdown' });
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.equal(semantic.status().pending, Object.keys(NOTES).length + 1, 'nothing embedded while the import runs');
  assert.equal(indexing.state.running, false);
  endImport();
  await importing;
  await indexing.idle();
  assert.equal(semantic.status().pending, 0, 'all embedded after it');
  await indexing.stop();
  await semantic.close();
});
