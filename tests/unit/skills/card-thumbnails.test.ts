import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { isSovereignError } from '../../../src/core/index.js';
import { CardThumbnails, DecoderProcess, decodeImageToFile, thumbnailPath } from '../../../src/skills/core/image-viewer/index.js';
import { processAlive } from '../../support/process-alive.js';
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

test('an image document gets a WebP thumbnail of at most 256 px, made in the decoder process and cached on disk', async () => {
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

test('card thumbnails and the image being opened share one warm decoder process, and the opened image goes ahead of waiting thumbnails', async () => {
  const decoder = new DecoderProcess();
  try {
    const sources = await Promise.all(
      ['#1c71d8', '#c01c28', '#e5a50a', '#813d9c'].map(async (background, i) => ({
        title: `Swatch ${i}`,
        ...attach(await sharp({ create: { width: 600 + i, height: 300, channels: 3, background } }).png().toBuffer()),
      })),
    );
    const opened = path.join(dir, 'opened.png');
    await sharp({ create: { width: 640, height: 480, channels: 3, background: '#2ec27e' } }).png().toFile(opened);
    const finished: string[] = [];
    const cacheShared = path.join(dir, 'cache-shared');
    // Asked of the decoder directly, all at once, so all four wait in its queue when the image is opened.
    const thumbs = sources.map((source) =>
      decoder.thumbnail({ file: path.join(dataDir, source.mediaRef), sha256: source.sha256, cacheDir: cacheShared, name: source.title }).then((reply) => (finished.push(source.title), reply)),
    );
    const image = decodeImageToFile(opened, path.join(dir, 'opened.rgba'), { decoder, name: 'Opened' }).then((decoded) => (finished.push('Opened'), decoded));
    const [decoded, ...replies] = await Promise.all([image, ...thumbs]);
    assert.deepEqual([decoded.width, decoded.height], [640, 480]);
    for (const reply of replies) {
      assert.ok(reply.ok);
      assert.equal((await sharp(reply.file).metadata()).format, 'webp');
    }
    // The first thumbnail was already being made; the opened image came right after it, before the other three.
    assert.deepEqual(finished, ['Swatch 0', 'Opened', 'Swatch 1', 'Swatch 2', 'Swatch 3']);
    const pid = decoder.pid;
    assert.ok(pid !== null && processAlive(pid), 'the decoder process is still running, warm');
    // Through CardThumbnails (as the canvas asks), a fresh cache so it is really made.
    const fresh = new CardThumbnails(dataDir, path.join(dir, 'cache-fresh'), decoder);
    assert.equal((await sharp(await fresh.thumbnailOf(sources[0]!)).metadata()).format, 'webp');
    await decodeImageToFile(opened, path.join(dir, 'opened-again.rgba'), { decoder, name: 'Opened' });
    assert.equal(decoder.pid, pid, 'both kinds of work went to the same process');
  } finally {
    decoder.stop();
  }
});
