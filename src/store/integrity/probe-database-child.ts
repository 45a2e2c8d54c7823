/**
 * Run as a child process by probeDatabase: opens one database folder, reads
 * every document in full (which touches every table and blob file that holds
 * them) and prints one JSON line with what it found. A separate process
 * because the engine keeps a folder locked until its process exits, and a
 * probe must neither hold the folder afterwards nor take the caller down
 * when the engine fails hard.
 */
import { asSovereignError, type SovereignConfig } from '../../core/index.js';
import { SurrealGraphStore } from '../surreal/surreal-graph-store.js';
import type { ProbeResult } from './probe-database.js';

async function probe(dir: string, config: SovereignConfig['store']): Promise<ProbeResult> {
  try {
    const store = await SurrealGraphStore.open(`rocksdb://${dir}`, config);
    // scanDocuments checks its total against the count through the index, so a short read is an error.
    let documents = 0;
    for await (const page of store.scanDocuments(500)) documents += page.length;
    const threads = (await store.listThreads()).length;
    await store.close();
    return { ok: true, documents, threads };
  } catch (error) {
    const failure = asSovereignError(error, 'database');
    return { ok: false, kind: failure.kind, message: failure.message };
  }
}

const [dir, config] = [process.argv[2] ?? '', JSON.parse(process.argv[3] ?? '{}') as SovereignConfig['store']];
const result = await probe(dir, config);
// Exit only once the line is out: the engine's thread would keep the process alive.
process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0));
