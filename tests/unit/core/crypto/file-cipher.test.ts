import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { FileCipher, SealedFileError } from '../../../../src/core/crypto/index.js';

const cipher = new FileCipher(randomBytes(32));

async function collect(pieces: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const piece of pieces) out.push(piece);
  return Buffer.concat(out);
}

/** The bytes as a stream of uneven pieces, the way a file read stream might deliver them. */
function* pieces(bytes: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

test('a sealed file opens to the same bytes, whatever its size and however the stream is cut', async () => {
  for (const length of [0, 1, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 700_001]) {
    const plain = randomBytes(length);
    const sealed = await collect(cipher.seal(pieces(plain, 65_536), 'attachments/x'));
    if (length >= 32) assert.ok(!sealed.includes(plain.subarray(0, 32)), `no plaintext in the sealed form of ${length} bytes`);
    assert.deepEqual(await collect(cipher.open(pieces(sealed, 4093), 'attachments/x')), plain, `${length} bytes`);
  }
});

test('a sealed file opened as another one (other additional data) fails authentication', async () => {
  const sealed = await cipher.sealBuffer(Buffer.from('harbour chart'), 'attachments/a');
  await assert.rejects(cipher.openBuffer(sealed, 'attachments/b'), (error: Error) => error instanceof SealedFileError && error.message === 'it failed authentication');
});

test('a sealed file cut short at a chunk boundary is refused as truncated, never read short', async () => {
  const plain = randomBytes(600_000);
  const sealed = await cipher.sealBuffer(plain, 'index');
  // Header (36) plus the first full chunk (5 + 262144 + 16): what remains looks whole but lacks its last chunk.
  const cut = sealed.subarray(0, 36 + 5 + 256 * 1024 + 16);
  await assert.rejects(cipher.openBuffer(cut, 'index'), (error: Error) => error.message === 'it is truncated');
});

test('one flipped byte, bytes appended, or another data key: each is refused', async () => {
  const sealed = await cipher.sealBuffer(Buffer.from('the search index'), 'index');
  const flipped = Buffer.from(sealed);
  flipped[flipped.length - 20]! ^= 1;
  await assert.rejects(cipher.openBuffer(flipped, 'index'), /it failed authentication/);
  await assert.rejects(cipher.openBuffer(Buffer.concat([sealed, Buffer.from([0])]), 'index'), /it has bytes after its last chunk/);
  await assert.rejects(new FileCipher(randomBytes(32)).openBuffer(sealed, 'index'), /it failed authentication/);
  await assert.rejects(cipher.openBuffer(Buffer.from('plain text, not sealed at all, long enough for a header'), 'index'), /it is not a sealed file/);
});

test('file names from the same key are stable and say nothing of the name they stand for', () => {
  const name = cipher.nameOf('attachments/' + 'a'.repeat(64));
  assert.equal(cipher.nameOf('attachments/' + 'a'.repeat(64)), name);
  assert.match(name, /^[0-9a-f]{64}$/);
  assert.notEqual(new FileCipher(randomBytes(32)).nameOf('attachments/' + 'a'.repeat(64)), name);
  assert.ok(!name.includes('aaaa'));
});

test('a file sealed whole in memory opens as a stream, and a streamed one opens whole, at every chunk boundary', async () => {
  for (const length of [0, 1, 256 * 1024, 256 * 1024 + 1, 700_001]) {
    const plain = randomBytes(length);
    assert.deepEqual(await collect(cipher.open(pieces(cipher.sealBufferSync(plain, 'vectors'), 4093), 'vectors')), plain, `${length} bytes sealed whole`);
    assert.deepEqual(cipher.openBufferSync(await collect(cipher.seal(pieces(plain, 65_536), 'vectors')), 'vectors'), plain, `${length} bytes streamed`);
  }
});

test('a cipher made from the keys another one hands over (to a worker thread) opens what the first one sealed, and names files alike', () => {
  const copy = new FileCipher(cipher.keys);
  assert.deepEqual(copy.openBufferSync(cipher.sealBufferSync(Buffer.from('vector rows'), 'vectors'), 'vectors'), Buffer.from('vector rows'));
  assert.equal(copy.nameOf('attachments/x'), cipher.nameOf('attachments/x'));
});

test('a sealed file read by position gives the same bytes as the plaintext at any range, across chunk boundaries', () => {
  const plain = randomBytes(700_001);
  const chunks = cipher.openChunks(cipher.sealBufferSync(plain, 'index'), 'index');
  assert.equal(chunks.size, plain.length);
  for (const [position, length] of [[0, 10], [256 * 1024 - 3, 7], [100, 600_000], [699_990, 50], [512 * 1024, 1]] as const) {
    const target = Buffer.alloc(length + 4);
    const read = chunks.read(target, 4, length, position);
    assert.equal(read, Math.min(length, plain.length - position));
    assert.deepEqual(target.subarray(4, 4 + read), plain.subarray(position, position + read), `${length} bytes at ${position}`);
  }
});

test('a sealed file read by position refuses a cut or grown file at once, and a changed chunk when it is read', () => {
  const plain = randomBytes(600_000);
  const sealed = cipher.sealBufferSync(plain, 'index');
  const chunkOnDisk = 5 + 256 * 1024 + 16;
  assert.throws(() => cipher.openChunks(sealed.subarray(0, 36 + chunkOnDisk), 'index'), (error: Error) => error instanceof SealedFileError && error.message === 'it is truncated');
  assert.throws(() => cipher.openChunks(Buffer.concat([sealed, Buffer.from([0])]), 'index'), /it has bytes after its last chunk/);
  assert.throws(() => cipher.openChunks(sealed, 'other'), /it failed authentication/);
  const changed = Buffer.from(sealed);
  changed[36 + chunkOnDisk + 100]! ^= 1;
  const chunks = cipher.openChunks(changed, 'index');
  const target = Buffer.alloc(10);
  chunks.read(target, 0, 10, 5);
  assert.deepEqual(target, plain.subarray(5, 15), 'the chunks before it read as written');
  assert.throws(() => chunks.read(target, 0, 10, 256 * 1024 + 50), /it failed authentication/);
});
