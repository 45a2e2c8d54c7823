import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readVectorIndexFile, writeVectorIndexFile, type DocumentEntry } from '../../../src/retrieval/vector-index-file.js';
import type { KeyedVectorRow } from '../../../src/retrieval/vector-index.js';
import { FileCipher } from '../../../src/core/crypto/index.js';

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
    writeVectorIndexFile(file, { model: 'm', location: 'l', documents: DOCUMENTS, rows: ROWS, vectors: VECTORS, dimensions: DIMS, pending: ['document:c'] }, 'vectors.bin.g.usearch');
    const read = readVectorIndexFile(file)!;
    assert.deepEqual(read.rows, ROWS);
    assert.deepEqual([...read.vectors], [...VECTORS]);
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
    assert.deepEqual(read.rows, ROWS);
    assert.deepEqual([...read.vectors], [...VECTORS]);
    assert.equal(read.outdated, true);
  });
});

test('a row naming a document the file does not list is reported as damaged, naming the file', () => {
  inTemporaryFolder((dir) => {
    const file = path.join(dir, 'vectors.bin');
    writeVectorIndexFile(file, { model: 'm', location: 'l', documents: DOCUMENTS, rows: ROWS, vectors: VECTORS, dimensions: DIMS, pending: [] });
    const bytes = fs.readFileSync(file);
    // The document-index column follows the f64 keys, right after the metadata.
    const columns = 24 + bytes.readUInt32LE(16);
    bytes.writeUInt32LE(99, columns + ROWS.length * 8);
    fs.writeFileSync(file, bytes);
    assert.throws(() => readVectorIndexFile(file), (e: Error) => e.message.includes(file) && /damaged: row 0 names document 99/.test(e.message));
  });
});

test('in a vault the file is sealed: it reads back whole with the key, and a plain, altered or other vault\'s file is set aside to be rebuilt', () => {
  inTemporaryFolder((dir) => {
    const files = new FileCipher(randomBytes(32));
    const file = path.join(dir, 'vectors.bin');
    const contents = { model: 'm', location: 'l', documents: DOCUMENTS, rows: ROWS, vectors: VECTORS, dimensions: DIMS, pending: ['document:c'] };
    writeVectorIndexFile(file, contents, null, files);
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.subarray(0, 4).toString(), 'SVF1');
    assert.ok(!bytes.includes(Buffer.from('hash-élan')), 'no row hash in the clear');
    assert.ok(!bytes.includes(Buffer.from(VECTORS.buffer, 4, 8)), 'no vector bytes in the clear');
    const read = readVectorIndexFile(file, files)!;
    assert.deepEqual(read.rows, ROWS);
    assert.deepEqual([...read.vectors], [...VECTORS]);
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
