// Benchmark of bulk writes (not a test): `nice -n 0 node build/tests/bench/import/store-bulk.js
//   [--documents 50000] [--relationships 100000] [--notes 10000] [--doc-batch N] [--link-batch N] [--only store,raw,vault]`.
// Each workload runs in its own child process, one after another (the embedded
// engine keeps its lock until the process exits, and two at once would measure
// each other). Prints a table and one JSON object; every figure carries the
// load averages (os.loadavg, as `uptime` shows them) from before and after it,
// and the store's figures are also given as ratios to the raw SDK's.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { ImportService } from '../../../src/importers/index.js';
import { openStore } from '../../../src/store/index.js';
import { generateWorkspace } from '../../fixtures/workspace-fixture.js';
import { generateVault } from './obsidian-vault.js';
import { RawBulk } from './raw-bulk.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1]! : fallback;
};
const DOCS = Number(arg('documents', '50000'));
const LINKS = Number(arg('relationships', String(DOCS * 2)));
const NOTES = Number(arg('notes', '10000'));
const DOC_BATCH = arg('doc-batch', '');
const LINK_BATCH = arg('link-batch', '');
const ONLY = arg('only', 'store,raw,vault').split(',');
const TARGET = { documentsS: 9, relationshipsS: 5, notesPerS: 1500 };

interface Figure {
  seconds: number;
  /**
   * CPU seconds of the whole process (Node and the engine's threads) while
   * measured: far steadier than wall time on a shared machine, where a load
   * of 10+ on 2 cores stretches wall time by whatever the others do.
   */
  cpuSeconds: number;
  /** 1-, 5- and 15-minute load averages before and after the figure was measured. */
  loadBefore: number[];
  loadAfter: number[];
}

const load = () => os.loadavg().map((n) => Math.round(n * 100) / 100);

async function measure(run: () => Promise<unknown>): Promise<Figure> {
  const loadBefore = load();
  const cpu = process.cpuUsage();
  const t = performance.now();
  await run();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - t) / 1000, cpuSeconds: (used.user + used.system) / 1e6, loadBefore, loadAfter: load() };
}

const fixture = () => generateWorkspace({ documents: DOCS, threads: 100, edges: LINKS });

async function storeChild(dir: string) {
  const data = fixture();
  const store = await openStore(defaultConfig(), resolvePaths({ HOME: dir }), { url: `rocksdb://${path.join(dir, 'store')}` });
  for (const thread of data.threads) await store.createThread(thread);
  const documents = await measure(() => store.createDocuments(data.documents, DOC_BATCH ? { batchSize: Number(DOC_BATCH) } : {}));
  const relationships = await measure(() => store.createRelationships(data.relationships, LINK_BATCH ? { batchSize: Number(LINK_BATCH) } : {}));
  // What the store promises, checked after the clock stopped: every document has its first version and its event.
  const counts = await store.countDocuments();
  const sample = data.documents[data.documents.length - 1]!.id;
  const history = await store.listCommits(sample);
  const events = await store.listEvents({ types: ['documents.'], limit: 100_000 });
  const logged = events.reduce((n, e) => n + ((e.payload['ids'] as unknown[] | undefined)?.length ?? 0), 0);
  await store.close();
  if (counts !== DOCS || history.length !== 1 || logged !== DOCS) throw new Error(`store lost something: ${counts} documents, ${history.length} commits of ${sample}, ${logged} logged`);
  return { documents, relationships };
}

async function rawChild(dir: string) {
  const data = fixture();
  const plain = await RawBulk.open(`rocksdb://${path.join(dir, 'raw')}`);
  await plain.threads(data);
  const documents = await measure(() => plain.documents(data, 500, false));
  const relationships = await measure(() => plain.relationships(data, 100));
  await plain.close();
  const versioned = await RawBulk.open(`rocksdb://${path.join(dir, 'raw-commits')}`);
  await versioned.threads(data);
  const documentsWithCommits = await measure(() => versioned.documents(data, 500, true));
  return { documents, documentsWithCommits, relationships };
}

async function vaultChild(dir: string) {
  const vault = await generateVault(path.join(dir, 'Vault'), { notes: NOTES });
  const store = await openStore(defaultConfig(), resolvePaths({ HOME: dir }), { url: `rocksdb://${path.join(dir, 'vault-store')}` });
  let summary: Awaited<ReturnType<ImportService['importPaths']>> | undefined;
  const service = new ImportService(store, path.join(dir, 'data'));
  const run = await measure(async () => (summary = await service.importPaths([vault.root], { recursive: true, foldersAsThreads: true })));
  await store.close();
  const files = vault.notes + vault.images;
  if (summary!.created !== files || summary!.failed !== 0) throw new Error(`vault import: ${summary!.created} of ${files} created, ${summary!.failed} failed`);
  return { ...vault, import: run, files, notesPerS: vault.notes / run.seconds, filesPerS: files / run.seconds, links: summary!.links };
}

const childKind = args.includes('--child') ? arg('child', '') : undefined;
if (childKind) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-bulk-'));
  try {
    const run = { store: storeChild, raw: rawChild, vault: vaultChild }[childKind as 'store' | 'raw' | 'vault'];
    process.stdout.write(JSON.stringify(await run(dir)) + '\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // The engine keeps the process alive after DEFINE INDEX (see STACK.md).
  process.exit(0);
}

const results: Record<string, Record<string, unknown>> = {};
for (const kind of ONLY) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), ...args, '--child', kind], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, stdio: ['ignore', 'pipe', 'inherit'] });
  results[kind] = JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

const f = (n: number | undefined) => (n === undefined ? '-' : n < 10 ? n.toFixed(2) : n.toFixed(0));
const loads = (x: Figure | undefined) => (x ? `${x.loadBefore.join(' ')} → ${x.loadAfter.join(' ')}` : '-');
const fig = (kind: string, key: string) => results[kind]?.[key] as Figure | undefined;
// Wall-time ratio, then CPU-time ratio.
const ratio = (a: Figure | undefined, b: Figure | undefined) => (a && b ? `${f(a.seconds / b.seconds)} (cpu ${f(a.cpuSeconds / b.cpuSeconds)})` : '-');
const cpu = (x: Figure | undefined) => f(x?.cpuSeconds);
const rows: string[][] = [];
const storeDocs = fig('store', 'documents');
const storeLinks = fig('store', 'relationships');
const vaultRun = fig('vault', 'import');
rows.push(
  [`store: ${DOCS} documents, s`, f(storeDocs?.seconds), cpu(storeDocs), f(TARGET.documentsS), ratio(storeDocs, fig('raw', 'documents')), ratio(storeDocs, fig('raw', 'documentsWithCommits')), loads(storeDocs)],
  [`raw SDK: ${DOCS} documents (INSERT INTO document), s`, f(fig('raw', 'documents')?.seconds), cpu(fig('raw', 'documents')), '-', '1', '-', loads(fig('raw', 'documents'))],
  [`raw SDK: ${DOCS} documents + first commits, s`, f(fig('raw', 'documentsWithCommits')?.seconds), cpu(fig('raw', 'documentsWithCommits')), '-', '-', '1', loads(fig('raw', 'documentsWithCommits'))],
  [`store: ${LINKS} relationships, s`, f(storeLinks?.seconds), cpu(storeLinks), f(TARGET.relationshipsS), ratio(storeLinks, fig('raw', 'relationships')), '-', loads(storeLinks)],
  [`raw SDK: ${LINKS} relationships (INSERT RELATION), s`, f(fig('raw', 'relationships')?.seconds), cpu(fig('raw', 'relationships')), '-', '1', '-', loads(fig('raw', 'relationships'))],
  [`vault import: ${NOTES} notes, notes/s`, f(results['vault']?.['notesPerS'] as number | undefined), cpu(vaultRun), f(TARGET.notesPerS), '-', '-', loads(vaultRun)],
);
const headers = ['figure', 'measured', 'cpu s', 'target', '/raw', '/raw+commits', 'load avg before → after'];
const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
console.log([headers, ...rows].map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n'));
console.log(JSON.stringify({ documents: DOCS, relationships: LINKS, notes: NOTES, cores: os.cpus().length, target: TARGET, results }, null, 2));
process.exit(0);
