import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IndexedDocuments } from '../../../src/dbus/indexed-documents.js';
import { OpeningDocuments } from '../../../src/dbus/opening-documents.js';
import type { DocumentEvent } from '../../../src/dbus/ports.js';
import { WorkspaceDocuments } from '../../../src/dbus/workspace-documents.js';
import { ImportService } from '../../../src/importers/import-service.js';
import { openSearchIndex } from '../../../src/search/index.js';
import type { GraphStore } from '../../../src/store/index.js';
import { loadWorkspaceModel } from '../../../src/workspace/index.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

/** A workspace whose opening finishes when the test says so: the state a cold service is in while it builds its model. */
function openingWorkspace(store: GraphStore) {
  let finish: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (finish = resolve));
  const opened = released.then(async () => {
    const model = await loadWorkspaceModel(store);
    const index = await openSearchIndex(store);
    return new WorkspaceDocuments(model, async () => index, new ImportService(store, tempDir()));
  });
  return { opened, finish };
}

test('while the workspace opens, a Shell search answers with no results instead of waiting for it', async () => {
  const store = await openTestStore('mem');
  const budget = await store.createDocument({ title: 'Budget for March', docType: 'markdown', content: 'rent and groceries' });
  const { opened, finish } = openingWorkspace(store);
  const documents = new OpeningDocuments(opened, { patienceMs: 50 });

  assert.equal(documents.ready, false);
  assert.deepEqual(await documents.search('budget', 5), [], 'nothing is ready: the answer is empty, not late');
  assert.deepEqual(documents.describe([budget.id]), [], 'no metadata before the model is loaded');
  assert.equal(await documents.excerpt(budget.id), '');

  finish();
  await opened;
  assert.equal(documents.ready, true);
  const hits = await documents.search('budget', 5);
  assert.deepEqual(
    hits.map((hit) => hit.id),
    [budget.id],
    'once open, the same search finds the document',
  );
  assert.deepEqual(documents.describe([budget.id]), [{ id: budget.id, title: 'Budget for March', docType: 'markdown' }]);
  await store.close();
});

test('a search that arrives just before the workspace finishes opening waits for it and finds the document', async () => {
  const store = await openTestStore('mem');
  const budget = await store.createDocument({ title: 'Budget for April', docType: 'markdown', content: 'holiday savings' });
  const { opened, finish } = openingWorkspace(store);
  const documents = new OpeningDocuments(opened, { patienceMs: 60_000 });
  const answer = documents.search('budget', 5);
  finish();
  assert.deepEqual(
    (await answer).map((hit) => hit.id),
    [budget.id],
  );
  await store.close();
});

test('thread lists and renames wait for the workspace, and change signals subscribed before it opened arrive', async () => {
  const store = await openTestStore('mem');
  const thread = await store.createThread({ name: 'Finance' });
  const doc = await store.createDocument({ title: 'Old title', docType: 'markdown', content: 'x', threadId: thread.id });
  const { opened, finish } = openingWorkspace(store);
  const documents = new OpeningDocuments(opened, { patienceMs: 50 });
  const events: DocumentEvent[] = [];
  documents.onDocumentEvent((event) => events.push(event));

  const threads = documents.listThreads();
  const renamed = documents.renameDocument(doc.id, 'New title');
  finish();
  assert.deepEqual(
    (await threads).map((t) => t.name),
    ['Finance'],
  );
  await renamed;
  assert.equal((await store.getDocument(doc.id)).title, 'New title');
  assert.deepEqual(events, [{ kind: 'changed', id: doc.id, title: 'New title' }]);
  await store.close();
});

test('a workspace that fails to open fails the Shell\'s searches with its own error, even with the index open', async () => {
  const store = await openTestStore('mem');
  await store.createDocument({ title: 'Budget for May', docType: 'markdown', content: 'rent' });
  const index = await openSearchIndex(store);
  const failure = new Error('the database is damaged');
  const opening = Promise.reject(failure);
  const documents = new OpeningDocuments(opening, { early: Promise.resolve(new IndexedDocuments(index, store)), patienceMs: 60_000 });
  await assert.rejects(documents.search('budget', 5, { fromIndex: true }), failure);
  await Promise.resolve();
  await assert.rejects(documents.search('budget', 5, { fromIndex: true }), failure, 'also once the index is known to be open');
  assert.deepEqual(documents.describe([]), []);
  await assert.rejects(documents.search('budget', 5), failure);
  await store.close();
});

test('a workspace that fails to open fails imports with its own error, and searches too', async () => {
  const failure = new Error('the database is damaged');
  const opening = Promise.reject(failure);
  const documents = new OpeningDocuments(opening, { patienceMs: 50 });
  await assert.rejects(documents.importFile('/tmp/a.md'), failure);
  await assert.rejects(documents.search('budget', 5), failure);
  assert.equal(documents.ready, false);
});

test('once the search index is open, searches and result metadata are answered from it before the model has loaded, as the model would answer them', async () => {
  const store = await openTestStore('mem');
  const march = await store.createDocument({ title: 'Budget for March', docType: 'markdown', content: '# Rent\n\nrent and groceries for the budget' });
  const april = await store.createDocument({ title: 'Holiday plan', docType: 'text', content: 'the April budget covers the ferry' });
  const { opened, finish } = openingWorkspace(store);
  const index = await openSearchIndex(store);
  const documents = new OpeningDocuments(opened, { early: Promise.resolve(new IndexedDocuments(index, store)), patienceMs: 60_000 });
  await Promise.resolve();

  assert.equal(documents.ready, false, 'the model has not loaded');
  let otherAnswered = false;
  const other = documents.search('budget', 5).then((hits) => ((otherAnswered = true), hits));
  const early = await documents.search('budget', 5, { fromIndex: true });
  assert.equal(otherAnswered, false, 'a search not from the Shell waits for the model');
  assert.deepEqual(early.map((hit) => hit.id).sort(), [march.id, april.id].sort(), 'both budget documents are found before the model loads');
  const earlyMeta = documents.describe([april.id, march.id, 'document:missing']);
  assert.deepEqual(earlyMeta, [
    { id: april.id, title: 'Holiday plan', docType: 'text' },
    { id: march.id, title: 'Budget for March', docType: 'markdown' },
  ]);
  assert.equal(await documents.excerpt(march.id), '# Rent\n\nrent and groceries for the budget', 'the excerpt is the start of the stored text');

  finish();
  await opened;
  assert.equal(documents.ready, true);
  assert.deepEqual(await documents.search('budget', 5), early, 'the model-backed answer is the same, in the same order');
  assert.deepEqual(await other, early);
  assert.deepEqual(documents.describe([april.id, march.id, 'document:missing']), earlyMeta);
  assert.equal(await documents.excerpt(march.id), '# Rent\n\nrent and groceries for the budget');
  await store.close();
});

test('a rename made before the model has loaded shows in the index at once and in every answer once the model is loaded', async () => {
  const store = await openTestStore('mem');
  const doc = await store.createDocument({ title: 'Draft minutes', docType: 'markdown', content: 'the committee met on Tuesday' });
  const { opened, finish } = openingWorkspace(store);
  const index = await openSearchIndex(store);
  const documents = new OpeningDocuments(opened, { early: Promise.resolve(new IndexedDocuments(index, store)), patienceMs: 60_000 });
  await Promise.resolve();

  await documents.renameDocument(doc.id, 'Approved minutes');
  assert.equal(documents.ready, false, 'the rename was made before the model loaded');
  await index.whenIdle();
  assert.deepEqual(documents.describe([doc.id]), [{ id: doc.id, title: 'Approved minutes', docType: 'markdown' }], 'the index follows the store');

  finish();
  await opened;
  assert.deepEqual(documents.describe([doc.id]), [{ id: doc.id, title: 'Approved minutes', docType: 'markdown' }], 'the model has the new title');
  assert.deepEqual((await documents.search('approved', 5)).map((hit) => [hit.id, hit.title]), [[doc.id, 'Approved minutes']]);
  assert.deepEqual(await documents.search('draft', 5), [], 'the old title no longer matches');
  await store.close();
});
