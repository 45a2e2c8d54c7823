import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSearchIndex } from '../../../src/search/index.js';
import type { StoreChange } from '../../../src/store/index.js';
import { loadWorkspaceModel } from '../../../src/workspace/index.js';
import { DocumentEditing } from '../../../src/skills/core/markdown-editor/index.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';
import { ManualClock } from './manual-clock.js';

exitWhenDone();

test('an autosaved edit reaches the workspace model (the canvas card) and search (overlay and Shell) at once', async () => {
  const store = await openTestStore('mem');
  const model = await loadWorkspaceModel(store);
  const search = await openSearchIndex(store);
  const clock = new ManualClock();
  const editing = new DocumentEditing({ store, model, dataDir: tempDir(), clock });
  const doc = await store.createDocument({ title: 'Garden', docType: 'markdown', content: 'tomatoes', isOwned: true });
  const changes: StoreChange[] = [];
  model.onChange((change) => changes.push(change));
  const before = model.get(doc.id)!.modifiedAt.getTime();

  const session = editing.open(doc.id, doc.content);
  session.edit('tomatoes and zucchini');
  clock.advance(1000);
  await session.idle();
  await search.whenIdle();

  assert.ok(changes.some((c) => c.kind === 'document.updated' && c.document.id === doc.id && c.contentChanged), 'the model announced the new content');
  assert.ok(model.get(doc.id)!.modifiedAt.getTime() >= before);
  assert.deepEqual(search.search('zucchini', { limit: 5 }).map((hit) => hit.id), [doc.id]);

  await editing.rename(doc.id, 'Vegetable garden');
  await search.whenIdle();
  assert.equal(model.get(doc.id)!.title, 'Vegetable garden');
  assert.deepEqual(search.search('vegetable', { limit: 5 }).map((hit) => hit.id), [doc.id]);
});
