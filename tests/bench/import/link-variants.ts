// Benchmark (not a test): ways of writing many relationships, compared in one run.
//   nice -n 0 node build/tests/bench/import/link-variants.js [--links 10000] [--rounds 2]
// Each variant writes the same links between 2,000 documents into a fresh
// rocksdb database, in its own child process (the engine keeps its lock
// until the process exits):
//   insert-N      INSERT RELATION INTO link $rows, N rows a transaction (what the store does, N = 100)
//   relate-250    one RELATE per link, 250 in a BEGIN…COMMIT query
//   returned-100  like insert-100 but with the rows returned (the SDK decodes them)
//   schemaless-250  like insert-250 on a link table with no fields, assertions or indexes
// Prints one JSON line per run: wall and CPU seconds, CPU µs per link, load averages.
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

const VARIANTS = ['insert-100', 'insert-250', 'insert-1000', 'relate-250', 'returned-100', 'schemaless-250'] as const;
type Variant = (typeof VARIANTS)[number];
const DOCUMENTS = 2000;

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1]! : fallback;
};
const load = () => os.loadavg().map((n) => Math.round(n * 100) / 100);

async function child(variant: Variant, dir: string, count: number): Promise<void> {
  const db = new Surreal({ engines: { ...createRemoteEngines(), ...createNodeEngines() } });
  await db.connect(`rocksdb://${dir}`, { namespace: 'bench', database: 'links' });
  let schema = MIGRATIONS.flatMap((m) => m.statements);
  if (variant === 'schemaless-250') {
    schema = schema.filter((s) => !/ ON link /.test(s)).map((s) => s.replace('TYPE RELATION IN document OUT document SCHEMAFULL', 'TYPE RELATION SCHEMALESS'));
  }
  await db.query(schema.join(';\n')).collect();
  const fixture = generateWorkspace({ documents: DOCUMENTS, threads: 10, edges: count });
  const now = new Date();
  for (let i = 0; i < fixture.documents.length; i += 500) {
    const rows = fixture.documents.slice(i, i + 500).map((d) => ({ id: new RecordId('document', d.id), title: d.title, doc_type: d.docType, content: '', is_owned: true, created_at: now, modified_at: now, branch: 'main', branches: [] }));
    await db.query('INSERT INTO document $rows RETURN NONE', { rows }).collect();
  }
  const links = fixture.relationships.map((r, i) => ({ id: new RecordId('link', `l${i}`), in: new RecordId('document', r.from), out: new RecordId('document', r.to), kind: r.kind, strength: r.strength ?? 1 }));
  const batch = Number(/\d+$/.exec(variant)![0]);
  const loadBefore = load();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < links.length; i += batch) {
    const rows = links.slice(i, i + batch);
    if (variant === 'relate-250') {
      const vars: Record<string, unknown> = {};
      const parts = rows.map((row, k) => {
        Object.assign(vars, { [`a${k}`]: row.in, [`e${k}`]: row.id, [`b${k}`]: row.out, [`k${k}`]: row.kind, [`s${k}`]: row.strength });
        // Parameter names by position only; every value is bound.
        return 'RELATE $a' + k + '->$e' + k + '->$b' + k + ' SET kind = $k' + k + ', strength = $s' + k + ' RETURN NONE';
      });
      await db.query(['BEGIN', ...parts, 'COMMIT'].join(';\n'), vars).collect();
    } else {
      const sql = variant === 'returned-100' ? 'BEGIN; INSERT RELATION INTO link $rows; COMMIT' : 'BEGIN; INSERT RELATION INTO link $rows RETURN NONE; COMMIT';
      await db.query(sql, { rows }).collect();
    }
  }
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = (used.user + used.system) / 1e6;
  process.stdout.write(JSON.stringify({ variant, links: links.length, seconds, cpuSeconds, cpuMicrosPerLink: Math.round((cpuSeconds * 1e6) / links.length), loadBefore, loadAfter: load() }) + '\n');
  await db.close();
  process.exit(0);
}

if (args[0] === 'child') {
  await child(args[1] as Variant, args[2]!, Number(args[3]));
} else {
  const count = Number(arg('links', '10000'));
  const rounds = Number(arg('rounds', '2'));
  for (let round = 0; round < rounds; round++) {
    for (const variant of VARIANTS) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-link-variants-'));
      try {
        process.stdout.write(execFileSync(process.execPath, [fileURLToPath(import.meta.url), 'child', variant, dir, String(count)]).toString());
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
}
