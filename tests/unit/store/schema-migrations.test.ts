import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createNodeEngines } from '@surrealdb/node';
import { Surreal, createRemoteEngines } from 'surrealdb';
import { migrate } from '../../../src/store/schema/migrate.js';
import { MIGRATIONS } from '../../../src/store/schema/migrations.js';
import { expectedSchema, verifySchema } from '../../../src/store/schema/verify-schema.js';
import { exitWhenDone } from '../../support/store.js';

exitWhenDone();

async function memoryDatabase(): Promise<Surreal> {
  const db = new Surreal({ engines: { ...createRemoteEngines(), ...createNodeEngines() } });
  await db.connect('mem://', { namespace: 'test', database: 'schema' });
  return db;
}

async function documentIndexes(db: Surreal): Promise<string[]> {
  const [info] = await db.query<[{ indexes: Record<string, unknown> }]>('INFO FOR TABLE document').collect();
  return Object.keys(info.indexes).sort();
}

const KEPT = ['document_created', 'document_modified', 'document_thread_created', 'document_title', 'document_type'];

test('migrating a version 2 database drops the thread, source path and hash indexes and keeps the five that queries use', async () => {
  const db = await memoryDatabase();
  try {
    await migrate(db, MIGRATIONS.filter((m) => m.version <= 2));
    assert.equal((await documentIndexes(db)).length, 8);
    await migrate(db);
    assert.deepEqual(await documentIndexes(db), KEPT);
    const [[meta]] = await db.query<[{ version: number }[]]>('SELECT version FROM meta:schema').collect();
    assert.equal(meta?.version, 3);
    // The open-time damage check expects exactly what is left, so a migrated store opens.
    await verifySchema(db);
  } finally {
    await db.close();
  }
});

test('a new database gets the same five document indexes as a migrated one', async () => {
  const db = await memoryDatabase();
  try {
    await migrate(db);
    assert.deepEqual(await documentIndexes(db), KEPT);
    assert.deepEqual([...expectedSchema().get('document')!].sort(), KEPT);
  } finally {
    await db.close();
  }
});
