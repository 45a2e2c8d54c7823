import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import { StoreVersionControl, diffTexts, mergeTexts, renderMerge } from '../../../src/versions/index.js';
import { ENGINES, exitWhenDone, openTestStore } from '../../support/store.js';

exitWhenDone();

test('diffs count lines and mark words', () => {
  const d = diffTexts('one\ntwo\nthree\n', 'one\n2\nthree\nfour\n');
  assert.equal(d.added, 2);
  assert.equal(d.removed, 1);
  assert.ok(d.words.some((p) => p.kind === 'added' && p.text.includes('four')));
});

test('a merge of different paragraphs is clean; the same words changed both ways conflict', () => {
  const base = 'Intro.\n\nMiddle part.\n\nEnd.';
  const clean = mergeTexts('Intro, revised.\n\nMiddle part.\n\nEnd.', base, 'Intro.\n\nMiddle part.\n\nThe end.');
  assert.equal(clean.conflicts.length, 0);
  assert.equal(renderMerge(clean), 'Intro, revised.\n\nMiddle part.\n\nThe end.');
  const byWord = mergeTexts('The quick brown fox jumps over the dog.', 'The quick fox jumps over the dog.', 'The quick fox jumps over the lazy dog.');
  assert.equal(byWord.conflicts.length, 0);
  assert.equal(renderMerge(byWord), 'The quick brown fox jumps over the lazy dog.');
  const clash = mergeTexts('Budget is 100.', 'Budget is 50.', 'Budget is 75.');
  assert.equal(clash.conflicts.length, 1);
  assert.match(renderMerge(clash), /<<<<<<< ours\nBudget is 100\.\n=======\nBudget is 75\.\n>>>>>>> theirs/);
  assert.equal(renderMerge(clash, ['Budget is 90.']), 'Budget is 90.');
});

for (const engine of ENGINES) {
  describe(`version control on ${engine}`, () => {
    test('save, history, diff, restore: nothing is lost', async () => {
      const store = await openTestStore(engine);
      const vc = new StoreVersionControl(store);
      const doc = await store.createDocument({ title: 'Essay', docType: 'markdown', content: 'first' });
      const second = await vc.save(doc.id, 'second', { message: 'edit' });
      assert.equal((await vc.save(doc.id, 'second')).id, second.id, 'unchanged content makes no commit');
      await vc.save(doc.id, 'third', { author: 'assistant' });
      const history = await vc.history(doc.id);
      assert.deepEqual(history.map((c) => c.content), ['third', 'second', 'first']);
      const diff = await vc.diff(history[2]!.id, history[0]!.id);
      assert.deepEqual(diff.lines.map((p) => [p.kind, p.text]), [['removed', 'first'], ['added', 'third']]);
      const restored = await vc.restore(doc.id, history[2]!.id);
      assert.equal(restored.content, 'first');
      assert.equal((await store.getDocument(doc.id)).content, 'first');
      assert.equal((await vc.history(doc.id)).length, 4);
    });

    test('merging branches: clean merge commit with two parents, then conflicts resolved by the caller', async () => {
      const store = await openTestStore(engine);
      const vc = new StoreVersionControl(store);
      const doc = await store.createDocument({ title: 'Plan', docType: 'markdown', content: 'Goal: ship.\n\nBudget: 50.\n\nTeam: two.' });
      await vc.createBranch(doc.id, 'idea');
      await vc.save(doc.id, 'Goal: ship in May.\n\nBudget: 50.\n\nTeam: two.');
      await store.commit({ documentId: doc.id, branch: 'idea', content: 'Goal: ship.\n\nBudget: 50.\n\nTeam: three.' });
      const merged = await vc.merge(doc.id, 'idea');
      assert.equal(merged.status, 'merged');
      if (merged.status !== 'merged') return;
      assert.equal(merged.commit.parents.length, 2);
      assert.equal((await store.getDocument(doc.id)).content, 'Goal: ship in May.\n\nBudget: 50.\n\nTeam: three.');
      assert.equal((await vc.merge(doc.id, 'idea')).status, 'up-to-date');

      await vc.save(doc.id, 'Goal: ship in May.\n\nBudget: 80.\n\nTeam: three.');
      await store.commit({ documentId: doc.id, branch: 'idea', content: 'Goal: ship.\n\nBudget: 60.\n\nTeam: three.' });
      const attempt = await vc.merge(doc.id, 'idea');
      assert.equal(attempt.status, 'conflicts');
      if (attempt.status !== 'conflicts') return;
      assert.deepEqual(attempt.conflicts.map((c) => [c.ours, c.theirs, c.base]), [['Goal: ship in May.\n\nBudget: 80.', 'Goal: ship.\n\nBudget: 60.', 'Goal: ship.\n\nBudget: 50.']]);
      assert.equal((await store.getDocument(doc.id)).content.includes('80'), true, 'a conflicted merge changes nothing');
      await assert.rejects(vc.resolveMerge(doc.id, 'idea', attempt, []), (e: unknown) => isSovereignError(e, 'invalid-input'));
      const resolved = await vc.resolveMerge(doc.id, 'idea', attempt, ['Goal: ship in May.\n\nBudget: 70.']);
      assert.equal(resolved.content, 'Goal: ship in May.\n\nBudget: 70.\n\nTeam: three.');
      await assert.rejects(vc.resolveMerge(doc.id, 'idea', attempt, ['x']), (e: unknown) => isSovereignError(e, 'conflict'));
      await assert.rejects(vc.merge(doc.id, 'main'), (e: unknown) => isSovereignError(e, 'invalid-input'));
      await assert.rejects(vc.merge(doc.id, 'nope'), (e: unknown) => isSovereignError(e, 'not-found'));
    });
  });
}
