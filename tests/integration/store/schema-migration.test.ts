import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openStore } from '../../../src/store/index.js';
import { repoRoot } from '../../support/repo.js';
import { exitWhenDone, tempDir } from '../../support/store.js';

exitWhenDone();

/**
 * Twelve documents laid out by hand so the expected answers below can be
 * read off this table: n1…n12, created one day apart; odd ones in thread
 * "work", every third one a pdf, multiples of
 * four in no thread, the other even ones in "home".
 */
const DAY = 86_400_000;
const DOCS = Array.from({ length: 12 }, (_, i) => {
  const n = i + 1;
  return {
    id: `n${n}`,
    title: n <= 3 ? `Budget ${n}` : `Note ${n}`,
    docType: n % 3 === 0 ? 'pdf' : 'markdown',
    thread: n % 2 === 1 ? 'work' : n % 4 === 0 ? null : 'home',
    created: new Date(Date.UTC(2024, 0, 1) + n * DAY),
    sourcePath: `/vault/n${n}.md`,
  };
});

/**
 * A store written by the previous release: schema version 2 (every document
 * index it had, including the three version 3 drops), filled through the
 * SDK in a child process (the engine's lock is held until a process exits).
 */
async function writeVersion2Store(dir: string): Promise<void> {
  const build = (file: string) => JSON.stringify(path.join(repoRoot, 'build', file));
  const script = `import { createNodeEngines } from '@surrealdb/node';
import { RecordId, Surreal, createRemoteEngines } from 'surrealdb';
import { MIGRATIONS } from ${build('src/store/schema/migrations.js')};
import { migrate } from ${build('src/store/schema/migrate.js')};
const db = new Surreal({ engines: { ...createRemoteEngines(), ...createNodeEngines() } });
await db.connect(${JSON.stringify('rocksdb://' + dir)}, { namespace: 'sovereign', database: 'main' });
await migrate(db, MIGRATIONS.filter((m) => m.version <= 2));
const docs = ${JSON.stringify(DOCS)};
await db.query('INSERT INTO thread $rows', { rows: ['work', 'home'].map((t, order) => ({ id: new RecordId('thread', t), name: t, name_key: t, description: '', colour: 'blue', order })) }).collect();
const rows = docs.map((d) => ({
  id: new RecordId('document', d.id), title: d.title, doc_type: d.docType, content: 'text of ' + d.id, is_owned: false,
  ...(d.thread ? { thread: d.thread } : {}),
  provenance: { source_path: d.sourcePath, original_hash: 'hash-' + d.id, imported_at: new Date(d.created), importer: 'markdown', importer_version: '1' },
  created_at: new Date(d.created), modified_at: new Date(d.created), branch: 'main', branches: [{ name: 'main', head: 'c' + d.id, created_at: new Date(d.created) }],
}));
await db.query('INSERT INTO document $rows', { rows }).collect();
const [info] = await db.query('INFO FOR TABLE document').collect();
process.stdout.write(JSON.stringify(Object.keys(info.indexes).sort()));
await db.close();
process.exit(0);`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot });
  // The old layout really had the indexes the migration removes.
  const indexes = JSON.parse(stdout) as string[];
  for (const name of ['document_thread', 'document_source_path', 'document_original_hash']) assert.ok(indexes.includes(name), `the version 2 store has ${name}`);
}

const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);

test('a store from the previous release opens, loses only its redundant indexes, and answers every document query as before', async () => {
  const dir = path.join(tempDir(), 'db');
  await writeVersion2Store(dir);

  const store = await openStore(defaultConfig(), resolvePaths({ HOME: tempDir() }), { url: `rocksdb://${dir}` });
  try {
    assert.equal(await store.countDocuments(), 12);
    assert.deepEqual(ids(await store.allDocumentMeta()), ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9', 'n10', 'n11', 'n12']);

    // A thread's documents (what document_thread served before), oldest first and newest first.
    assert.deepEqual(ids((await store.listDocuments({ threadId: 'work' })).items), ['n1', 'n3', 'n5', 'n7', 'n9', 'n11']);
    assert.deepEqual(ids((await store.listDocuments({ threadId: 'work', descending: true, limit: 2 })).items), ['n11', 'n9']);
    assert.deepEqual(ids((await store.listDocuments({ threadId: 'home', orderBy: 'title' })).items), ['n2', 'n10', 'n6']);
    // Documents in no thread.
    assert.deepEqual(ids((await store.listDocuments({ threadId: null })).items), ['n4', 'n8', 'n12']);
    // A thread and a date range; a thread and a type.
    const from = new Date(Date.UTC(2024, 0, 1) + 4 * DAY);
    const until = new Date(Date.UTC(2024, 0, 1) + 10 * DAY);
    assert.deepEqual(ids((await store.listDocuments({ threadId: 'work', from, until })).items), ['n5', 'n7', 'n9']);
    assert.deepEqual(ids((await store.listDocuments({ threadId: 'work', docTypes: ['pdf'] })).items), ['n3', 'n9']);
    // Types across every thread, with a limit smaller than the table.
    assert.deepEqual(ids((await store.listDocuments({ docTypes: ['pdf'], limit: 3 })).items), ['n3', 'n6', 'n9']);
    // Title prefix.
    assert.deepEqual(ids(await store.findByTitlePrefix('Budget')), ['n1', 'n2', 'n3']);
    // Provenance read back whole (its indexes are gone, the fields are not).
    const n7 = await store.getDocument('n7');
    assert.equal(n7.provenance?.sourcePath, '/vault/n7.md');
    assert.equal(n7.provenance?.originalHash, 'hash-n7');

    // Writes after the migration land in the same queries.
    await store.createDocuments([{ id: 'n13', title: 'Budget 9', docType: 'pdf', content: 'new', threadId: 'work', createdAt: new Date(Date.UTC(2024, 0, 1) + 13 * DAY) }], {});
    assert.deepEqual(ids((await store.listDocuments({ threadId: 'work', docTypes: ['pdf'] })).items), ['n3', 'n9', 'n13']);
    assert.deepEqual(ids(await store.findByTitlePrefix('Budget')), ['n1', 'n2', 'n3', 'n13']);
  } finally {
    await store.close();
  }
});
