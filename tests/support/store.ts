import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { hasOpenedEmbeddedStore, openMemoryStore, openStore, type GraphStore } from '../../src/store/index.js';
import { defaultConfig, resolvePaths } from '../../src/core/index.js';

/** A fresh private temp dir, removed when the test file ends. */
export function tempDir(prefix = 'sovereign-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export type Engine = 'mem' | 'rocksdb';
export const ENGINES: readonly Engine[] = ['mem', 'rocksdb'];

/** Opens an empty store on the engine (a new directory for rocksdb), closed when the file ends. */
export async function openTestStore(engine: Engine): Promise<GraphStore> {
  const opened: { store?: GraphStore } = {};
  // Registered before the temp dirs' removal (hooks run in the order they were registered): the
  // database closes before its files are deleted, not after (RocksDB writes on close).
  after(() => opened.store?.close());
  const store =
    engine === 'mem'
      ? await openMemoryStore()
      : await openStore(defaultConfig(), resolvePaths({ HOME: tempDir() }), { url: `rocksdb://${path.join(tempDir(), 'db')}` });
  opened.store = store;
  return store;
}

/**
 * The embedded engine keeps a thread alive after close, so a test file that
 * opened a database would never end by itself: exit once its tests are done.
 */
export function exitWhenDone(): void {
  after(() => {
    // mem:// leaves nothing behind, but DEFINE INDEX can keep any engine's thread alive.
    void hasOpenedEmbeddedStore;
    setTimeout(() => process.exit(process.exitCode ?? 0), 50).unref();
  });
}
