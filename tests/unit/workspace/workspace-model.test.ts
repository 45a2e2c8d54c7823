import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSampleWorkspace, loadWorkspaceModel } from '../../../src/workspace/index.js';
import { ENGINES, exitWhenDone, openTestStore } from '../../support/store.js';

exitWhenDone();

for (const engine of ENGINES) {
  describe(`workspace model on ${engine}`, () => {
    test('loads the sample workspace and follows every kind of change in order', async () => {
      const store = await openTestStore(engine);
      const sample = await createSampleWorkspace(store);
      const model = await loadWorkspaceModel(store);
      assert.equal(model.size, await store.countDocuments());
      assert.ok(model.size >= 25);
      assert.ok(model.threads().length >= 4);
      assert.ok(model.milestones().length >= 2);
      const alpha = model.threads().find((t) => t.name === 'Project Alpha')!;
      const page = model.threadDocuments(alpha.id, { limit: 3 });
      assert.equal(page.length, 3);
      assert.ok(page[0]!.createdAt <= page[1]!.createdAt && page[1]!.createdAt <= page[2]!.createdAt);
      assert.equal(model.threadSize(alpha.id), (await store.listDocuments({ threadId: alpha.id, limit: 1000 })).items.length);
      assert.equal([...model.relationships()].length, (await store.allRelationships()).length);
      assert.ok(sample.documentIds.some((id) => model.links(id).length > 0));

      const seen: string[] = [];
      model.onChange((c) => seen.push(c.kind));
      const doc = await store.createDocument({ title: 'Zebra facts', docType: 'markdown', content: 'stripes', threadId: alpha.id });
      assert.equal(model.get(doc.id)?.title, 'Zebra facts', 'applied synchronously after the write');
      assert.deepEqual(model.titlePrefix('zeb').map((d) => d.id), [doc.id]);
      await store.updateDocument(doc.id, { title: 'Zebra notes', threadId: null });
      assert.equal(model.threadDocuments(alpha.id, { limit: 1000 }).some((d) => d.id === doc.id), false);
      assert.equal(model.threadDocuments(null, { limit: 1000 }).some((d) => d.id === doc.id), true);
      const link = await store.createRelationship({ kind: 'related', from: doc.id, to: sample.documentIds[0]! });
      assert.deepEqual(model.links(doc.id, 'outbound').map((l) => l.id), [link.id]);
      await store.deleteDocument(doc.id);
      assert.equal(model.has(doc.id), false);
      assert.equal(model.links(sample.documentIds[0]!, 'inbound').some((l) => l.id === link.id), false);
      const t = await store.createThread({ name: 'New thread' });
      await store.createMilestone({ threadId: t.id, date: new Date(), label: 'M' });
      assert.equal(model.milestones(t.id).length, 1);
      await store.deleteThread(t.id);
      assert.equal(model.thread(t.id), undefined);
      assert.deepEqual(seen, [
        'document.created', 'document.updated', 'relationship.created', 'relationship.deleted', 'document.deleted',
        'thread.created', 'milestone.created', 'milestone.deleted', 'thread.deleted',
      ]);
      assert.equal((await model.content(sample.documentIds[0]!)).content.length > 0, true);
      model.dispose();
      await store.createDocument({ title: 'After dispose', docType: 'text', content: '' });
      assert.equal(seen.length, 9);
    });

    test("a document's links are the store's links from it and to it, after loading and after links are added and removed", async () => {
      const store = await openTestStore(engine);
      const sample = await createSampleWorkspace(store);
      const model = await loadWorkspaceModel(store);
      const expectLinksAsInStore = async () => {
        const all = await store.allRelationships();
        for (const id of sample.documentIds) {
          const from = all.filter((l) => l.from === id).map((l) => l.id).sort();
          const to = all.filter((l) => l.to === id).map((l) => l.id).sort();
          assert.deepEqual(model.links(id, 'outbound').map((l) => l.id).sort(), from, `links from ${id}`);
          assert.deepEqual(model.links(id, 'inbound').map((l) => l.id).sort(), to, `links to ${id}`);
          assert.deepEqual(model.links(id).map((l) => l.id).sort(), [...from, ...to].sort(), `links of ${id}`);
        }
      };
      await expectLinksAsInStore();
      // Between two documents that already have links: the new link joins the lists loaded in bulk.
      const linked = sample.documentIds.filter((id) => model.links(id).length > 0);
      assert.ok(linked.length >= 2);
      const added = await store.createRelationship({ kind: 'references', from: linked[1]!, to: linked[0]! });
      await expectLinksAsInStore();
      assert.ok(model.links(linked[0]!, 'inbound').some((l) => l.id === added.id));
      await store.deleteRelationship(added.id);
      const old = model.links(linked[0]!)[0]!;
      await store.deleteRelationship(old.id);
      await expectLinksAsInStore();
      assert.equal(model.links(old.from).some((l) => l.id === old.id) || model.links(old.to).some((l) => l.id === old.id), false);
      model.dispose();
    });
  });
}
