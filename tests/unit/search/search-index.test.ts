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
  assert.ok(index.search('the ').length > 0, 'a stop word alone is searchable');
  assert.ok(index.search('b').length > 0, 'one typed letter already completes');
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

test('common words return ranked results: title matches and frequent mentions first, within the limit', async () => {
  const store = await openTestStore('mem');
  const filler = 'notes about the week and other plans for later. ';
  const docs = await store.createDocuments([
    { title: 'Weekly data review', docType: 'markdown', content: filler + 'We looked at the data.' },
    { title: 'Shopping', docType: 'markdown', content: filler.repeat(3) + 'data once, at the end.' },
    { title: 'Metrics', docType: 'markdown', content: 'data data data and more data: the data team met. ' + filler },
    ...Array.from({ length: 30 }, (_, i) => ({ title: `Note ${i}`, docType: 'text' as const, content: filler + (i % 2 ? 'data point' : 'nothing here') })),
  ]);
  const index = await openSearchIndex(store);
  const hits = index.search('data', { limit: 5 });
  assert.equal(hits.length, 5);
  assert.equal(hits[0]!.id, docs[0]!.id, 'the title match ranks first');
  assert.equal(hits[1]!.id, docs[2]!.id, 'then the document that says it five times');
  assert.ok(hits.every((h, i) => i === 0 || hits[i - 1]!.score >= h.score), 'best first');
  assert.equal(index.search('data', { limit: 200 }).length, 3 + 15);
  assert.ok(!index.search('data', { limit: 200 }).some((h) => h.id === docs[3]!.id), 'every word is required');
  await index.close();
});

test('snippets show the matched word in its sentence, without markup', async () => {
  const store = await openTestStore('mem');
  const long = '# Heading\n\n' + 'Unrelated opening words go on. '.repeat(12) + 'The **quarterly** forecast for the orchard looks _good_. ' + 'Closing words. '.repeat(10);
  const doc = await store.createDocument({ title: 'Orchard', docType: 'markdown', content: long });
  const index = await openSearchIndex(store);
  for (const query of ['forecast', 'quarter', 'orchard forecast']) {
    const [hit] = index.search(query);
    assert.equal(hit?.id, doc.id, query);
    assert.match(hit!.snippet, /^….*The quarterly forecast for the orchard looks good/, query);
    assert.ok(!/[*_#\n]/.test(hit!.snippet), 'no markup or newlines');
  }
  await index.close();
});

test('only the word being typed matches as a prefix; a finished word must match whole', async () => {
  const store = await openTestStore('mem');
  await createSampleWorkspace(store);
  const index = await openSearchIndex(store);
  assert.ok(index.search('budget rev').length > 0, 'the last word completes: "rev" → review');
  assert.equal(index.search('budg review').length, 0, '"budg" is not the last word, so it must be a whole word');
  assert.equal(index.search('rev ').length, 0, 'a trailing space ends the word');
  const budget = index.search('budget ', { limit: 200 });
  const narrowed = index.search('budget r', { limit: 200 });
  assert.ok(narrowed.length > 0 && narrowed.length <= budget.length, 'one letter being typed already completes and narrows');
  assert.ok(narrowed.every((hit) => budget.some((b) => b.id === hit.id)));
  await index.close();
});

test('a damaged index file is rebuilt; a missing or foreign one too', async () => {
  const store = await openTestStore('rocksdb');
  await createSampleWorkspace(store);
  const file = path.join(tempDir(), 'search-index.bin');
  const index = await openSearchIndex(store, { file });
  const expected = index.search('budget').map((h) => h.id);
  await index.close();
  const written = fs.statSync(file).mtimeMs;
  const unchanged = await openSearchIndex(store, { file });
  await unchanged.close();
  assert.equal(fs.statSync(file).mtimeMs, written, 'an index that did not change is not written again');
  const bytes = fs.readFileSync(file);
  for (const damage of [
    (b: Buffer) => b.subarray(0, b.length >> 1),
    (b: Buffer) => {
      const c = Buffer.from(b);
      c.fill(0xff, 64, 256);
      return c;
    },
  ]) {
    fs.writeFileSync(file, damage(bytes));
    const rebuilt = await openSearchIndex(store, { file });
    assert.deepEqual(rebuilt.search('budget').map((h) => h.id), expected);
    await rebuilt.close();
  }
});

test('a Chinese note is found by one of its words, and a Japanese one by a word inside a phrase', async () => {
  const store = await openTestStore('mem');
  const chinese = await store.createDocument({ title: '会议记录', docType: 'markdown', content: '我们今天讨论了明年的预算问题。' });
  const japanese = await store.createDocument({ title: '東京の会議', docType: 'markdown', content: '来年度の予算案を確認しました。' });
  await store.createDocument({ title: 'Budget', docType: 'markdown', content: 'The budget for next year.' });
  const index = await openSearchIndex(store, {});
  assert.deepEqual(index.search('预算').map((hit) => hit.id), [chinese.id]);
  assert.deepEqual(index.search('予算').map((hit) => hit.id), [japanese.id]);
});

test('a long note is found by a word it gained in an edit, and no longer by one it lost', async () => {
  const store = await openTestStore('mem');
  const body = 'Minutes of the planning meeting, with the usual agenda and actions.\n\n'.repeat(2000);
  const note = await store.createDocument({ title: 'Planning', docType: 'markdown', content: body + 'Remember the marmalade.' });
  const index = await openSearchIndex(store, {});
  assert.deepEqual(index.search('marmalade').map((hit) => hit.id), [note.id]);
  await store.updateDocument(note.id, { content: body + 'Remember the zeppelin.' });
  await index.whenIdle();
  assert.deepEqual(index.search('zeppelin').map((hit) => hit.id), [note.id]);
  assert.deepEqual(index.search('marmalade'), []);
});

test('a note whose branch switch kept its text is still found, with the time the store gives it; a note moved to a thread is found in it', async () => {
  const store = await openTestStore('mem');
  const note = await store.createDocument({ title: 'Field notes', docType: 'markdown', content: 'A kingfisher by the weir.' });
  const other = await store.createDocument({ title: 'Birds', docType: 'markdown', content: 'A heron by the weir.' });
  const index = await openSearchIndex(store, {});
  const head = (await store.currentBranch(note.id)).head;
  await store.createBranch(note.id, 'draft/main', head);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await store.switchBranch(note.id, 'draft/main');
  const thread = await store.createThread({ name: 'Walks' });
  await store.updateDocument(other.id, { threadId: thread.id });
  await index.whenIdle();
  const stored = await store.getDocument(note.id);
  const [hit] = index.search('kingfisher');
  assert.equal(hit?.id, note.id);
  assert.equal(hit.modifiedAt.getTime(), stored.modifiedAt.getTime());
  assert.deepEqual(index.search('weir', { filters: { threadIds: [thread.id] } }).map((h) => h.id), [other.id]);
});

test('a saved index describes a document by id (title, type, start of the text) after reopening, and forgets a deleted one', async () => {
  const store = await openTestStore('rocksdb');
  const long = 'Minutes of the long meeting. ' + 'x'.repeat(40 * 1024);
  const minutes = await store.createDocument({ title: 'Board minutes', docType: 'text', content: long });
  const plan = await store.createDocument({ title: 'Garden plan', docType: 'markdown', content: '# Beds\n\nTomatoes in bed 1.' });
  const file = path.join(tempDir(), 'search-index.bin');
  const built = await openSearchIndex(store, { file });
  await built.close();

  const index = await openSearchIndex(store, { file });
  assert.deepEqual(index.summary(minutes.id), { id: minutes.id, title: 'Board minutes', docType: 'text' });
  assert.deepEqual(index.summary(plan.id), { id: plan.id, title: 'Garden plan', docType: 'markdown' });
  assert.equal(index.contentStart(plan.id, 200), '# Beds\n\nTomatoes in bed 1.');
  assert.equal(index.contentStart(minutes.id, 28), 'Minutes of the long meeting.', 'a long document starts as stored');
  assert.equal(index.summary('document:nowhere'), undefined);

  await store.updateDocument(plan.id, { title: 'Vegetable beds' });
  await store.deleteDocument(minutes.id);
  await index.whenIdle();
  assert.deepEqual(index.summary(plan.id), { id: plan.id, title: 'Vegetable beds', docType: 'markdown' });
  assert.equal(index.summary(minutes.id), undefined);
  assert.equal(index.contentStart(minutes.id, 200), undefined);
  await index.close();
  await store.close();
});
