import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { normaliseInPlace } from '../../../src/retrieval/unit-vector.js';
import { VectorIndex, type VectorRow } from '../../../src/retrieval/vector-index.js';
import { readVectorIndexFile, writeVectorIndexFile } from '../../../src/retrieval/vector-index-file.js';

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIMS = 32;

function unitVector(next: () => number): Float32Array {
  return normaliseInPlace(Float32Array.from({ length: DIMS }, () => next() * 2 - 1));
}

/** 300 documents of 1-4 passages with random unit vectors, plus the same data as a flat list for brute force. */
function corpus(seed: number) {
  const next = random(seed);
  const index = new VectorIndex(DIMS);
  const all: { row: VectorRow; vector: Float32Array }[] = [];
  for (let d = 0; d < 300; d++) {
    const documentId = `doc-${d}`;
    const rows: VectorRow[] = [];
    const vectors: Float32Array[] = [];
    for (let p = 0, n = 1 + Math.floor(next() * 4); p < n; p++) {
      const row = { documentId, hash: `${documentId}-p${p}`, start: p * 10, end: p * 10 + 9 };
      const vector = unitVector(next);
      rows.push(row);
      vectors.push(vector);
      all.push({ row, vector });
    }
    index.put(documentId, rows, vectors);
  }
  return { index, all, next };
}

function bruteForce(all: { row: VectorRow; vector: Float32Array }[], query: Float32Array) {
  return all
    .map(({ row, vector }) => ({ row, score: vector.reduce((s, x, i) => s + x * query[i]!, 0) }))
    .sort((a, b) => b.score - a.score);
}

test('the passages found are the ones a brute-force scan of every vector ranks highest', () => {
  const { index, all, next } = corpus(1);
  for (let q = 0; q < 20; q++) {
    const query = unitVector(next);
    const expected = bruteForce(all, query).slice(0, 10);
    const found = index.searchPassages(query, 10);
    assert.deepEqual(
      found.map((h) => h.hash),
      expected.map((e) => e.row.hash),
    );
    found.forEach((h, i) => assert.ok(Math.abs(h.score - expected[i]!.score) < 1e-5));
  }
});

test('document search ranks each document by its best passage, as brute force does', () => {
  const { index, all, next } = corpus(2);
  const query = unitVector(next);
  const seen = new Set<string>();
  const expected = bruteForce(all, query).filter(({ row }) => !seen.has(row.documentId) && seen.add(row.documentId));
  assert.deepEqual(
    index.searchDocuments(query, 15).map((h) => h.documentId),
    expected.slice(0, 15).map((e) => e.row.documentId),
  );
});

test('a replaced or removed document is never found again, and a filter is applied before ranking', () => {
  const { index, all, next } = corpus(3);
  const query = unitVector(next);
  const [best] = index.searchDocuments(query, 1);
  index.remove(best!.documentId);
  assert.ok(!index.searchDocuments(query, 300).some((h) => h.documentId === best!.documentId));
  // Replacing a document with the query itself puts it first.
  index.put('doc-8', [{ documentId: 'doc-8', hash: 'new', start: 0, end: 1 }], [query]);
  assert.equal(index.searchPassages(query, 1)[0]!.hash, 'new');
  assert.ok(!index.searchPassages(query, 1000).some((h) => h.hash.startsWith('doc-8-')));
  const even = (id: string) => Number(id.slice(4)) % 2 === 0;
  const filtered = index.searchDocuments(query, 10, even);
  const expected = bruteForce(all, query).filter(({ row }) => even(row.documentId) && row.documentId !== best!.documentId && row.documentId !== 'doc-8');
  assert.equal(filtered[0]!.documentId, 'doc-8');
  assert.equal(filtered[1]!.documentId, expected[0]!.row.documentId);
});

test('a passage three documents share keeps its vector until the last of them is removed, whichever goes first', () => {
  const next = random(11);
  const signature = unitVector(next);
  const index = new VectorIndex(DIMS);
  for (const documentId of ['letter', 'memo', 'invoice']) index.put(documentId, [{ documentId, hash: 'signature', start: 0, end: 9 }], [signature]);
  index.remove('memo');
  assert.deepEqual(Array.from(index.vectorOf('signature')!), Array.from(signature), 'the letter and the invoice still hold it');
  index.remove('invoice');
  assert.deepEqual(Array.from(index.vectorOf('signature')!), Array.from(signature), 'the letter still holds it');
  index.remove('letter');
  assert.equal(index.vectorOf('signature'), undefined);
});

test('the index saved to its file and read back answers exactly as before', () => {
  const { index, next } = corpus(4);
  index.remove('doc-10');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-vectors-'));
  try {
    const file = path.join(dir, 'vectors.bin');
    const { rows, vectors } = index.compacted();
    writeVectorIndexFile(file, { model: 'm', location: 'rocksdb:///x', documents: new Map(), rows, vectors, dimensions: DIMS, pending: ['doc-10'] });
    const loaded = readVectorIndexFile(file)!;
    assert.deepEqual(loaded.pending, ['doc-10']);
    const reread = new VectorIndex(DIMS, { rows: loaded.rows, vectors: loaded.vectors });
    assert.equal(reread.size, index.size);
    for (let q = 0; q < 5; q++) {
      const query = unitVector(next);
      assert.deepEqual(reread.searchPassages(query, 10), index.searchPassages(query, 10));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a truncated index file is reported as damaged, naming the file', () => {
  const { index } = corpus(5);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-vectors-'));
  try {
    const file = path.join(dir, 'vectors.bin');
    const { rows, vectors } = index.compacted();
    writeVectorIndexFile(file, { model: 'm', location: 'l', documents: new Map(), rows, vectors, dimensions: DIMS, pending: [] });
    fs.truncateSync(file, fs.statSync(file).size - 7);
    assert.throws(() => readVectorIndexFile(file), (e: Error) => e.message.includes(file) && e.message.includes('damaged'));
    assert.equal(readVectorIndexFile(path.join(dir, 'absent.bin')), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
