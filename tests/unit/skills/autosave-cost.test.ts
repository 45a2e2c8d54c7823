import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openMemoryStore, openStore, sealedFields, type FieldCipher, type GraphStore } from '../../../src/store/index.js';
import { StoreVersionControl } from '../../../src/versions/index.js';
import { loadWorkspaceModel } from '../../../src/workspace/index.js';
import { DocumentEditing } from '../../../src/skills/core/markdown-editor/index.js';
import { ENGINES, exitWhenDone, tempDir, type Engine } from '../../support/store.js';
import { ManualClock } from './manual-clock.js';

exitWhenDone();

/**
 * A vault's real cipher (AES-GCM under a random key) that counts the stored
 * texts it opens: in a vault every document or commit text the store reads
 * back is opened here, so the count is how often a save read a text.
 */
function countingCipher(): { cipher: FieldCipher; textsOpened: () => number } {
  const real = sealedFields(randomBytes(32));
  let opened = 0;
  const cipher: FieldCipher = {
    encrypts: real.encrypts,
    files: real.files,
    lookupKey: (field, value) => real.lookupKey(field, value),
    seal: (record, field, plaintext) => real.seal(record, field, plaintext),
    open(record, field, stored) {
      if (field === 'content' && (record.startsWith('document:') || record.startsWith('commit:'))) opened++;
      return real.open(record, field, stored);
    },
  };
  return { cipher, textsOpened: () => opened };
}

async function openVault(engine: Engine, cipher: FieldCipher): Promise<GraphStore> {
  return engine === 'mem'
    ? openMemoryStore(undefined, cipher)
    : openStore(defaultConfig(), resolvePaths({ HOME: tempDir() }), { url: `rocksdb://${path.join(tempDir(), 'db')}`, cipher });
}

/** About a megabyte of markdown, as the editor benchmark types into. */
const ONE_MEGABYTE = '## Section\n\nSome *markdown* with a [link](https://example.org) and `code`.\n\n'.repeat(14_000);

for (const engine of ENGINES) {
  describe(`autosaving a 1 MB note (${engine})`, () => {
    const setup = async () => {
      const opened: { store?: GraphStore; editing?: DocumentEditing } = {};
      // Registered before the temp dirs' removal (hooks run in order): the editor finishes, then the
      // store closes, then its files go. Nothing of the editor's may outlive the store it writes to.
      after(async () => {
        await opened.editing?.closeAll();
        await opened.store?.close();
      });
      const { cipher, textsOpened } = countingCipher();
      const store = (opened.store = await openVault(engine, cipher));
      const model = await loadWorkspaceModel(store);
      const clock = new ManualClock();
      const editing = (opened.editing = new DocumentEditing({ store, model, dataDir: tempDir(), clock, cipher }));
      const doc = await store.createDocument({ title: 'Big', docType: 'markdown', content: ONE_MEGABYTE, isOwned: true });
      return { store, clock, editing, doc, textsOpened, versions: new StoreVersionControl(store) };
    };

    test('each autosave of an open 1 MB note is one write that reads none of its text back, and raises no banner', async () => {
      const { store, clock, editing, doc, textsOpened } = await setup();
      const reported: string[] = [];
      const session = editing.open(doc.id, doc.content, { onChangedElsewhere: (content) => reported.push(content) });
      session.edit(doc.content + 'a');
      clock.advance(1000);
      await editing.idle();
      assert.equal(session.state, 'saved');
      const writesBefore = store.lastEventSeq;
      for (const typed of ['b', 'c', 'd', 'e']) {
        session.edit(session.savedText + typed);
        clock.advance(1000);
        await editing.idle();
      }
      assert.equal(store.lastEventSeq - writesBefore, 4, 'four autosaves, four writes');
      assert.equal(textsOpened(), 0, 'no autosave read a text back, the first one (which opens the draft) included');
      assert.deepEqual(reported, [], 'our own autosaves are not changes made elsewhere');
      assert.ok((await store.getDocument(doc.id)).content.endsWith('abcde'));
    });

    test('another writer saving the note while we type raises the banner with their text', async () => {
      const { clock, editing, doc, versions } = await setup();
      const reported: string[] = [];
      const session = editing.open(doc.id, doc.content, { onChangedElsewhere: (content) => reported.push(content) });
      session.edit(doc.content + ' mine, autosaved');
      clock.advance(1000);
      await editing.idle();
      session.edit(doc.content + ' mine, typed since');
      // The journal is being written (the session is busy) when the other writer's save is announced.
      clock.advance(300);
      await versions.save(doc.id, 'theirs', { message: 'From elsewhere' });
      await editing.idle();
      assert.deepEqual(reported, ['theirs']);
    });

    test('a session of autosaves on a 1 MB note still ends as one version, with every character typed', async () => {
      const { store, clock, editing, doc, versions } = await setup();
      const session = editing.open(doc.id, doc.content, { onChangedElsewhere: () => assert.fail('no other writer') });
      let text = doc.content;
      for (const typed of ['one ', 'two ', 'three ✓']) {
        text += typed;
        session.edit(text);
        clock.advance(1000);
        await editing.idle();
      }
      await editing.close(session);
      const history = await versions.history(doc.id);
      assert.equal(history.length, 2, 'the created text and one version of the session');
      assert.equal(history[0]!.content, text);
      assert.equal((await store.getDocument(doc.id)).content, text);
      assert.deepEqual((await store.listBranches(doc.id)).map((b) => b.name), ['main'], 'no draft branch is left behind');
    });
  });
}
