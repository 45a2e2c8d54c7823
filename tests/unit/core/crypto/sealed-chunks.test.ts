import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { FileCipher, SealedFileError } from '../../../../src/core/crypto/index.js';

const cipher = new FileCipher(randomBytes(32));
/** The sealed file's header (magic and salt), then each chunk as frame (5 bytes), ciphertext and tag (16 bytes). */
const HEADER = 36;
const CHUNK = 1024;
const ON_DISK = 5 + CHUNK + 16;

function readAll(chunks: { read(target: Uint8Array, offset: number, length: number, position: number): number }, size: number, piece: number): Buffer {
  const out = Buffer.alloc(size);
  for (let at = 0; at < size; at += piece) chunks.read(out, at, Math.min(piece, size - at), at);
  return out;
}

test('a file sealed in small chunks reads back the same bytes at any range, whether its last chunk is full, short or the only one', () => {
  for (const length of [1, CHUNK - 1, CHUNK, CHUNK + 1, 10 * CHUNK, 10 * CHUNK + 7]) {
    const plain = randomBytes(length);
    const chunks = cipher.openChunks(cipher.sealBufferSync(plain, 'index', CHUNK), 'index');
    assert.equal(chunks.size, length, `${length} bytes`);
    assert.deepEqual(readAll(chunks, length, 333), plain, `${length} bytes read in pieces of 333`);
    const target = Buffer.alloc(40);
    const position = Math.max(0, length - 20);
    assert.equal(chunks.read(target, 0, 40, position), length - position, `a read past the end of ${length} bytes stops at the end`);
    assert.deepEqual(target.subarray(0, length - position), plain.subarray(position));
  }
});

test('an index sealed before chunks were small (256 KiB) still reads back the same bytes', () => {
  const plain = randomBytes(600_001);
  const chunks = cipher.openChunks(cipher.sealBufferSync(plain, 'index'), 'index');
  assert.deepEqual(readAll(chunks, plain.length, 70_000), plain);
});

test('reading a whole sealed file through keeps no more decrypted bytes than its cache allows, and loses none', () => {
  const plain = randomBytes(40 * CHUNK + 100);
  const chunks = cipher.openChunks(cipher.sealBufferSync(plain, 'index', CHUNK), 'index', 4 * CHUNK);
  let most = 0;
  const out = Buffer.alloc(plain.length);
  // Backwards and in odd pieces, so reads straddle chunks and come back to evicted ones.
  for (let end = plain.length; end > 0; end -= 700) {
    const at = Math.max(0, end - 700);
    chunks.read(out, at, end - at, at);
    most = Math.max(most, chunks.cachedBytes);
  }
  assert.deepEqual(out, plain);
  assert.ok(most <= 4 * CHUNK, `at most the cache's 4 KiB held, not ${most} bytes`);
  assert.deepEqual(readAll(chunks, plain.length, 5000), plain, 'chunks dropped from the cache read again as written');
});

test('a closed sealed file holds no decrypted bytes and refuses every read instead of answering from memory', () => {
  const plain = randomBytes(8 * CHUNK);
  const chunks = cipher.openChunks(cipher.sealBufferSync(plain, 'index', CHUNK), 'index');
  assert.deepEqual(readAll(chunks, plain.length, 1000), plain);
  assert.ok(chunks.cachedBytes > 0);
  chunks.close();
  assert.equal(chunks.cachedBytes, 0);
  assert.throws(() => chunks.read(Buffer.alloc(10), 0, 10, 0), /the sealed file was closed/);
});

test('a small-chunk file cut at a chunk boundary or grown is refused at once, naming which', () => {
  const sealed = cipher.sealBufferSync(randomBytes(10 * CHUNK + 7), 'index', CHUNK);
  assert.throws(() => cipher.openChunks(sealed.subarray(0, HEADER + 4 * ON_DISK), 'index'), (error: Error) => error instanceof SealedFileError && error.message === 'it is truncated');
  assert.throws(() => cipher.openChunks(sealed.subarray(0, sealed.length - 1), 'index'), (error: Error) => error instanceof SealedFileError && error.message === 'it is truncated');
  assert.throws(() => cipher.openChunks(Buffer.concat([sealed, Buffer.alloc(ON_DISK)]), 'index'), /it has bytes after its last chunk/);
});

test('a frame edited on disk in the middle of the file, or two chunks swapped, fail authentication when read, and the rest still reads', () => {
  const plain = randomBytes(10 * CHUNK + 7);
  const sealed = cipher.sealBufferSync(plain, 'index', CHUNK);
  const flagged = Buffer.from(sealed);
  flagged[HEADER + 3 * ON_DISK]! ^= 1; // chunk 3 now says it is the last
  const swapped = Buffer.concat([
    sealed.subarray(0, HEADER + 5 * ON_DISK),
    sealed.subarray(HEADER + 6 * ON_DISK, HEADER + 7 * ON_DISK),
    sealed.subarray(HEADER + 5 * ON_DISK, HEADER + 6 * ON_DISK),
    sealed.subarray(HEADER + 7 * ON_DISK),
  ]);
  for (const [what, file, bad] of [['a flag', flagged, 3], ['a swap', swapped, 5]] as const) {
    const chunks = cipher.openChunks(file, 'index');
    const target = Buffer.alloc(10);
    chunks.read(target, 0, 10, 0);
    assert.deepEqual(target, plain.subarray(0, 10), `${what}: the chunks before it read as written`);
    assert.throws(() => chunks.read(target, 0, 10, bad * CHUNK + 3), (error: Error) => error instanceof SealedFileError && error.message === 'it failed authentication', what);
  }
});
