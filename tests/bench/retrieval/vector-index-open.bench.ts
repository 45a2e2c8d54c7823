import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import usearch from 'usearch';
import { RowColumns, type KeyedVectorRow } from '../../../src/retrieval/row-columns.js';
import { readVectorIndexFile, writeVectorIndexFile, type DocumentEntry } from '../../../src/retrieval/vector-index-file.js';
import { VectorIndex } from '../../../src/retrieval/vector-index.js';
import { VectorIndexThread } from '../../../src/retrieval/vector-index-thread.js';
import { fromDocumentColumns } from '../../../src/retrieval/document-columns.js';
import { KnownPassages } from '../../../src/retrieval/known-passages.js';
import { clusteredVectors } from './clustered-vectors.js';

/**
 * How long opening a vector index file takes at 200K passages (50K
 * documents of four passages: the 50K-document workspace), before its graph
 * loads: reading the file, setting up the index over its rows and handing
 * the passage keys to the indexing side. Then, apart, reading the vectors
 * in (the worker does that after opening). The baseline, in the same run,
 * is reading the whole file into memory. Synthetic rows (sha256 hashes,
 * real-looking ids and ranges) and vectors: the reader does not look at
 * their values. With --thread, the vectors are clustered like sentence
 * embeddings, an HNSW graph is built over them (~3 minutes at 200K on 2
 * cores) and the whole of opening is measured too, as the window meets it:
 * the index's worker thread starts, opens the file and maps the graph, and
 * the window's side takes in what it sent; then the first search. Usage:
 * node …/vector-index-open.bench.js [passages] [dimensions] [runs] [--thread]
 * (default 200000 512 3). Prints one JSON line and a table.
 */
const numbers = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const count = Number(numbers[0] ?? 200_000);
const dims = Number(numbers[1] ?? 512);
const runs = Number(numbers[2] ?? 3);
const throughThread = process.argv.includes('--thread');
const PASSAGES_PER_DOCUMENT = 4;

const documents = new Map<string, DocumentEntry>();
const rows: KeyedVectorRow[] = [];
for (let i = 0; i < count; i++) {
  const documentId = `document:${Math.floor(i / PASSAGES_PER_DOCUMENT).toString(36).padStart(20, '0')}`;
  if (!documents.has(documentId)) documents.set(documentId, { title: `Note ${i}`, docType: 'markdown', threadId: 'thread:inbox', modifiedAt: 1_700_000_000_000 + i });
  const p = i % PASSAGES_PER_DOCUMENT;
  rows.push({ documentId, hash: createHash('sha256').update(`passage ${i}`).digest('hex'), start: p * 900, end: p * 900 + 1000, key: i });
}
const clustered = throughThread ? clusteredVectors(count, dims) : undefined;
const vectors = clustered?.data ?? new Float32Array(count * dims);
if (!clustered) for (let i = 0; i < vectors.length; i += 97) vectors[i] = (i % 13) / 13;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-index-open-'));
const file = path.join(dir, 'vectors.bin');
try {
  const writeStart = performance.now();
  writeVectorIndexFile(file, { model: 'bench', location: 'rocksdb:///bench', documents, rows: RowColumns.of(rows), vectors, dimensions: dims, pending: [] }, 'vectors.bin.graph.usearch');
  const writeMs = performance.now() - writeStart;
  const times = { wholeFile: [] as number[], read: [] as number[], index: [] as number[], passageKeys: [] as number[], vectorsIn: [] as number[] };
  let rss = 0;
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    const whole = fs.readFileSync(file);
    times.wholeFile.push(performance.now() - t);
    if (whole.length === 0) throw new Error('the file is empty');
    t = performance.now();
    const read = readVectorIndexFile(file)!;
    times.read.push(performance.now() - t);
    t = performance.now();
    const index = new VectorIndex(dims, { rows: read.rows, vectors: read.vectors, deferGraph: true });
    times.index.push(performance.now() - t);
    t = performance.now();
    const keys = read.rows.passageKeys();
    times.passageKeys.push(performance.now() - t);
    t = performance.now();
    while (index.readStep(4 << 20));
    times.vectorsIn.push(performance.now() - t);
    rss = Math.max(rss, process.memoryUsage().rss);
    if (keys.keys.length !== count || read.rows.hashAt(count - 1) !== rows[count - 1]!.hash || index.size !== count) throw new Error('the file read back differs from the one written');
  }
  const thread = clustered ? await measureThread(clustered.sample(0.06)) : undefined;
  const ms = (values: number[]) => Math.round(median(values));
  const open = times.read.map((t, i) => t + times.index[i]! + times.passageKeys[i]!);
  const result = {
    passages: count,
    documents: documents.size,
    dimensions: dims,
    fileMB: Math.round(fs.statSync(file).size / 1e5) / 10,
    writeMs: Math.round(writeMs),
    wholeFileReadMs: ms(times.wholeFile),
    readMs: ms(times.read),
    indexMs: ms(times.index),
    passageKeysMs: ms(times.passageKeys),
    openMs: ms(open),
    openToWholeFileRead: Number((median(open) / median(times.wholeFile)).toFixed(3)),
    vectorsReadInMs: ms(times.vectorsIn),
    ...(thread ? { graphBuildS: thread.graphBuildS, threadStartMs: ms(thread.start), threadOpenMs: ms(thread.open), windowSideMs: ms(thread.windowSide), openThroughThreadMs: ms(thread.total), firstSearchMs: ms(thread.firstSearch) } : {}),
    rssMB: Math.round(rss / 1e6),
    load: os.loadavg()[0]!.toFixed(2),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.stdout.write(`medians of ${runs} runs, ms                 \n`);
  process.stdout.write(`  whole file read (baseline)   ${String(result.wholeFileReadMs).padStart(6)}\n`);
  process.stdout.write(`  open: read rows, documents   ${String(result.readMs).padStart(6)}\n`);
  process.stdout.write(`  open: index over the rows    ${String(result.indexMs).padStart(6)}\n`);
  process.stdout.write(`  open: passage keys           ${String(result.passageKeysMs).padStart(6)}\n`);
  process.stdout.write(`  open, in all                 ${String(result.openMs).padStart(6)}  (${result.openToWholeFileRead}× the whole-file read)\n`);
  process.stdout.write(`  vectors read in, after       ${String(result.vectorsReadInMs).padStart(6)}\n`);
  if (thread) {
    process.stdout.write(`through the worker thread, with the graph (built in ${thread.graphBuildS} s):\n`);
    process.stdout.write(`  thread started                ${String(ms(thread.start)).padStart(6)}\n`);
    process.stdout.write(`  file opened, graph mapped     ${String(ms(thread.open)).padStart(6)}\n`);
    process.stdout.write(`  window's side takes it in     ${String(ms(thread.windowSide)).padStart(6)}\n`);
    process.stdout.write(`  open, in all                  ${String(ms(thread.total)).padStart(6)}  (${(median(thread.total) / median(times.wholeFile)).toFixed(3)}× the whole-file read)\n`);
    process.stdout.write(`  then the first search         ${String(ms(thread.firstSearch)).padStart(6)}\n`);
  }
  process.stdout.write(`${count} passages, ${documents.size} documents, ${dims}-d, file ${result.fileMB} MB, RSS ${result.rssMB} MB, load ${result.load}\n`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Opening as SemanticIndex.open does it, `runs` times, over a graph built here beside the file; medians are taken by the caller. */
async function measureThread(query: Float32Array) {
  const graphStart = performance.now();
  const graph = new usearch.Index({ dimensions: dims, metric: usearch.MetricKind.Cos, quantization: usearch.ScalarKind.F16, connectivity: 16, expansion_add: 128, expansion_search: 64, multi: false });
  const keys = BigUint64Array.from({ length: count }, (_, i) => BigInt(i));
  for (let at = 0; at < count; at += 5000) graph.add(keys.subarray(at, Math.min(count, at + 5000)).slice(), vectors.slice(at * dims, Math.min(count, at + 5000) * dims), 2);
  graph.save(path.join(dir, 'vectors.bin.graph.usearch'));
  const graphBuildS = Math.round((performance.now() - graphStart) / 100) / 10;
  const result = { graphBuildS, start: [] as number[], open: [] as number[], windowSide: [] as number[], total: [] as number[], firstSearch: [] as number[] };
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const thread = VectorIndexThread.start({ file, model: 'bench', dimensions: dims, location: 'rocksdb:///bench' });
    await thread.call('nearestPassages', [], 1);
    const t1 = performance.now();
    const opened = await thread.call('open');
    const t2 = performance.now();
    const known = KnownPassages.fromOpened(opened.passageKeys);
    const entries = fromDocumentColumns(opened.documents);
    const t3 = performance.now();
    const [hits] = await thread.call('nearestPassages', [query], 10);
    const t4 = performance.now();
    await thread.stop();
    if (opened.dirty || opened.passages !== count || entries.size !== documents.size || hits?.length !== 10 || !known.has(rows[0]!.hash)) throw new Error('the index opened through its thread is not the one written');
    result.start.push(t1 - t0);
    result.open.push(t2 - t1);
    result.windowSide.push(t3 - t2);
    result.total.push(t3 - t0);
    result.firstSearch.push(t4 - t3);
  }
  return result;
}
