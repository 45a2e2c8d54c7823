import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { FileCipher } from '../../../src/core/crypto/index.js';
import { openStore, sealedFields, type GraphStore } from '../../../src/store/index.js';
import { createSampleWorkspace, loadWorkspaceModel, type WorkspaceModel } from '../../../src/workspace/index.js';
import { decodeSnapshot, encodeSnapshot } from '../../../src/workspace/model-snapshot.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

/** Everything a model holds, in a comparable order. */
function contents(model: WorkspaceModel) {
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : 1);
  return {
    documents: [...model.documents()].sort(byId),
    links: [...model.relationships()].sort(byId),
    threads: model.threads(),
    milestones: model.milestones(),
  };
}

async function fromDatabase(store: GraphStore) {
  const model = await loadWorkspaceModel(store);
  const out = contents(model);
  model.dispose();
  return out;
}

test('a snapshot round-trips every field of documents and links, tags and the importer included', () => {
  const docs = [
    { id: 'a', title: 'A', docType: 'pdf' as const, threadId: 't1', isOwned: false, createdAt: new Date(1), modifiedAt: new Date(2), position: { x: 1.5, y: -2, userPlaced: true }, provenance: { sourcePath: '/x.pdf', originalHash: 'ff', importedAt: new Date(3) }, mediaRef: 'media/x' },
    { id: 'b', title: 'B "quoted"\n', docType: 'markdown' as const, threadId: null, isOwned: true, createdAt: new Date(4), modifiedAt: new Date(5), position: null, provenance: null, mediaRef: null },
    {
      id: 'c', title: 'C', docType: 'markdown' as const, threadId: 't1', isOwned: false, createdAt: new Date(6), modifiedAt: new Date(7), position: null, mediaRef: null,
      provenance: { sourcePath: '/vault/c.canvas', originalHash: 'ee', importedAt: new Date(8), importer: 'json-canvas', importerVersion: '2', sourceKey: 'node-1' },
      tags: ['project', 'área/sub', 'project-x'],
    },
    { id: 'd', title: 'D', docType: 'markdown' as const, threadId: null, isOwned: false, createdAt: new Date(9), modifiedAt: new Date(9), position: null, mediaRef: null, provenance: { sourcePath: '/vault/d.md', originalHash: 'dd', importedAt: new Date(10), importer: 'markdown', importerVersion: '1' }, tags: ['project'] },
  ];
  const links = [{ id: 'l', kind: 'derived_from' as const, from: 'b', to: 'a', strength: 0.25 }];
  const decoded = decodeSnapshot(encodeSnapshot('rocksdb:///x', 7, docs, links), 'rocksdb:///x')!;
  assert.deepEqual(decoded, { watermark: 7, documents: docs, relationships: links });
  assert.equal(decodeSnapshot(encodeSnapshot('rocksdb:///x', 7, docs, links), 'rocksdb:///other'), undefined, 'another database');
  assert.throws(() => decodeSnapshot('{"format":2,"location":"l","ids":["a"],"titles":[]}', 'l'), /titles/);
  const encoded = JSON.parse(encodeSnapshot('l', 1, docs, links)) as { tags: number[][] };
  encoded.tags[0]![1] = 99;
  assert.throws(() => decodeSnapshot(JSON.stringify(encoded), 'l'), /tags/, 'a tag that is not in the table');
});

test('the model opens from its snapshot and catches up with every change made since', async () => {
  const store = await openTestStore('rocksdb');
  const sample = await createSampleWorkspace(store);
  const file = path.join(tempDir(), 'workspace-model.json');
  const first = await loadWorkspaceModel(store, { snapshotFile: file });
  assert.ok(fs.statSync(file).size > 1000, 'written after the first (database) load');
  const [a, b, c] = sample.documentIds as [string, string, string];
  const doomed = first.links(a)[0]!;
  first.dispose();

  // Changes while no model is open: only the event log knows about them.
  const added = await store.createDocument({ title: 'Later note', docType: 'markdown', content: 'x', threadId: sample.threadIds[1]! });
  await store.updateDocument(b, { title: 'Renamed', position: { x: 5, y: 6, userPlaced: true } });
  await store.deleteDocument(c);
  const batch = await store.createDocuments([{ title: 'Batch 1', docType: 'text', content: '' }, { title: 'Batch 2', docType: 'text', content: '' }]);
  const link = await store.createRelationship({ kind: 'related', from: added.id, to: a });
  await store.createRelationships([{ kind: 'references', from: batch[0]!.id, to: batch[1]!.id }, { kind: 'continues', from: batch[1]!.id, to: a }]);
  await store.updateRelationshipStrength(link.id, 0.3);
  if (doomed.from !== c && doomed.to !== c) await store.deleteRelationship(doomed.id);
  const thread = await store.createThread({ name: 'Fresh thread' });
  await store.createMilestone({ threadId: thread.id, date: new Date(), label: 'Soon' });

  const reopened = await loadWorkspaceModel(store, { snapshotFile: file });
  assert.deepEqual(contents(reopened), await fromDatabase(store));
  assert.equal(reopened.get(b)?.title, 'Renamed');
  assert.equal(reopened.has(c), false);
  assert.equal(reopened.links(added.id, 'outbound')[0]?.strength, 0.3);
  // It keeps following the store like a model loaded from the database.
  const live = await store.createDocument({ title: 'Live', docType: 'text', content: '' });
  assert.equal(reopened.get(live.id)?.title, 'Live');
  await reopened.saveSnapshot();
  reopened.dispose();
  const written = fs.statSync(file).mtimeMs;
  const again = await loadWorkspaceModel(store, { snapshotFile: file });
  assert.deepEqual(contents(again), await fromDatabase(store));
  await again.saveSnapshot();
  assert.equal(fs.statSync(file).mtimeMs, written, 'a model with nothing new is not written again');
  again.dispose();
});

test('the snapshot is trusted up to its watermark, and ignored when damaged or when the log cannot say what changed', async () => {
  const store = await openTestStore('rocksdb');
  const sample = await createSampleWorkspace(store);
  const file = path.join(tempDir(), 'workspace-model.json');
  (await loadWorkspaceModel(store, { snapshotFile: file })).dispose();
  const id = sample.documentIds[0]!;
  const marked = (title: string) => fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(JSON.stringify(title), JSON.stringify('From the snapshot')));
  const title = (await store.getDocumentMeta(id)).title;

  marked(title);
  let model = await loadWorkspaceModel(store, { snapshotFile: file });
  assert.equal(model.get(id)?.title, 'From the snapshot', 'opened from the file, not the database');
  model.dispose();

  // Deleting a thread moves its documents without naming them in the log: load from the database.
  await store.deleteThread(sample.threadIds[4]!);
  model = await loadWorkspaceModel(store, { snapshotFile: file });
  assert.equal(model.get(id)?.title, title);
  assert.deepEqual(contents(model), await fromDatabase(store));
  model.dispose();

  fs.writeFileSync(file, '{"format":2,"location":' + JSON.stringify(store.location) + ',"ids":[1,2]');
  model = await loadWorkspaceModel(store, { snapshotFile: file });
  assert.deepEqual(contents(model), await fromDatabase(store), 'a damaged file is ignored');
  const rewritten = decodeSnapshot(fs.readFileSync(file, 'utf8'), store.location);
  assert.deepEqual(
    rewritten?.documents.map((doc) => doc.id).sort(),
    contents(model).documents.map((doc) => doc.id),
    'and rewritten with every document of the database',
  );
  model.dispose();
});

test('a snapshot written before tags were kept is ignored: the model opens with the tags and importer from the database, and rewrites it', async () => {
  const store = await openTestStore('rocksdb');
  const imported = { sourcePath: '/vault/plan.md', originalHash: 'ab', importedAt: new Date(Date.UTC(2025, 0, 2)), importer: 'markdown', importerVersion: '1' };
  const [plan] = await store.createDocuments([{ title: 'Plan', docType: 'markdown', content: '#garden', isOwned: false, provenance: imported, tags: ['garden', 'spring'] }], {});
  const file = path.join(tempDir(), 'workspace-model.json');
  (await loadWorkspaceModel(store, { snapshotFile: file })).dispose();

  // What the previous release wrote: format 1, provenance without the importer, no tags.
  const current = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> & { provenance: unknown[][]; titles: string[] };
  const { tags: _tags, tagTable: _tagTable, ...rest } = current;
  fs.writeFileSync(file, JSON.stringify({ ...rest, format: 1, titles: current.titles.map(() => 'From the old snapshot'), provenance: current.provenance.map((p) => p.slice(0, 4)) }));

  const model = await loadWorkspaceModel(store, { snapshotFile: file });
  const meta = model.get(plan!.id);
  assert.equal(meta?.title, 'Plan', 'loaded from the database, not the old file');
  assert.deepEqual(meta?.tags, ['garden', 'spring']);
  assert.equal(meta?.provenance?.importer, 'markdown');
  assert.equal(meta?.provenance?.importerVersion, '1');
  model.dispose();
  const rewritten = decodeSnapshot(fs.readFileSync(file, 'utf8'), store.location);
  assert.deepEqual(rewritten?.documents.find((doc) => doc.id === plan!.id)?.tags, ['garden', 'spring'], 'the file is written again in the new format');
});

test('in a vault the snapshot is sealed with the data key, opened from when whole, and rebuilt from the database when tampered with', async () => {
  const dataKey = randomBytes(32);
  const store = await openStore(defaultConfig(), resolvePaths({ HOME: tempDir() }), { url: `rocksdb://${path.join(tempDir(), 'db')}`, cipher: sealedFields(dataKey) });
  after(() => store.close());
  const sample = await createSampleWorkspace(store);
  const file = path.join(tempDir(), 'workspace-model.json');
  (await loadWorkspaceModel(store, { snapshotFile: file })).dispose();
  const id = sample.documentIds[0]!;
  const title = (await store.getDocumentMeta(id)).title;
  const sealed = fs.readFileSync(file);
  assert.equal(sealed.subarray(0, 4).toString(), 'SVF1');
  assert.equal(sealed.includes(Buffer.from(title)), false, 'no title in the clear');

  // Re-sealed with the same key and a marked title: the model reads the file, not the database.
  const files = new FileCipher(dataKey);
  const aad = 'sovereign workspace model snapshot';
  const text = (await files.openBuffer(sealed, aad)).toString('utf8');
  fs.writeFileSync(file, await files.sealBuffer(Buffer.from(text.replace(JSON.stringify(title), JSON.stringify('From the snapshot'))), aad));
  let model = await loadWorkspaceModel(store, { snapshotFile: file });
  assert.equal(model.get(id)?.title, 'From the snapshot', 'opened from the sealed file');
  model.dispose();

  for (const tampered of [flipByte(fs.readFileSync(file)), Buffer.from(text, 'utf8'), fs.readFileSync(file).subarray(0, 100)]) {
    fs.writeFileSync(file, tampered);
    model = await loadWorkspaceModel(store, { snapshotFile: file });
    assert.equal(model.get(id)?.title, title, 'a tampered, plain or truncated snapshot is not trusted');
    assert.deepEqual(contents(model), await fromDatabase(store));
    const rewritten = decodeSnapshot((await files.openBuffer(fs.readFileSync(file), aad)).toString('utf8'), store.location);
    assert.deepEqual(rewritten?.documents.map((doc) => doc.id).sort(), contents(model).documents.map((doc) => doc.id), 'and rewritten sealed');
    model.dispose();
  }
});

function flipByte(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy[copy.length - 30]! ^= 1;
  return copy;
}
