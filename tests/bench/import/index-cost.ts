// Benchmark (not a test): what the document indexes cost a bulk insert.
//   nice -n 0 node build/tests/bench/import/index-cost.js [--documents 10000] [--rounds 3]
// Writes the same documents (and their first commits, 250 a transaction, as
// GraphStore.createDocuments does) through the SDK into a fresh rocksdb
// database laid out by schema 2 (eight document indexes), schema 3 (five)
// and with no document index at all, alternating, each in its own child
// process (the engine keeps its lock until the process exits). Prints one
// JSON line per run with wall and CPU seconds and the load averages.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createNodeEngines } from '@surrealdb/node';
import { RecordId, Surreal, createRemoteEngines } from 'surrealdb';
import { MIGRATIONS } from '../../../src/store/schema/migrations.js';
import { generateWorkspace } from '../../fixtures/workspace-fixture.js';

type Layout = 'schema2' | 'schema3' | 'no-document-index';
const LAYOUTS: readonly Layout[] = ['schema2', 'schema3', 'no-document-index'];
const BATCH = 250;

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1]! : fallback;
};
const load = () => os.loadavg().map((n) => Math.round(n * 100) / 100);

function statements(layout: Layout): string[] {
  const all = MIGRATIONS.filter((m) => layout !== 'schema2' || m.version <= 2).flatMap((m) => m.statements);
  return layout === 'no-document-index' ? all.filter((s) => !/INDEX .* ON document/.test(s)) : all;
}

async function child(layout: Layout, dir: string, count: number): Promise<void> {
  const db = new Surreal({ engines: { ...createRemoteEngines(), ...createNodeEngines() } });
  await db.connect(`rocksdb://${dir}`, { namespace: 'bench', database: 'index' });
  await db.query(statements(layout).join(';\n')).collect();
  const { documents } = generateWorkspace({ documents: count, threads: 100, edges: 0 });
  const now = new Date();
  const loadBefore = load();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < documents.length; i += BATCH) {
    const slice = documents.slice(i, i + BATCH);
    const rows = slice.map((d) => ({
      id: new RecordId('document', d.id), title: d.title, doc_type: d.docType, content: d.content, thread: d.threadId ?? undefined, is_owned: false,
      provenance: { source_path: `/vault/${d.id}.md`, original_hash: d.id, imported_at: now, importer: 'markdown', importer_version: '1' },
      created_at: d.createdAt, modified_at: d.modifiedAt, branch: 'main', branches: [{ name: 'main', head: `c${d.id}`, created_at: now }],
    }));
    const commits = slice.map((d) => ({ id: new RecordId('commit', `c${d.id}`), document: d.id, branch: 'main', parents: [], author: 'user', message: 'Created', created_at: now, content: d.content }));
    await db.query('BEGIN; INSERT INTO document $rows RETURN NONE; INSERT INTO commit $commits RETURN NONE; COMMIT', { rows, commits }).collect();
  }
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ layout, documents: count, seconds, cpuSeconds: (used.user + used.system) / 1e6, loadBefore, loadAfter: load() }) + '\n');
  await db.close();
  process.exit(0);
}

if (args[0] === 'child') {
  await child(args[1] as Layout, args[2]!, Number(args[3]));
} else {
  const count = Number(arg('documents', '10000'));
  const rounds = Number(arg('rounds', '3'));
  for (let round = 0; round < rounds; round++) {
    for (const layout of LAYOUTS) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-index-cost-'));
      try {
        process.stdout.write(execFileSync(process.execPath, [fileURLToPath(import.meta.url), 'child', layout, dir, String(count)]).toString());
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
}
