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
  const store =
    engine === 'mem'
      ? await openMemoryStore()
      : await openStore(defaultConfig(), resolvePaths({ HOME: tempDir() }), { url: `rocksdb://${path.join(tempDir(), 'db')}` });
  after(() => store.close());
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
