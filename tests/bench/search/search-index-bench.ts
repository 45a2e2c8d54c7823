// Benchmark of the full-text index alone, no store (not a test):
//   node build/tests/bench/search/search-index-bench.js [--documents N] [--baseline DIR]
// DIR is another build's src/search folder (e.g. main's): both run in this
// process on the same corpus, so their ratio holds on a loaded machine.
// Prints one JSON object per index and the load average.
// (A SQLite FTS5 column needs better-sqlite3, which is not installed here.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { IndexColumns, IndexedDocument, InvertedIndex } from '../../../src/search/inverted-index.js';
import { generateWorkspace } from '../../fixtures/workspace-fixture.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1]! : fallback;
};
const DOCS = Number(arg('documents', '50000'));
const own = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/search');
const builds = [own, ...(args.includes('--baseline') ? [path.resolve(arg('baseline', ''))] : [])];

interface SearchModules {
  InvertedIndex: new (base?: IndexColumns) => InvertedIndex;
  writeIndexFile: (file: string, columns: IndexColumns, location: string, watermark: number) => Promise<unknown>;
  readIndexFile: (file: string, location: string) => Promise<{ columns: IndexColumns } | undefined>;
  plainText: (text: string) => string;
}

async function load(dir: string): Promise<SearchModules> {
  const [inverted, file, snippet] = await Promise.all(['inverted-index.js', 'index-file.js', 'snippet.js'].map((name) => import(path.join(dir, name))));
  return { ...inverted, ...file, ...snippet } as SearchModules;
}

function quantiles(samples: number[]): { median: number; p99: number } {
  samples.sort((a, b) => a - b);
  return { median: samples[samples.length >> 1]!, p99: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))]! };
}

const QUERIES: Record<string, string[]> = {
  common: ['data', 'new', 'time', 'project', 'work', 'data project', 'new time work'],
  prefix1: ['b', 'd', 'p', 's', 'm', 't'],
  prefix2: ['bu', 'da', 'pr', 'st', 'me', 'to', 'be'],
  prefix4: ['budg', 'proj', 'memo', 'sour', 'gard'],
  stopWords: ['the who ', 'to be or not to be ', 'the budget ', 'this is '],
};

async function bench(dir: string, documents: IndexedDocument[]): Promise<Record<string, unknown>> {
  const m = await load(dir);
  const r: Record<string, unknown> = { build: path.relative(process.cwd(), dir) };
  global.gc?.();
  let t = performance.now();
  // CPU time beside wall time: on a shared, loaded machine it varies far less.
  const cpu = process.cpuUsage();
  const built = new m.InvertedIndex();
  for (const doc of documents) built.upsert({ ...doc, text: m.plainText(doc.content) });
  const columns = built.columns();
  r['buildS'] = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  r['buildCpuS'] = (used.user + used.system) / 1e6;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-search-bench-')), 'search-index.bin');
  t = performance.now();
  await m.writeIndexFile(file, columns, 'bench://', 0);
  r['writeMs'] = performance.now() - t;
  r['fileMb'] = fs.statSync(file).size / 2 ** 20;
  r['terms'] = columns.terms.length;
  r['postings'] = columns.termOffsets[columns.terms.length];
  const opens: number[] = [];
  const openCpu: number[] = [];
  let index: InvertedIndex | undefined;
  for (let i = 0; i < 7; i++) {
    index?.close();
    global.gc?.();
    t = performance.now();
    const before = process.cpuUsage();
    const saved = await m.readIndexFile(file, 'bench://');
    index = new m.InvertedIndex(saved!.columns);
    opens.push(performance.now() - t);
    const spent = process.cpuUsage(before);
    openCpu.push((spent.user + spent.system) / 1000);
  }
  r['openMs'] = quantiles(opens);
  r['openCpuMs'] = quantiles(openCpu);
  for (const [kind, queries] of Object.entries(QUERIES)) {
    for (let i = 0; i < 20; i++) index!.search(queries[i % queries.length]!, 10);
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) {
      t = performance.now();
      index!.search(queries[i % queries.length]!, 10);
      samples.push(performance.now() - t);
    }
    r[`${kind}Ms`] = quantiles(samples);
    r[`${kind}Hits`] = queries.map((q) => `${q.trim()}:${index!.search(q, 200).hits.length}`).join(' ');
  }
  index!.close();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return r;
}

const fixture = generateWorkspace({ documents: DOCS, threads: Math.max(1, Math.round(DOCS / 500)), edges: 0 });
const documents: IndexedDocument[] = fixture.documents.map((doc, i) => ({
  id: doc.id ?? `d${i}`, title: doc.title, content: doc.content ?? '', text: '', docType: doc.docType, threadId: doc.threadId ?? null, modifiedAt: i,
}));
process.stdout.write(JSON.stringify({ documents: DOCS, loadAverage: os.loadavg() }) + '\n');
// Alternate the builds so that a change in the machine's load touches both.
for (const round of [0, 1]) for (const dir of builds) process.stdout.write(JSON.stringify({ round, ...(await bench(dir, documents)) }) + '\n');
process.stdout.write(JSON.stringify({ loadAverage: os.loadavg() }) + '\n');
