import type { SovereignConfig, SovereignPaths } from '../core/index.js';
import type { FieldCipher } from './field-cipher.js';
import type { GraphStore } from './graph-store.js';
import { SurrealGraphStore } from './surreal/surreal-graph-store.js';
import { resolveStoreUrl } from './connection/store-url.js';

export interface OpenStoreOptions {
  /** Overrides config and environment, e.g. "mem://" in tests. */
  url?: string;
  /** Read for SOVEREIGN_DB_URL (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** A vault's field cipher (src/vault opens it from the data key); plain otherwise. */
  cipher?: FieldCipher;
}

/**
 * Opens the workspace database and returns the store, with the schema
 * migrated to the current version. Where the data lives, first match wins:
 * options.url, $SOVEREIGN_DB_URL, config.store.url, and otherwise the
 * embedded rocksdb database in paths.databaseDir. "mem://" keeps everything
 * in memory (tests); "ws://" / "wss://" reach a SurrealDB server.
 *
 * The embedded database belongs to one process: a second process gets
 * SovereignError('database-locked'), and so does a second open of the same
 * directory in this process (the engine cannot release its lock before the
 * process exits). Connecting is bounded by config.store.connect_timeout_ms;
 * a server that does not answer gives 'database-unreachable'.
 */
export async function openStore(
  config: SovereignConfig,
  paths: SovereignPaths,
  options: OpenStoreOptions = {},
): Promise<GraphStore> {
  const url = resolveStoreUrl(config.store, paths, options);
  return SurrealGraphStore.open(url, config.store, options.cipher);
}

/** An empty in-memory store, for tests and previews. */
export async function openMemoryStore(config: SovereignConfig['store'] = defaultStoreConfig(), cipher?: FieldCipher): Promise<GraphStore> {
  return SurrealGraphStore.open('mem://', config, cipher);
}

function defaultStoreConfig(): SovereignConfig['store'] {
  return { url: '', namespace: 'sovereign', database: 'main', username: '', password: '', connect_timeout_ms: 10_000 };
}
