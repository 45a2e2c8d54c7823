import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { openChunk, sealChunk } from '../../../../src/core/crypto/chunk-cipher.js';

const key = randomBytes(32);
const headerHash = randomBytes(32);

function parts(sealed: Buffer): { final: boolean; body: Buffer; tag: Buffer } {
  const length = sealed.readUInt32BE(1);
  return { final: sealed.readUInt8(0) === 1, body: sealed.subarray(5, 5 + length), tag: sealed.subarray(5 + length) };
}

test('a sealed chunk opens at its own index and gives back the plaintext', () => {
  const { final, body, tag } = parts(sealChunk(key, headerHash, 7, false, Buffer.from('quarterly figures')));
  assert.equal(final, false);
  assert.equal(body.includes(Buffer.from('quarterly')), false);
  assert.equal(openChunk(key, headerHash, 7, false, body, tag)?.toString(), 'quarterly figures');
});

test('a chunk moved to another position does not open (reordering is detected)', () => {
  const { body, tag } = parts(sealChunk(key, headerHash, 1, false, Buffer.from('second chunk')));
  assert.equal(openChunk(key, headerHash, 0, false, body, tag), null);
  assert.equal(openChunk(key, headerHash, 2, false, body, tag), null);
});

test('a chunk passed off as the final one does not open (truncation at a chunk boundary is detected)', () => {
  const { body, tag } = parts(sealChunk(key, headerHash, 3, false, Buffer.from('middle chunk')));
  assert.equal(openChunk(key, headerHash, 3, true, body, tag), null);
});

test('a chunk from another backup (another header) does not open', () => {
  const { body, tag } = parts(sealChunk(key, headerHash, 0, true, Buffer.from('only chunk')));
  assert.equal(openChunk(key, randomBytes(32), 0, true, body, tag), null);
});
