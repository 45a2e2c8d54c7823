import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { StoreVersionControl } from '../../../src/versions/index.js';
import { loadWorkspaceModel } from '../../../src/workspace/index.js';
import { DocumentEditing, DraftJournal, JOURNAL_DIR } from '../../../src/skills/core/markdown-editor/index.js';
import { ENGINES, exitWhenDone, openTestStore, tempDir } from '../../support/store.js';
import { ManualClock } from './manual-clock.js';

exitWhenDone();

test('the journal replaces its file whole and sets a damaged one aside instead of deleting it', async () => {
  const dir = path.join(tempDir(), 'journal');
  const journal = new DraftJournal(dir);
  await journal.write('doc:1/x', 'first');
  await journal.write('doc:1/x', 'second text');
  assert.equal((await journal.read('doc:1/x'))?.content, 'second text');
  assert.deepEqual(fs.readdirSync(dir), [`${encodeURIComponent('doc:1/x')}.json`], 'no temporary file is left behind');
  fs.writeFileSync(path.join(dir, 'broken.json'), '{"version":1,"documentId":');
  const entries = await journal.entries();
  assert.deepEqual(entries.map((e) => e.content), ['second text']);
  assert.ok(fs.existsSync(path.join(dir, 'broken.json.damaged')), 'the damaged file is kept for a person to look at');
  await journal.remove('doc:1/x');
  assert.equal(await journal.read('doc:1/x'), undefined);
});

for (const engine of ENGINES) {
  describe(`an editing session (${engine})`, () => {
    const setup = async () => {
      const opened: { editing?: DocumentEditing } = {};
      // Registered before the store's close (hooks run in order): a save or a check for a change made
      // elsewhere that is still running when a test ends finishes before its store closes.
      after(() => opened.editing?.idle());
      const store = await openTestStore(engine);
      const model = await loadWorkspaceModel(store);
      const clock = new ManualClock();
      const dataDir = tempDir();
      const editing = (opened.editing = new DocumentEditing({ store, model, dataDir, clock }));
      const versions = new StoreVersionControl(store);
      const doc = await store.createDocument({ title: 'Plan', docType: 'markdown', content: 'start', isOwned: true });
      return { store, model, clock, dataDir, editing, versions, doc };
    };

    test('typed text reaches the journal first, then the document within a second, without a new version', async () => {
      const { store, clock, editing, versions, doc } = await setup();
      const session = editing.open(doc.id, doc.content);
      session.edit('start, then more');
      clock.advance(300);
      await session.idle();
      assert.equal((await editing.journal.read(doc.id))?.content, 'start, then more');
      assert.equal((await store.getDocument(doc.id)).content, 'start', 'not saved before the save delay');
      assert.equal(session.state, 'unsaved');
      clock.advance(700);
      await session.idle();
      assert.equal((await store.getDocument(doc.id)).content, 'start, then more');
      assert.equal(session.state, 'saved');
      assert.equal((await versions.history(doc.id, { branch: 'main' })).length, 1, 'autosaves are not versions');
    });

    test('a session of many edits becomes one version after 30 s idle, and the journal is emptied', async () => {
      const { store, clock, editing, versions, doc } = await setup();
      const session = editing.open(doc.id, doc.content);
      for (const text of ['s', 'st', 'sta', 'star', 'start!']) {
        session.edit(text);
        clock.advance(1000);
        await session.idle();
      }
      clock.advance(30_000);
      await session.idle();
      const history = await versions.history(doc.id);
      assert.equal(history.length, 2, 'the root commit and one version for the session');
      assert.equal(history[0]!.content, 'start!');
      assert.equal((await store.currentBranch(doc.id)).name, 'main', 'the document is back on its own branch');
      assert.equal(await editing.journal.read(doc.id), undefined);
      // A second session later makes a second version.
      session.edit('start! again');
      clock.advance(31_000);
      await session.idle();
      assert.equal((await versions.history(doc.id)).length, 3);
    });

    test('Ctrl+S saves a version with its message at once; closing saves the rest as another', async () => {
      const { store, clock, editing, versions, doc } = await setup();
      const session = editing.open(doc.id, doc.content);
      session.edit('draft one');
      await session.saveVersion('Before the meeting');
      const history = await versions.history(doc.id);
      assert.equal(history[0]!.message, 'Before the meeting');
      assert.equal(history[0]!.content, 'draft one');
      session.edit('draft two');
      clock.advance(100);
      await editing.close(session);
      assert.equal((await store.getDocument(doc.id)).content, 'draft two');
      assert.equal((await versions.history(doc.id)).length, 3);
    });

    test('Ctrl+S with nothing typed since the last version adds nothing to the history and says so', async () => {
      const { editing, versions, doc } = await setup();
      const session = editing.open(doc.id, doc.content);
      session.edit('draft one');
      assert.equal(await session.saveVersion('Before the meeting'), true);
      assert.equal(await session.saveVersion('Again'), false);
      assert.deepEqual((await versions.history(doc.id)).map((c) => c.message).slice(0, 1), ['Before the meeting']);
      assert.equal((await versions.history(doc.id)).length, 2);
      await editing.close(session);
    });

    test('keystrokes do not copy the text out of the buffer: it is read once, when it is written', async () => {
      const { store, clock, editing, doc } = await setup();
      const session = editing.open(doc.id, doc.content);
      let reads = 0;
      let buffer = doc.content;
      for (const key of 'abcdefghij') {
        buffer += key;
        session.touch(() => (reads++, buffer));
        clock.advance(50);
      }
      clock.advance(1000);
      await session.idle();
      assert.equal(reads, 1);
      assert.equal((await store.getDocument(doc.id)).content, 'startabcdefghij');
    });

    test('a later session that ends on the last version\'s text adds no version; one that ends elsewhere adds one with its text', async () => {
      const { clock, editing, versions, doc } = await setup();
      const session = editing.open(doc.id, doc.content);
      session.edit('first draft');
      assert.equal(await session.saveVersion('First'), true);
      for (const text of ['first draft, longer', 'first draft']) {
        session.edit(text);
        clock.advance(1000);
        await session.idle();
      }
      assert.equal(await session.saveVersion('Same again'), false);
      session.edit('second draft');
      clock.advance(1000);
      await session.idle();
      await editing.close(session);
      const history = await versions.history(doc.id);
      assert.deepEqual(history.map((c) => c.content), ['second draft', 'first draft', 'start']);
    });

    test('opening and closing without typing adds nothing to the history', async () => {
      const { editing, versions, doc } = await setup();
      const session = editing.open(doc.id, doc.content);
      await editing.close(session);
      assert.equal((await versions.history(doc.id)).length, 1);
    });

    test('typing and then undoing back to the opened text saves that text again and makes no version', async () => {
      const { store, clock, editing, versions, doc } = await setup();
      const session = editing.open(doc.id, doc.content);
      session.edit('start, changed');
      clock.advance(1000);
      await session.idle();
      assert.equal((await store.getDocument(doc.id)).content, 'start, changed');
      session.edit('start');
      clock.advance(1000);
      await session.idle();
      assert.equal((await store.getDocument(doc.id)).content, 'start', 'the undone text is the document again');
      await editing.close(session);
      assert.equal((await versions.history(doc.id)).length, 1, 'the text is as it was: no version');
      assert.equal((await store.currentBranch(doc.id)).name, 'main');
    });

    test('text left in the journal by a killed session is saved as one version when the workspace opens again', async () => {
      const { store, model, dataDir, editing, versions, doc } = await setup();
      const session = editing.open(doc.id, doc.content);
      // The app was killed after the journal write and one autosave, before the version.
      session.edit('autosaved');
      await session.saveVersion('first');
      await new DraftJournal(path.join(dataDir, JOURNAL_DIR)).write(doc.id, 'typed just before the kill ✓');
      const next = new DocumentEditing({ store, model, dataDir });
      const report = await next.replay();
      assert.deepEqual(report.recovered, [doc.id]);
      assert.equal((await store.getDocument(doc.id)).content, 'typed just before the kill ✓');
      const history = await versions.history(doc.id);
      assert.equal(history.length, 3);
      assert.equal(await next.journal.read(doc.id), undefined);
    });

    test('a saved [[Title]] becomes a references link; removing it from the text removes the link', async () => {
      const { store, model, clock, editing, doc } = await setup();
      const budget = await store.createDocument({ title: 'Budget 2026', docType: 'markdown', content: '', isOwned: true });
      const session = editing.open(doc.id, doc.content);
      session.edit('See [[budget 2026]] and [[Nothing by that name]].');
      clock.advance(1000);
      await session.idle();
      const links = () => model.links(doc.id, 'outbound').filter((l) => l.kind === 'references').map((l) => l.to);
      assert.deepEqual(links(), [budget.id]);
      session.edit('No links any more.');
      clock.advance(1000);
      await session.idle();
      assert.deepEqual(links(), []);
    });

    test('a change made elsewhere while editing is reported, never our own saves; Keep Mine keeps the other text on a branch', async () => {
      const { store, clock, editing, versions, doc } = await setup();
      const reported: string[] = [];
      const session = editing.open(doc.id, doc.content, { onChangedElsewhere: (content) => reported.push(content) });
      session.edit('mine, first');
      clock.advance(1000);
      await session.idle();
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(reported, [], 'our own autosave is not a change made elsewhere');
      // Another writer in this process (the assistant, a D-Bus client) saves the document.
      await versions.save(doc.id, 'theirs', { message: 'From elsewhere' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(reported, ['theirs']);
      session.edit('mine, second');
      const branch = await editing.keepMine(session);
      assert.equal((await store.getDocument(doc.id)).content, 'mine, second');
      const kept = (await store.listBranches(doc.id)).find((b) => b.name === branch)!;
      assert.equal((await store.getCommit(kept.head)).content, 'theirs', 'the other text is kept');
      await editing.close(session);
      assert.equal((await versions.history(doc.id))[0]!.content, 'mine, second');
    });

    test('Reload takes the text changed elsewhere; the session goes on from it', async () => {
      const { store, clock, editing, versions, doc } = await setup();
      let other = '';
      const session = editing.open(doc.id, doc.content, { onChangedElsewhere: (content) => (other = content) });
      await versions.save(doc.id, 'theirs', { message: 'From elsewhere' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      session.adopt(other);
      session.edit('theirs, and mine');
      clock.advance(1000);
      await editing.close(session);
      const history = await versions.history(doc.id);
      assert.deepEqual(history.map((c) => c.content), ['theirs, and mine', 'theirs', 'start']);
      assert.equal((await store.getDocument(doc.id)).content, 'theirs, and mine');
    });

    test('Make It Mine copies an imported document as an owned one derived from it; the original stays as imported', async () => {
      const { store, model, editing, doc } = await setup();
      const imported = await store.createDocument({ title: 'Report', docType: 'markdown', content: '# Report\n\nFrom the web.', isOwned: false });
      const copyId = await editing.makeItMine(imported.id);
      const copy = await store.getDocument(copyId);
      assert.equal(copy.isOwned, true);
      assert.equal(copy.content, '# Report\n\nFrom the web.');
      assert.deepEqual(model.links(copyId, 'outbound').map((l) => [l.kind, l.to]), [['derived_from', imported.id]]);
      assert.equal((await store.getDocument(imported.id)).isOwned, false);
      await assert.rejects(editing.makeItMine(doc.id), /yours already/);
    });

    test('a title must be one non-empty line; a rename reaches the workspace model', async () => {
      const { model, editing, doc } = await setup();
      await assert.rejects(editing.rename(doc.id, '   '), /title cannot be empty/);
      await assert.rejects(editing.rename(doc.id, 'two\nlines'), /one line/);
      await editing.rename(doc.id, '  Trip plan ');
      assert.equal(model.get(doc.id)?.title, 'Trip plan');
      assert.deepEqual(editing.titlesStartingWith('tri'), ['Trip plan']);
    });
  });
}
