import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import usearch, { type ScalarKind } from 'usearch';
import { RowColumns } from '../../../src/retrieval/row-columns.js';
import { VectorIndex } from '../../../src/retrieval/vector-index.js';
import { readVectorIndexFile, writeVectorIndexFile } from '../../../src/retrieval/vector-index-file.js';
import { clusteredVectors } from './clustered-vectors.js';

/**
 * Candidates for the vector index, measured in one run over the same
 * clustered unit vectors: a brute-force Float32Array scan (the baseline and
 * the ground truth), usearch exactSearch over f32 and over int8, and usearch
 * HNSW graphs (f32 and int8 vectors). Reports top-10 latency p50/p99,
 * recall@10 against the brute-force answer, build, save and load time, file
 * size and RSS, and the shipped VectorIndex opened from its files. A graph
 * and the shipped index are measured twice: over the first queries after
 * opening (they page the mapped graph in) and over as many more. Usage:
 * [GRAPHS=i8,f16,f32] node …/vector-index.bench.js [passages] [dimensions] [queries]
 * (default 50000 512 200). Prints one JSON line per candidate.
 */
const count = Number(process.argv[2] ?? 50_000);
const dims = Number(process.argv[3] ?? 512);
const queries = Number(process.argv[4] ?? 200);
const K = 10;

const { data, sample } = clusteredVectors(count, dims);
/** The measured queries; `laterQueries`, as many again, are asked after them: the index once the first searches have paged it in. */
const queryVectors = Array.from({ length: queries }, () => sample(0.06));
const laterQueries = Array.from({ length: queries }, () => sample(0.06));

function bruteForce(query: Float32Array): number[] {
  const top: { at: number; score: number }[] = [];
  for (let at = 0; at < count; at++) {
    let score = 0;
    const base = at * dims;
    for (let i = 0; i < dims; i++) score += query[i]! * data[base + i]!;
    if (top.length === K && score <= top[K - 1]!.score) continue;
    top.push({ at, score });
    top.sort((a, b) => b.score - a.score);
    if (top.length > K) top.pop();
  }
  return top.map((t) => t.at);
}

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! * 1000) / 1000;
}

const truth: number[][] = [];
const laterTruth: number[][] = [];
const BASELINE = 'brute-force Float32Array scan (JS)';
function measure(name: string, search: (q: Float32Array, qi: number) => number[], extra: Record<string, number> = {}, set: { vectors: Float32Array[]; truth: number[][] } = { vectors: queryVectors, truth }): void {
  const { truth } = set;
  const times: number[] = [];
  let hits = 0;
  set.vectors.forEach((q, qi) => {
    const t = performance.now();
    const found = search(q, qi);
    times.push(performance.now() - t);
    if (truth.length > qi) hits += found.filter((at) => truth[qi]!.includes(at)).length;
    else truth[qi] = found;
  });
  times.sort((a, b) => a - b);
  const recall = truth.length === set.vectors.length && name !== BASELINE ? hits / (set.vectors.length * K) : 1;
  process.stdout.write(
    `${JSON.stringify({ candidate: name, passages: count, dimensions: dims, p50_ms: percentile(times, 0.5), p99_ms: percentile(times, 0.99), recall_at_10: Math.round(recall * 1000) / 1000, rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20), ...extra })}\n`,
  );
}

measure(BASELINE, bruteForce);
for (const q of laterQueries) laterTruth.push(bruteForce(q));
const later = { vectors: laterQueries, truth: laterTruth };

const i8 = new Int8Array(count * dims);
for (let i = 0; i < data.length; i++) i8[i] = Math.round(data[i]! * 127);
const toI8 = (q: Float32Array) => Int8Array.from(q, (x) => Math.round(x * 127));
const keysOf = (m: { keys: BigUint64Array }) => Array.from(m.keys, Number);
measure('usearch exactSearch f32, 1 thread', (q) => keysOf(usearch.exactSearch(data, q, dims, K, usearch.MetricKind.IP, 1) as { keys: BigUint64Array }));
measure('usearch exactSearch i8, 1 thread', (q) => keysOf(usearch.exactSearch(i8, toI8(q), dims, K, usearch.MetricKind.Cos, 1) as { keys: BigUint64Array }));

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vector-bench-'));
// GRAPHS=f16 measures one graph kind only (each build takes minutes on 2 busy cores).
const graphKinds = (process.env.GRAPHS ?? 'i8,f16,f32').split(',') as ScalarKind[];
for (const quantization of graphKinds) {
  const threads = Number(process.env.BUILD_THREADS ?? 2);
  const index = new usearch.Index({ dimensions: dims, metric: usearch.MetricKind.Cos, quantization, connectivity: 16, expansion_add: 128, expansion_search: 64, multi: false });
  const keys = BigUint64Array.from({ length: count }, (_, i) => BigInt(i));
  let t = performance.now();
  // Added in batches as passages would arrive from the embedder.
  for (let at = 0; at < count; at += 1000) {
    const end = Math.min(count, at + 1000);
    index.add(keys.subarray(at, end).slice(), data.slice(at * dims, end * dims), threads);
  }
  const buildS = (performance.now() - t) / 1000;
  const file = path.join(folder, `${quantization}.usearch`);
  t = performance.now();
  index.save(file);
  const saveMs = performance.now() - t;
  const loaded = new usearch.Index({ dimensions: dims, metric: usearch.MetricKind.Cos, quantization, connectivity: 16, expansion_add: 128, expansion_search: 64, multi: false });
  t = performance.now();
  loaded.load(file);
  const loadMs = performance.now() - t;
  // view() maps the file instead of reading it: what opening a saved index for search costs.
  const viewed = new usearch.Index({ dimensions: dims, metric: usearch.MetricKind.Cos, quantization, connectivity: 16, expansion_add: 128, expansion_search: 64, multi: false });
  t = performance.now();
  viewed.view(file);
  const viewMs = performance.now() - t;
  const extra = { build_s: Math.round(buildS * 10) / 10, adds_per_s: Math.round(count / buildS), build_threads: threads, save_ms: Math.round(saveMs), load_ms: Math.round(loadMs), view_ms: Math.round(viewMs * 10) / 10, file_mb: Math.round(fs.statSync(file).size / 2 ** 20) };
  measure(`usearch HNSW ${quantization} (M 16, ef 64), 1 thread`, (q) => keysOf(viewed.search(q, K, 1)), extra);
  measure(`usearch HNSW ${quantization} (M 16, ef 64), 1 thread, the next ${queries} queries`, (q) => keysOf(viewed.search(q, K, 1)), {}, later);
  if (quantization === usearch.ScalarKind.F16) measureShipped(file, folder);
}

/** What ships: VectorIndex opened from its file and the graph beside it (the f16 graph just built, keyed by row), then searched by document. */
function measureShipped(graphFile: string, dir: string): void {
  const file = path.join(dir, 'vectors.bin');
  const rows = Array.from({ length: count }, (_, i) => ({ documentId: `doc-${Math.floor(i / 3)}`, hash: `h${i}`, start: 0, end: 1, key: i }));
  writeVectorIndexFile(file, { model: 'bench', location: 'bench', documents: new Map(), rows: RowColumns.of(rows), vectors: data, dimensions: dims, pending: [] }, path.basename(graphFile));
  const rssBefore = process.memoryUsage().rss;
  const t = performance.now();
  const saved = readVectorIndexFile(file)!;
  const index = new VectorIndex(dims, { rows: saved.rows, vectors: saved.vectors, graphFile: saved.graphFile! });
  const openMs = performance.now() - t;
  const openRssMb = Math.round((process.memoryUsage().rss - rssBefore) / 2 ** 20);
  measure('Sovereign VectorIndex.searchPassages (file + mapped f16 graph)', (q) => index.searchPassages(q, K).map((hit) => Number(hit.hash.slice(1))), {
    open_ms: Math.round(openMs),
    open_rss_mb: openRssMb,
    index_file_mb: Math.round(fs.statSync(file).size / 2 ** 20),
  });
  // The worker reads the vectors in after opening, a step at a time between calls; here all at once.
  const readStart = performance.now();
  while (index.readStep(4 << 20));
  const vectorsInMs = Math.round(performance.now() - readStart);
  measure(`Sovereign VectorIndex.searchPassages, the next ${queries} queries`, (q) => index.searchPassages(q, K).map((hit) => Number(hit.hash.slice(1))), { vectors_read_in_ms: vectorsInMs }, later);
}
fs.rmSync(folder, { recursive: true, force: true });
process.exit(0);
