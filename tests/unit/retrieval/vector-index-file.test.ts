import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readVectorIndexFile, writeVectorIndexFile, type DocumentEntry } from '../../../src/retrieval/vector-index-file.js';
import { RowColumns, type KeyedVectorRow } from '../../../src/retrieval/row-columns.js';
import { FileCipher } from '../../../src/core/crypto/index.js';
import { passageKey } from '../../../src/retrieval/known-passages.js';

const DIMS = 4;

function inTemporaryFolder(body: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-vector-file-'));
  try {
    body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows of two documents, one hash in a script outside Latin-1, keys with gaps (removed passages leave them). */
const ROWS: KeyedVectorRow[] = [
  { documentId: 'document:a', hash: 'a'.repeat(64), start: 0, end: 120, key: 0 },
  { documentId: 'document:b', hash: 'hash-élan-段落', start: 5, end: 9, key: 7 },
  { documentId: 'document:a', hash: 'f'.repeat(64), start: 120, end: 4_000_000, key: 2 ** 40 },
];
const VECTORS = Float32Array.from({ length: ROWS.length * DIMS }, (_, i) => i / 10);
const DOCUMENTS = new Map<string, DocumentEntry>([
  ['document:a', { title: 'A', docType: 'markdown', threadId: null, modifiedAt: 1 }],
  ['document:b', { title: 'B', docType: 'pdf', threadId: 'thread:x', modifiedAt: 2 }],
]);

test('every row (document, hash, range, graph key) and vector comes back from the file as it was written', () => {
  inTemporaryFolder((dir) => {
    const file = path.join(dir, 'vectors.bin');
    writeVectorIndexFile(file, { model: 'm', location: 'l', documents: DOCUMENTS, rows: RowColumns.of(ROWS), vectors: VECTORS, dimensions: DIMS, pending: ['document:c'] }, 'vectors.bin.g.usearch');
    const read = readVectorIndexFile(file)!;
    assert.deepEqual(read.rows.rows(), ROWS);
    assert.deepEqual([...read.vectors.readAll()], [...VECTORS]);
    assert.deepEqual(read.documents, DOCUMENTS);
    assert.deepEqual(read.pending, ['document:c']);
    assert.equal(read.graphFile, path.join(dir, 'vectors.bin.g.usearch'));
    assert.equal(read.outdated, undefined);
  });
});

test('an index file of the previous format (rows as JSON) is read whole and marked to be written again in the current one', () => {
  inTemporaryFolder((dir) => {
    const file = path.join(dir, 'vectors.bin');
    // The layout version 2 wrote: header, JSON metadata with the rows, padding to 4 bytes, vectors.
    const json = Buffer.from(
      JSON.stringify({
        model: 'm',
        location: 'l',
        documents: Object.fromEntries(DOCUMENTS),
        rows: ROWS.map((r) => [r.documentId, r.hash, r.start, r.end, r.key]),
        graph: null,
        pending: [],
      }),
    );
    const padded = Math.ceil((24 + json.length) / 4) * 4 - 24;
    const header = Buffer.alloc(24);
    header.write('SOVVEC02', 0, 'latin1');
    header.writeUInt32LE(DIMS, 8);
    header.writeUInt32LE(ROWS.length, 12);
    header.writeUInt32LE(padded, 16);
    fs.writeFileSync(file, Buffer.concat([header, json, Buffer.alloc(padded - json.length, 0x20), Buffer.from(VECTORS.buffer)]));
    const read = readVectorIndexFile(file)!;
    assert.deepEqual(read.rows.rows(), ROWS);
    assert.deepEqual([...read.vectors.readAll()], [...VECTORS]);
    assert.equal(read.outdated, true);
  });
});

test('an index file of the previous format (document fields as JSON) is read whole, passage keys and all, and marked to be written again', () => {
  inTemporaryFolder((dir) => {
    const file = path.join(dir, 'vectors.bin');
    // The layout version 3 wrote: header, JSON metadata padded to 8 bytes, row columns, row hashes padded with NULs to 4 bytes, vectors.
    const ids = [...DOCUMENTS.keys()];
    const entries = [...DOCUMENTS.values()];
    const json = Buffer.from(
      JSON.stringify({ model: 'm', location: 'l', graph: null, pending: [], ids, titles: entries.map((e) => e.title), docTypes: entries.map((e) => e.docType), threadIds: entries.map((e) => e.threadId), modifiedAt: entries.map((e) => e.modifiedAt) }),
    );
    const metaBytes = Math.ceil((24 + json.length) / 8) * 8 - 24;
    const n = ROWS.length;
    const columns = Buffer.alloc(n * 24);
    let hashEnd = 0;
    ROWS.forEach((row, i) => {
      columns.writeDoubleLE(row.key, i * 8);
      columns.writeUInt32LE(ids.indexOf(row.documentId), n * 8 + i * 4);
      columns.writeUInt32LE(row.start, n * 12 + i * 4);
      columns.writeUInt32LE(row.end, n * 16 + i * 4);
      columns.writeUInt32LE((hashEnd += row.hash.length), n * 20 + i * 4);
    });
    const hashes = Buffer.from(ROWS.map((r) => r.hash).join(''));
    const hashBytes = Math.ceil(hashes.length / 4) * 4;
    const header = Buffer.alloc(24);
    header.write('SOVVEC03', 0, 'latin1');
    [DIMS, n, metaBytes, hashBytes].forEach((value, i) => header.writeUInt32LE(value, 8 + i * 4));
    fs.writeFileSync(file, Buffer.concat([header, json, Buffer.alloc(metaBytes - json.length, 0x20), columns, hashes, Buffer.alloc(hashBytes - hashes.length), Buffer.from(VECTORS.buffer)]));
    const read = readVectorIndexFile(file)!;
    assert.deepEqual(read.rows.rows(), ROWS);
    assert.deepEqual([...read.vectors.readAll()], [...VECTORS]);
    assert.deepEqual(read.documents, DOCUMENTS);
    assert.deepEqual(
      ROWS.map((_, slot) => read.rows.passageKeyAt(slot)),
      ROWS.map((r) => passageKey(r.hash)),
    );
    assert.equal(read.outdated, true);
  });
});

test('a plain file\'s vectors are read after it opens, a step at a time, and read as written even when a save replaces the file meanwhile', () => {
  inTemporaryFolder((dir) => {
    const file = path.join(dir, 'vectors.bin');
    const dims = 256;
    const vectors = Float32Array.from({ length: ROWS.length * dims }, (_, i) => i);
    const contents = { model: 'm', location: 'l', documents: DOCUMENTS, rows: RowColumns.of(ROWS), vectors, dimensions: dims, pending: [] };
    writeVectorIndexFile(file, contents);
    const read = readVectorIndexFile(file)!;
    assert.equal(read.vectors.complete, false, 'nothing of the vectors is read on opening');
    assert.equal(read.vectors.readStep(1024), true, 'one 1 KB step leaves some unread');
    writeVectorIndexFile(file, { ...contents, vectors: new Float32Array(vectors.length).fill(-1) });
    assert.deepEqual([...read.vectors.readAll()], [...vectors]);
    assert.equal(read.vectors.complete, true);
    assert.equal(read.vectors.readStep(1024), false);
  });
});

test('a row naming a document the file does not list is reported as damaged, naming the file', () => {
  inTemporaryFolder((dir) => {
    const file = path.join(dir, 'vectors.bin');
    writeVectorIndexFile(file, { model: 'm', location: 'l', documents: DOCUMENTS, rows: RowColumns.of(ROWS), vectors: VECTORS, dimensions: DIMS, pending: [] });
    const bytes = fs.readFileSync(file);
    // The document-index column follows the f64 columns (graph keys, passage keys, modified times), right after the metadata.
    const columns = 32 + bytes.readUInt32LE(24);
    bytes.writeUInt32LE(99, columns + ROWS.length * 16 + DOCUMENTS.size * 8);
    fs.writeFileSync(file, bytes);
    assert.throws(() => readVectorIndexFile(file), (e: Error) => e.message.includes(file) && /damaged: row 0 names document 99/.test(e.message));
  });
});

test('in a vault the file is sealed: it reads back whole with the key, and a plain, altered or other vault\'s file is set aside to be rebuilt', () => {
  inTemporaryFolder((dir) => {
    const files = new FileCipher(randomBytes(32));
    const file = path.join(dir, 'vectors.bin');
    const contents = { model: 'm', location: 'l', documents: DOCUMENTS, rows: RowColumns.of(ROWS), vectors: VECTORS, dimensions: DIMS, pending: ['document:c'] };
    writeVectorIndexFile(file, contents, null, files);
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.subarray(0, 4).toString(), 'SVF1');
    assert.ok(!bytes.includes(Buffer.from('hash-élan')), 'no row hash in the clear');
    assert.ok(!bytes.includes(Buffer.from(VECTORS.buffer, 4, 8)), 'no vector bytes in the clear');
    const read = readVectorIndexFile(file, files)!;
    assert.deepEqual(read.rows.rows(), ROWS);
    assert.deepEqual([...read.vectors.readAll()], [...VECTORS]);
    assert.deepEqual(read.documents, DOCUMENTS);

    const altered = Buffer.from(bytes);
    altered[altered.length - 30]! ^= 1;
    fs.writeFileSync(file, altered);
    assert.equal(readVectorIndexFile(file, files), undefined, 'an altered file');
    fs.writeFileSync(file, bytes);
    assert.equal(readVectorIndexFile(file, new FileCipher(randomBytes(32))), undefined, 'another vault\'s file');
    writeVectorIndexFile(file, contents);
    assert.equal(readVectorIndexFile(file, files), undefined, 'a plain file left by the workspace before it was a vault');
  });
});
