import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { isSovereignError } from '../../../src/core/index.js';
import { FileCipher } from '../../../src/core/crypto/index.js';
import { AttachmentStore } from '../../../src/importers/attachment-store.js';
import { CardThumbnails, thumbnailPath } from '../../../src/skills/core/image-viewer/index.js';
import { tempDir } from '../../support/store.js';

const dir = tempDir('sovereign-card-thumbnails-');
const dataDir = path.join(dir, 'data');
const cacheDir = path.join(dir, 'cache');
fs.mkdirSync(path.join(dataDir, 'attachments'), { recursive: true });
const thumbnails = new CardThumbnails(dataDir, cacheDir);
after(() => thumbnails.dispose());

/** Stores bytes the way the importer does (attachments/<sha256>) and returns the document's media reference. */
function attach(bytes: Buffer): { mediaRef: string; sha256: string } {
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  fs.writeFileSync(path.join(dataDir, 'attachments', sha256), bytes);
  return { mediaRef: `attachments/${sha256}`, sha256 };
}

test('an image document gets a WebP thumbnail of at most 256 px, made in a child process and cached on disk', async () => {
  const png = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#26a269' } }).png().toBuffer();
  const { mediaRef, sha256 } = attach(png);
  const encoded = await thumbnails.thumbnailOf({ title: 'Green field', mediaRef });
  const meta = await sharp(encoded).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 256, 128]);
  // The bytes handed back are the cached file's: a later window reads them without making them again.
  const cached = thumbnailPath(cacheDir, sha256);
  assert.deepEqual(new Uint8Array(fs.readFileSync(cached)), new Uint8Array(encoded));
  const again = new CardThumbnails(dataDir, cacheDir);
  try {
    fs.rmSync(path.join(dataDir, 'attachments', sha256)); // the cache answers without the original
    assert.deepEqual(new Uint8Array(await again.thumbnailOf({ title: 'Green field', mediaRef })), new Uint8Array(encoded));
  } finally {
    again.dispose();
  }
});

test('a text file stored as an image is refused by the document title, and nothing is cached', async () => {
  const { mediaRef, sha256 } = attach(Buffer.from('Shopping list:\n- milk\n'));
  await assert.rejects(thumbnails.thumbnailOf({ title: 'Holiday snap', mediaRef }), (error: unknown) => {
    assert.ok(isSovereignError(error));
    assert.equal(error.kind, 'invalid-input');
    assert.match(error.message, /^cannot open Holiday snap: it is not an image/);
    return true;
  });
  assert.equal(fs.existsSync(thumbnailPath(cacheDir, sha256)), false);
});

test('a media reference outside the attachments folder is refused before anything is read', async () => {
  await assert.rejects(thumbnails.thumbnailOf({ title: 'Sneaky', mediaRef: '../../etc/passwd' }), /cannot open Sneaky: its image reference/);
  await assert.rejects(thumbnails.thumbnailOf({ title: 'Bare', mediaRef: null }), /cannot open Bare: the document has no image attached/);
});

test('in a vault a card thumbnail is made from a decrypted copy that is gone afterwards, and kept only in the runtime folder', async () => {
  const vaultData = path.join(dir, 'vault-data');
  const runtime = path.join(dir, 'runtime', 'unsealed');
  const store = new AttachmentStore(vaultData, new FileCipher(crypto.randomBytes(32)), runtime);
  const png = await sharp({ create: { width: 300, height: 600, channels: 3, background: '#c01c28' } }).png().toBuffer();
  const mediaRef = await store.put(png, crypto.createHash('sha256').update(png).digest('hex'));
  const sealedThumbnails = new CardThumbnails(vaultData, path.join(runtime, 'cache'), (ref, name) => store.reveal(ref, name));
  try {
    const encoded = await sealedThumbnails.thumbnailOf({ title: 'Red field', mediaRef });
    const meta = await sharp(encoded).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 128, 256]);
  } finally {
    sealedThumbnails.dispose();
  }
  assert.deepEqual(fs.readdirSync(runtime), ['cache'], 'the decrypted copy was removed');
  assert.deepEqual(fs.readdirSync(vaultData), ['attachments'], 'nothing but the sealed original under the data folder');
  assert.equal(fs.readdirSync(path.join(vaultData, 'attachments')).length, 1);
});
