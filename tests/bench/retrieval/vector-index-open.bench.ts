import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readVectorIndexFile, writeVectorIndexFile, type DocumentEntry } from '../../../src/retrieval/vector-index-file.js';
import type { KeyedVectorRow } from '../../../src/retrieval/vector-index.js';

/**
 * How long reading a vector index file takes at 200K passages (50K
 * documents of four passages: the 50K-document workspace), which is what
 * opening the semantic index costs before its graph loads. Synthetic rows
 * (sha256 hashes, real-looking ids and ranges) and synthetic vectors: the
 * reader does not look at their values. The HNSW graph is not built here
 * (about a minute per 50K on 2 cores); vector-index.bench.ts measures
 * opening and searching a built graph. Usage:
 * node …/vector-index-open.bench.js [passages] [dimensions] [runs]
 * (default 200000 512 3). Prints one JSON line and a table.
 */
const count = Number(process.argv[2] ?? 200_000);
const dims = Number(process.argv[3] ?? 512);
const runs = Number(process.argv[4] ?? 3);
const PASSAGES_PER_DOCUMENT = 4;

const documents = new Map<string, DocumentEntry>();
const rows: KeyedVectorRow[] = [];
for (let i = 0; i < count; i++) {
  const documentId = `document:${Math.floor(i / PASSAGES_PER_DOCUMENT).toString(36).padStart(20, '0')}`;
  if (!documents.has(documentId)) documents.set(documentId, { title: `Note ${i}`, docType: 'markdown', threadId: 'thread:inbox', modifiedAt: 1_700_000_000_000 + i });
  const p = i % PASSAGES_PER_DOCUMENT;
  rows.push({ documentId, hash: createHash('sha256').update(`passage ${i}`).digest('hex'), start: p * 900, end: p * 900 + 1000, key: i });
}
const vectors = new Float32Array(count * dims);
for (let i = 0; i < vectors.length; i += 97) vectors[i] = (i % 13) / 13;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-index-open-'));
const file = path.join(dir, 'vectors.bin');
try {
  const writeStart = performance.now();
  writeVectorIndexFile(file, { model: 'bench', location: 'rocksdb:///bench', documents, rows, vectors, dimensions: dims, pending: [] }, 'vectors.bin.graph.usearch');
  const writeMs = performance.now() - writeStart;
  const readMs: number[] = [];
  let rss = 0;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const read = readVectorIndexFile(file)!;
    readMs.push(performance.now() - start);
    rss = Math.max(rss, process.memoryUsage().rss);
    if (read.rows.length !== count || read.rows[count - 1]!.hash !== rows[count - 1]!.hash) throw new Error('the file read back differs from the one written');
  }
  readMs.sort((a, b) => a - b);
  const result = {
    passages: count,
    documents: documents.size,
    dimensions: dims,
    fileMB: Math.round(fs.statSync(file).size / 1e5) / 10,
    writeMs: Math.round(writeMs),
    readMsMedian: Math.round(readMs[Math.floor(runs / 2)]!),
    readMsMin: Math.round(readMs[0]!),
    rssMB: Math.round(rss / 1e6),
    load: os.loadavg()[0]!.toFixed(2),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.stdout.write(`passages  documents  dims  file MB  write ms  read ms (median of ${runs})  RSS MB  load\n`);
  process.stdout.write(`${String(count).padStart(8)}  ${String(documents.size).padStart(9)}  ${String(dims).padStart(4)}  ${String(result.fileMB).padStart(7)}  ${String(result.writeMs).padStart(8)}  ${String(result.readMsMedian).padStart(23)}  ${String(result.rssMB).padStart(6)}  ${result.load}\n`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
