import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { normaliseInPlace } from '../../../src/retrieval/unit-vector.js';
import { VectorIndex, type VectorRow } from '../../../src/retrieval/vector-index.js';
import { readVectorIndexFile, saveVectorIndex } from '../../../src/retrieval/vector-index-file.js';

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIMS = 24;
/** Past the size where the index stops scanning and asks its graph. */
const DOCUMENTS = 2500;

function unitVector(next: () => number): Float32Array {
  return normaliseInPlace(Float32Array.from({ length: DIMS }, () => next() * 2 - 1));
}

/** 2,500 documents of two passages each (5,000 passages), plus the same data as a flat list for brute force. */
function largeCorpus(seed: number) {
  const next = random(seed);
  const index = new VectorIndex(DIMS);
  const all: { row: VectorRow; vector: Float32Array }[] = [];
  for (let d = 0; d < DOCUMENTS; d++) {
    const documentId = `doc-${d}`;
    const rows = [0, 1].map((p) => ({ documentId, hash: `${documentId}-p${p}`, start: p * 10, end: p * 10 + 9 }));
    const vectors = rows.map(() => unitVector(next));
    rows.forEach((row, i) => all.push({ row, vector: vectors[i]! }));
    index.put(documentId, rows, vectors);
  }
  return { index, all, next };
}

function bruteForceTop(all: { row: VectorRow; vector: Float32Array }[], query: Float32Array, k: number): string[] {
  return all
    .map(({ row, vector }) => ({ hash: row.hash, score: vector.reduce((s, x, i) => s + x * query[i]!, 0) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map((e) => e.hash);
}

function recallAt10(index: VectorIndex, all: { row: VectorRow; vector: Float32Array }[], queries: Float32Array[]): number {
  let found = 0;
  for (const query of queries) {
    const truth = new Set(bruteForceTop(all, query, 10));
    found += index.searchPassages(query, 10).filter((hit) => truth.has(hit.hash)).length;
  }
  return found / (queries.length * 10);
}

function inTemporaryFolder(run: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-graph-'));
  try {
    run(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const { index: shared, all: sharedRows, next: sharedNext } = largeCorpus(11);

test('in a large index, the ten passages found are at least 95% of those a brute-force scan ranks highest', () => {
  const queries = Array.from({ length: 30 }, () => unitVector(sharedNext));
  assert.ok(recallAt10(shared, sharedRows, queries) >= 0.95);
});

test('in a large index, a replaced document is found by its new passage only and a removed one is never found', () => {
  const query = unitVector(sharedNext);
  const [best] = shared.searchDocuments(query, 1);
  shared.remove(best!.documentId);
  assert.ok(!shared.searchDocuments(query, 50).some((h) => h.documentId === best!.documentId));
  shared.put('doc-7', [{ documentId: 'doc-7', hash: 'doc-7-new', start: 0, end: 1 }], [query]);
  const top = shared.searchPassages(query, 50);
  assert.equal(top[0]!.hash, 'doc-7-new');
  assert.ok(!top.some((h) => h.hash === 'doc-7-p0' || h.hash === 'doc-7-p1'));
  // A filter that accepts few documents still finds them, best first.
  const few = (id: string) => id === 'doc-7' || id === 'doc-1234';
  assert.deepEqual(
    shared.searchDocuments(query, 5, few).map((h) => h.documentId),
    ['doc-7', 'doc-1234'],
  );
});

test('a large index saved with its graph and reopened answers as before and keeps accepting changes', () => {
  const { index, all, next } = largeCorpus(12);
  inTemporaryFolder((dir) => {
    const file = path.join(dir, 'vectors.bin');
    const graph = saveVectorIndex(file, index, { model: 'm', location: 'l', documents: new Map(), pending: [] }, undefined);
    const saved = readVectorIndexFile(file)!;
    assert.equal(saved.graphFile, path.join(dir, graph));
    const reopened = new VectorIndex(DIMS, { rows: saved.rows, vectors: saved.vectors, graphFile: saved.graphFile! });
    assert.equal(reopened.graphChanged, false, 'the saved graph is opened, not rebuilt');
    const queries = Array.from({ length: 10 }, () => unitVector(next));
    for (const query of queries) assert.deepEqual(reopened.searchPassages(query, 10), index.searchPassages(query, 10));
    assert.ok(recallAt10(reopened, all, queries) >= 0.95);

    const query = unitVector(next);
    reopened.put('doc-3', [{ documentId: 'doc-3', hash: 'doc-3-new', start: 0, end: 1 }], [query]);
    assert.equal(reopened.searchPassages(query, 1)[0]!.hash, 'doc-3-new');
    const second = saveVectorIndex(file, reopened, { model: 'm', location: 'l', documents: new Map(), pending: [] }, graph);
    assert.notEqual(second, graph);
    assert.deepEqual(
      fs.readdirSync(dir).filter((name) => name.endsWith('.usearch')),
      [second],
      'the older graph file is removed once the index file names the new one',
    );
  });
});

test('an index whose graph file was lost rebuilds the graph from its vectors and still finds the nearest passages', () => {
  const { index, all, next } = largeCorpus(13);
  inTemporaryFolder((dir) => {
    const file = path.join(dir, 'vectors.bin');
    const graph = saveVectorIndex(file, index, { model: 'm', location: 'l', documents: new Map(), pending: [] }, undefined);
    fs.rmSync(path.join(dir, graph));
    const saved = readVectorIndexFile(file)!;
    const reopened = new VectorIndex(DIMS, { rows: saved.rows, vectors: saved.vectors, graphFile: saved.graphFile! });
    assert.equal(reopened.graphChanged, true, 'the graph was rebuilt and must be saved again');
    const queries = Array.from({ length: 20 }, () => unitVector(next));
    assert.ok(recallAt10(reopened, all, queries) >= 0.95);
  });
});

test('an index file of the previous format is set aside to be rebuilt instead of reported as damaged', () => {
  inTemporaryFolder((dir) => {
    const file = path.join(dir, 'vectors.bin');
    const header = Buffer.alloc(24);
    header.write('SOVVEC01', 0, 'latin1');
    fs.writeFileSync(file, Buffer.concat([header, Buffer.from('{}')]));
    assert.equal(readVectorIndexFile(file), undefined);
  });
});

test('a large index opened with its graph deferred (a vault\'s) finds the exact nearest passages at once, keeps changes made while its graph is built, and answers from the graph once built', () => {
  const { index, all, next } = largeCorpus(23);
  const { rows, vectors } = index.compacted();
  const reopened = new VectorIndex(DIMS, { rows, vectors, deferGraph: true });
  assert.ok(reopened.graphPending);
  const query = unitVector(next);
  assert.deepEqual(
    reopened.searchPassages(query, 10).map((hit) => hit.hash),
    bruteForceTop(all, query, 10),
    'before the graph holds anything, the search scans every vector',
  );

  reopened.buildGraphStep(1000);
  const [best] = reopened.searchDocuments(query, 1);
  reopened.remove(best!.documentId);
  reopened.put('doc-new', [{ documentId: 'doc-new', hash: 'doc-new-p0', start: 0, end: 1 }], [query]);
  while (reopened.buildGraphStep(1000));
  assert.ok(!reopened.graphPending);

  const top = reopened.searchPassages(query, 50);
  assert.equal(top[0]!.hash, 'doc-new-p0', 'a passage put while the graph was built is found');
  assert.ok(!top.some((hit) => hit.documentId === best!.documentId), 'a document removed while the graph was built is never found');
  const remaining = all.filter(({ row }) => row.documentId !== best!.documentId);
  const queries = Array.from({ length: 30 }, () => unitVector(next));
  assert.ok(recallAt10(reopened, remaining, queries) >= 0.95, 'the graph answers for the whole index once built');
});
