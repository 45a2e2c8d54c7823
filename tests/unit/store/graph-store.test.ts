import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import type { StoreChange } from '../../../src/store/index.js';
import { ENGINES, exitWhenDone, openTestStore } from '../../support/store.js';

exitWhenDone();

async function rejectsWith(promise: Promise<unknown>, kind: string, pattern?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isSovereignError(error), `expected a SovereignError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    if (pattern) assert.match(error.message, pattern);
    return true;
  });
}

for (const engine of ENGINES) {
  describe(`GraphStore on ${engine}`, () => {
    test('documents: create, read, update, list, delete, with their events and changes', async () => {
      const store = await openTestStore(engine);
      const changes: StoreChange[] = [];
      store.subscribe((change) => changes.push(change));
      const thread = await store.createThread({ name: 'Research', colour: '#33d17a' });
      const doc = await store.createDocument({
        title: 'Notes on graphs',
        docType: 'markdown',
        content: '# Graphs\n\nEdges and nodes.',
        threadId: thread.id,
        position: { x: 10, y: 20, userPlaced: true },
        provenance: { sourcePath: '/tmp/g.md', originalHash: 'ab12', importedAt: new Date('2025-01-02T03:04:05Z') },
      });
      const read = await store.getDocument(doc.id);
      assert.equal(read.content, '# Graphs\n\nEdges and nodes.');
      assert.deepEqual(read.position, { x: 10, y: 20, userPlaced: true });
      assert.equal(read.provenance?.importedAt.toISOString(), '2025-01-02T03:04:05.000Z');
      assert.equal((await store.getDocumentMeta(doc.id)).title, 'Notes on graphs');

      const updated = await store.updateDocument(doc.id, { title: 'Graph notes', content: 'changed', position: null }, { author: 'assistant', message: 'tidy' });
      assert.equal(updated.title, 'Graph notes');
      assert.equal(updated.position, null);
      assert.equal((await store.getDocument(doc.id)).position, null);
      const history = await store.listCommits(doc.id);
      assert.deepEqual(history.map((c) => [c.content, c.author, c.message]), [['changed', 'assistant', 'tidy'], ['# Graphs\n\nEdges and nodes.', 'user', 'Created']]);

      const page = await store.listDocuments({ threadId: thread.id });
      assert.deepEqual(page.items.map((d) => d.id), [doc.id]);
      assert.equal(await store.countDocuments(), 1);

      await store.deleteDocument(doc.id);
      assert.equal(await store.findDocument(doc.id), null);
      assert.deepEqual(await store.listCommits(doc.id).catch((e: Error) => e.name), 'SovereignError');
      assert.deepEqual(changes.map((c) => c.kind), ['thread.created', 'document.created', 'document.updated', 'document.deleted']);
      assert.deepEqual(changes.map((c) => c.seq), [1, 2, 3, 4]);
      const events = await store.listEvents({ types: ['document.'] });
      assert.deepEqual(events.map((e) => e.type), ['document.created', 'document.updated', 'document.deleted']);
    });

    test('listing pages by thread, type and date range', async () => {
      const store = await openTestStore(engine);
      const t = await store.createThread({ name: 'T' });
      const base = Date.UTC(2025, 0, 1);
      await store.createDocuments(
        Array.from({ length: 25 }, (_, i) => ({
          title: `Doc ${String(i).padStart(2, '0')}`,
          docType: i % 5 === 0 ? ('pdf' as const) : ('markdown' as const),
          content: `body ${i}`,
          threadId: i < 20 ? t.id : null,
          createdAt: new Date(base + i * 86_400_000),
        })),
      );
      const first = await store.listDocuments({ threadId: t.id, limit: 8 });
      assert.equal(first.items.length, 8);
      assert.equal(first.nextOffset, 8);
      const last = await store.listDocuments({ threadId: t.id, limit: 8, offset: 16 });
      assert.deepEqual(last.items.map((d) => d.title), ['Doc 16', 'Doc 17', 'Doc 18', 'Doc 19']);
      assert.equal(last.nextOffset, null);
      assert.equal((await store.listDocuments({ threadId: null })).items.length, 5);
      assert.equal((await store.listDocuments({ docTypes: ['pdf'] })).items.length, 5);
      const range = await store.listDocuments({ from: new Date(base + 3 * 86_400_000), until: new Date(base + 6 * 86_400_000) });
      assert.deepEqual(range.items.map((d) => d.title), ['Doc 03', 'Doc 04', 'Doc 05']);
      const newest = await store.listDocuments({ descending: true, limit: 1 });
      assert.equal(newest.items[0]!.title, 'Doc 24');
      assert.deepEqual((await store.findByTitlePrefix('Doc 1', 3)).map((d) => d.title), ['Doc 10', 'Doc 11', 'Doc 12']);
      assert.equal((await store.allDocumentMeta()).length, 25);
      let scanned = 0;
      for await (const batch of store.scanDocuments(10)) scanned += batch.length;
      assert.equal(scanned, 25);
    });

    test('a note created while every document is being read is not taken for damage, and the next read has it', async () => {
      const store = await openTestStore(engine);
      await store.createDocuments(Array.from({ length: 25 }, (_, i) => ({ title: `Doc ${i}`, docType: 'text' as const, content: `body ${i}` })), {});
      let scanned = 0;
      let created = false;
      for await (const batch of store.scanDocuments(10)) {
        scanned += batch.length;
        if (!created && batch.length < 10) {
          // The window creates a note (Ctrl+N) while the search index is built from the last page.
          await store.createDocument({ title: 'Untitled Note', docType: 'markdown', content: '' });
          created = true;
        }
      }
      assert.equal(scanned, 25);
      let again = 0;
      for await (const batch of store.scanDocuments(10)) again += batch.length;
      assert.equal(again, 26);
    });

    test('relationships: create, traverse 1 and 2 hops both ways, filter by kind, delete', async () => {
      const store = await openTestStore(engine);
      const ids = ['a', 'b', 'c', 'd', 'e'];
      await store.createDocuments(
        ids.map((id) => ({ id, title: id.toUpperCase(), docType: 'text' as const, content: id })),
        {
          relationships: [
            { kind: 'references', from: 'a', to: 'b' },
            { kind: 'related', from: 'b', to: 'c', strength: 0.5 },
            { kind: 'references', from: 'b', to: 'd' },
            { kind: 'continues', from: 'a', to: 'e' },
          ],
        },
      );
      const names = (docs: { id: string }[]) => docs.map((d) => d.id).sort();
      assert.deepEqual(names(await store.traverse('a')), ['b', 'e']);
      assert.deepEqual(names(await store.traverse('a', { hops: 2 })), ['c', 'd']);
      assert.deepEqual(names(await store.traverse('a', { hops: 2, kinds: ['references'] })), ['d']);
      assert.deepEqual(names(await store.traverse('c', { direction: 'inbound', hops: 2 })), ['a']);
      assert.deepEqual(names(await store.traverse('b', { direction: 'both' })), ['a', 'c', 'd']);
      assert.equal((await store.traverse('a', { hops: 2, limit: 1 })).length, 1);
      const edges = await store.relationshipsOf('b');
      assert.equal(edges.length, 3);
      const related = edges.find((e) => e.kind === 'related')!;
      assert.equal(related.strength, 0.5);
      assert.equal((await store.updateRelationshipStrength(related.id, 0.9)).strength, 0.9);
      await store.deleteRelationship(related.id);
      assert.deepEqual(names(await store.traverse('b')), ['d']);
      await store.deleteDocument('b');
      assert.deepEqual(await store.relationshipsOf('a', 'outbound').then((r) => r.map((e) => e.to)), ['e']);
      assert.equal((await store.allRelationships()).length, 1);
    });

    test('threads and milestones: CRUD, unique names, deleting a thread keeps its documents', async () => {
      const store = await openTestStore(engine);
      const alpha = await store.createThread({ name: 'Alpha' });
      const beta = await store.createThread({ name: 'Beta', description: 'second' });
      assert.deepEqual((await store.listThreads()).map((t) => t.name), ['Alpha', 'Beta']);
      await rejectsWith(store.createThread({ name: ' alpha ' }), 'already-exists', /Alpha/);
      await rejectsWith(store.updateThread(beta.id, { name: 'ALPHA' }), 'already-exists');
      assert.equal((await store.updateThread(beta.id, { order: -1 })).order, -1);
      assert.deepEqual((await store.listThreads()).map((t) => t.name), ['Beta', 'Alpha']);
      assert.equal((await store.findThreadByName('beta'))?.id, beta.id);
      const m = await store.createMilestone({ threadId: alpha.id, date: new Date('2026-03-01'), label: 'Launch' });
      await store.createMilestone({ threadId: alpha.id, date: new Date('2026-01-01'), label: 'Kickoff' });
      assert.deepEqual((await store.listMilestones(alpha.id)).map((x) => x.label), ['Kickoff', 'Launch']);
      assert.equal((await store.updateMilestone(m.id, { label: 'Ship' })).label, 'Ship');
      await store.deleteMilestone(m.id);
      await rejectsWith(store.getMilestone(m.id), 'not-found');
      const doc = await store.createDocument({ title: 'In alpha', docType: 'markdown', content: '', threadId: alpha.id });
      await store.deleteThread(alpha.id);
      assert.equal((await store.getDocument(doc.id)).threadId, null);
      assert.deepEqual(await store.listMilestones(), []);
      await rejectsWith(store.getThread(alpha.id), 'not-found');
    });

    test('branches: create, switch, commit on a branch, delete', async () => {
      const store = await openTestStore(engine);
      const doc = await store.createDocument({ title: 'Plan', docType: 'markdown', content: 'v1' });
      const branch = await store.createBranch(doc.id, 'draft');
      assert.equal(branch.head, (await store.currentBranch(doc.id)).head);
      await rejectsWith(store.createBranch(doc.id, 'draft'), 'already-exists');
      await rejectsWith(store.createBranch(doc.id, 'bad name!'), 'invalid-input');
      await store.commit({ documentId: doc.id, branch: 'draft', content: 'v2 on draft' });
      assert.equal((await store.getDocument(doc.id)).content, 'v1', 'a commit on another branch leaves the document alone');
      await store.switchBranch(doc.id, 'draft');
      assert.equal((await store.getDocument(doc.id)).content, 'v2 on draft');
      assert.equal((await store.currentBranch(doc.id)).name, 'draft');
      await rejectsWith(store.deleteBranch(doc.id, 'draft'), 'conflict');
      await store.switchBranch(doc.id, 'main');
      await store.deleteBranch(doc.id, 'draft');
      assert.deepEqual((await store.listBranches(doc.id)).map((b) => b.name), ['main']);
      assert.equal((await store.allCommits(doc.id)).length, 2, 'commits of a deleted branch stay');
    });

    test('event log and conversations', async () => {
      const store = await openTestStore(engine);
      await store.appendEvent('ui.state', { windows: ['a'], camera: { x: 1, y: 2, zoom: 1.5 } });
      await store.appendEvent('ui.state', { windows: [], camera: { x: 5, y: 6, zoom: 1 } });
      const latest = await store.latestEvent('ui.state');
      assert.deepEqual(latest?.payload['camera'], { x: 5, y: 6, zoom: 1 });
      await rejectsWith(store.appendEvent('Bad Type', {}), 'invalid-input');
      const c = await store.createConversation('Budget questions');
      await store.appendMessage(c.id, { role: 'user', content: 'What did we spend?' });
      await store.appendMessage(c.id, { role: 'assistant', content: 'About 1200.', metadata: { tool: 'search' } });
      const messages = await store.listMessages(c.id);
      assert.deepEqual(messages.map((m) => [m.index, m.role]), [[0, 'user'], [1, 'assistant']]);
      assert.deepEqual(messages[1]!.metadata, { tool: 'search' });
      assert.equal((await store.renameConversation(c.id, 'Spending')).title, 'Spending');
      assert.equal((await store.listConversations())[0]!.title, 'Spending');
      const logged = await store.listEvents({ types: ['message.'] });
      assert.deepEqual(logged.map((e) => e.type), ['message.user', 'message.assistant']);
      assert.ok(logged[0]!.seq < logged[1]!.seq);
      assert.equal((await store.listEvents({ descending: true, limit: 1 }))[0]!.type, 'conversation.renamed');
      await store.deleteConversation(c.id);
      await rejectsWith(store.listMessages(c.id), 'not-found');
    });

    test('bad input: unknown ids, invalid fields, hostile strings, duplicates; nothing half-written', async () => {
      const store = await openTestStore(engine);
      await rejectsWith(store.getDocument('nope'), 'not-found', /nope/);
      await rejectsWith(store.getDocument('x"; DELETE document; --'), 'invalid-input');
      await rejectsWith(store.updateDocument('nope', { title: 'x' }), 'not-found');
      await rejectsWith(store.createDocument({ title: '', docType: 'markdown', content: '' }), 'invalid-input', /title/);
      await rejectsWith(store.createDocument({ title: 'x', docType: 'exe' as never, content: '' }), 'invalid-input', /docType/);
      await rejectsWith(store.createDocument({ title: 'x', docType: 'text', content: '', threadId: 'missing' }), 'not-found', /thread/);
      await rejectsWith(store.createDocument({ title: 'x', docType: 'text', content: '', position: { x: Number.NaN, y: 0, userPlaced: false } }), 'invalid-input', /position.x/);
      const hostile = "Robert'); DROP TABLE document; -- \u0000 ${x} $id";
      const doc = await store.createDocument({ id: 'dup', title: hostile, docType: 'text', content: hostile });
      assert.equal((await store.getDocument(doc.id)).title, hostile);
      await rejectsWith(store.createDocument({ id: 'dup', title: 'again', docType: 'text', content: '' }), 'already-exists');
      await rejectsWith(store.createRelationship({ kind: 'references', from: 'dup', to: 'ghost' }), 'not-found', /ghost/);
      await rejectsWith(store.createRelationship({ kind: 'references', from: 'dup', to: 'dup' }), 'invalid-input');
      await rejectsWith(store.createThread({ name: 'x', colour: 'red' }), 'invalid-input', /colour/);
      await rejectsWith(store.listDocuments({ limit: 0 }), 'invalid-input', /limit/);
      const before = await store.countDocuments();
      await rejectsWith(
        store.createDocuments([
          { title: 'fine', docType: 'text', content: '' },
          { title: 'broken', docType: 'text', content: 5 as never },
        ]),
        'invalid-input',
        /Document 2/,
      );
      // A batch that the database rejects (a duplicate id inside it) leaves nothing behind.
      await assert.rejects(
        store.createDocuments([
          { id: 'n1', title: 'one', docType: 'text', content: '' },
          { id: 'dup', title: 'clash', docType: 'text', content: '' },
        ]),
      );
      assert.equal(await store.countDocuments(), before);
      assert.equal(await store.findDocument('n1'), null);
    });
  });
}
