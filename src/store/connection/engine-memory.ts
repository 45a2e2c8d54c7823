const MiB = 1024 * 1024;

/**
 * The embedded engine's RocksDB block cache, bounded: set as the engine's
 * own SURREAL_ROCKSDB_BLOCK_CACHE_SIZE where the user has not set it.
 *
 * Why: SurrealDB sizes the cache for a database server that has the
 * machine to itself, half the machine's memory less 1 GiB (11 GiB on a
 * 24 GiB machine; surrealdb-core's kvs/rocksdb/cnf.rs), and a desktop app's
 * cache fills with whatever a session reads and keeps it. Sovereign keeps
 * its own models of what it shows (the workspace model, the search index),
 * so the cache serves only the reads behind them. Over a 50K workspace the
 * window held ~90 MiB less once its indexes had opened, with bulk writes
 * and reads as fast (tests/bench/ui/start-up-50k.md). The write buffers
 * (eight of 128 MiB from 16 GiB on) are left as they are: with four of
 * 32 MiB a 50K-document bulk import did not finish within ten minutes
 * (~20 s with the engine's own).
 *
 * The engine reads the variable once, when it first opens a RocksDB
 * database in the process; so this runs before every connect.
 */
export const ENGINE_BLOCK_CACHE_BYTES = 32 * MiB;

export function boundEngineMemory(env: NodeJS.ProcessEnv = process.env): void {
  // Node's process.env writes through to the C environment the engine reads with getenv.
  env['SURREAL_ROCKSDB_BLOCK_CACHE_SIZE'] ??= String(ENGINE_BLOCK_CACHE_BYTES);
}
