import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { makeSnippet, openSearchIndex } from '../../../src/search/index.js';
import { createSampleWorkspace } from '../../../src/workspace/index.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

test('a snippet is one line around the first match', () => {
  const text = '# Title\n\n' + 'filler words here. '.repeat(20) + 'The **budget** for March grew.\n\nMore.';
  const snippet = makeSnippet(text, ['budget']);
  assert.match(snippet, /^….*budget for March grew/);
  assert.ok(!snippet.includes('\n') && !snippet.includes('**'));
  assert.equal(makeSnippet('short text', ['nothing']), 'short text');
});

test('search finds by title and content, by prefix and typo, filters, follows changes, and persists', async () => {
  const store = await openTestStore('rocksdb');
  await createSampleWorkspace(store);
  const file = path.join(tempDir(), 'search-index.json');
  const index = await openSearchIndex(store, { file });
  assert.equal(index.size, await store.countDocuments());
  const budget = index.search('budget');
  assert.ok(budget.length > 0);
  assert.match(budget[0]!.title, /budget/i, 'title matches rank first');
  assert.ok(budget.every((hit) => hit.snippet.length > 0 && hit.snippet.length < 200));
  assert.ok(index.search('budg').length > 0, 'the word being typed matches as a prefix');
  assert.ok(index.search('buget').length > 0, 'a small typo still matches');
  assert.deepEqual(index.search('   '), []);
  assert.equal(index.search('the').length, 0, 'a stop word alone matches nothing rather than everything');
  const threads = await store.listThreads();
  const personal = threads.find((t) => t.name === 'Personal')!;
  const filtered = index.search('notes', { filters: { threadIds: [personal.id] }, limit: 50 });
  assert.ok(filtered.every((hit) => hit.threadId === personal.id));
  assert.ok(index.search('budget', { filters: { docTypes: ['pdf'] } }).every((h) => h.docType === 'pdf'));

  const doc = await store.createDocument({ title: 'Quokka sightings', docType: 'markdown', content: 'A quokka smiled at Rottnest.' });
  await index.whenIdle();
  assert.equal(index.search('rottnest')[0]?.id, doc.id);
  await store.updateDocument(doc.id, { content: 'Now about wombats.' });
  await index.whenIdle();
  assert.equal(index.search('rottnest').length, 0);
  assert.equal(index.search('wombats')[0]?.id, doc.id);
  await index.close();
  assert.ok(fs.statSync(file).size > 1000);

  // Changes made while the index was closed are caught up from the event log on the next open.
  await store.deleteDocument(doc.id);
  const later = await store.createDocument({ title: 'Platypus', docType: 'text', content: 'venomous spur' });
  const reopened = await openSearchIndex(store, { file });
  assert.equal(reopened.search('wombats').length, 0);
  assert.equal(reopened.search('venomous')[0]?.id, later.id);
  await reopened.close();

  fs.writeFileSync(file, '{ not json');
  const rebuilt = await openSearchIndex(store, { file });
  assert.equal(rebuilt.size, await store.countDocuments(), 'an unreadable file is rebuilt');
  await rebuilt.close();
});
