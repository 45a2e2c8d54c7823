import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { isSovereignError } from '../../../src/core/index.js';
import { decodeImage, decodeImageToFile, ensureThumbnail, imageFileOf, ImageViewerSkill, readImageMetadata, thumbnailPath } from '../../../src/skills/core/image-viewer/index.js';
import { tempDir } from '../../support/store.js';

const dir = tempDir('sovereign-image-');

/** A photo as a camera would write it: EXIF make, model, date and GPS (the Eiffel Tower). */
async function photoWithExif(): Promise<string> {
  const file = path.join(dir, 'eiffel.jpg');
  await sharp({ create: { width: 120, height: 80, channels: 3, background: '#336699' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Canon', Model: 'Canon EOS 5D Mark IV' },
      IFD2: { DateTimeOriginal: '2024:05:17 14:30:05' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2976/100', GPSLongitudeRef: 'W', GPSLongitude: '2/1 17/1 4020/100' },
    })
    .toFile(file);
  return file;
}

/** A PNG whose left half is red and right half blue, from pixels written here. */
async function halfRedHalfBlue(width: number, height: number): Promise<string> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set(x < width / 2 ? [255, 0, 0] : [0, 0, 255], (y * width + x) * 3);
  }
  const file = path.join(dir, `halves-${width}x${height}.png`);
  await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toFile(file);
  return file;
}

function rejectsWith(promise: Promise<unknown>, kind: string, pattern: RegExp): Promise<void> {
  return assert.rejects(promise, (error: unknown) => {
    assert.ok(isSovereignError(error), `expected a SovereignError, got ${String(error)}`);
    assert.equal(error.kind, kind);
    assert.match(error.message, pattern);
    return true;
  });
}

test('a PNG decodes to its own pixels at its own size', async () => {
  const image = await decodeImage(await halfRedHalfBlue(40, 10));
  assert.deepEqual([image.width, image.height], [40, 10]);
  assert.equal(image.pixels.length, 40 * 10 * 4);
  const at = (x: number, y: number) => [...image.pixels.subarray((y * 40 + x) * 4, (y * 40 + x) * 4 + 4)];
  assert.deepEqual(at(2, 5), [255, 0, 0, 255]);
  assert.deepEqual(at(37, 5), [0, 0, 255, 255]);
  assert.equal(image.metadata.format, 'png');
  assert.equal(image.metadata.fileSize, fs.statSync(path.join(dir, 'halves-40x10.png')).size);
  assert.equal(image.metadata.cameraMake, null);
  assert.equal(image.metadata.location, null);
});

test('decoding to a file writes the same pixels in GDK\'s default byte order (BGRA), for a GTK process to map', async () => {
  const source = await halfRedHalfBlue(40, 10);
  const inMemory = await decodeImage(source);
  const target = path.join(dir, 'pixels.rgba');
  const onDisk = await decodeImageToFile(source, target, { name: 'Halves' });
  assert.deepEqual([onDisk.width, onDisk.height, onDisk.pixelsFile], [40, 10, target]);
  // The same opaque pixels, red and blue bytes swapped: [b, g, r, a] on disk for each [r, g, b, a] in memory.
  const bgra = Uint8Array.from(inMemory.pixels, (_, i) => inMemory.pixels[i % 4 === 0 ? i + 2 : i % 4 === 2 ? i - 2 : i]!);
  assert.deepEqual(new Uint8Array(fs.readFileSync(target)), bgra);
  assert.deepEqual([...fs.readFileSync(target).subarray(0, 4)], [0, 0, 255, 255], 'the left half is red');
  await rejectsWith(decodeImageToFile(path.join(dir, 'nothing.png'), path.join(dir, 'never.rgba'), { name: 'Nothing' }), 'not-found', /^cannot open Nothing/);
  assert.equal(fs.existsSync(path.join(dir, 'never.rgba')), false);
});

test('an image larger than the display rendition is scaled down to fit, keeping its shape', async () => {
  const image = await decodeImage(await halfRedHalfBlue(1000, 250), { maxSide: 400 });
  assert.deepEqual([image.width, image.height], [400, 100]);
  // The metadata still tells the original size.
  assert.deepEqual([image.metadata.width, image.metadata.height], [1000, 250]);
});

test('the metadata of a photo names the camera, the date taken and the place, flagged sensitive', async () => {
  const image = await decodeImage(await photoWithExif());
  const metadata = image.metadata;
  assert.deepEqual([metadata.width, metadata.height, metadata.format], [120, 80, 'jpeg']);
  assert.equal(metadata.cameraMake, 'Canon');
  assert.equal(metadata.cameraModel, 'Canon EOS 5D Mark IV');
  assert.equal(metadata.takenAt?.toISOString(), '2024-05-17T14:30:05.000Z');
  assert.ok(metadata.location);
  assert.equal(metadata.location.sensitive, true);
  // 48° 51' 29.76" N, 2° 17' 40.20" W (west is negative).
  assert.ok(Math.abs(metadata.location.latitude - (48 + 51 / 60 + 29.76 / 3600)) < 1e-6);
  assert.ok(Math.abs(metadata.location.longitude + (2 + 17 / 60 + 40.2 / 3600)) < 1e-6);
});

test('an SVG is rasterised at its intrinsic size', async () => {
  const file = path.join(dir, 'drawing.svg');
  fs.writeFileSync(file, '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32"><rect width="64" height="32" fill="#00ff00"/></svg>');
  const image = await decodeImage(file);
  assert.deepEqual([image.width, image.height], [64, 32]);
  assert.deepEqual([...image.pixels.subarray(0, 4)], [0, 255, 0, 255]);
  assert.equal(image.metadata.format, 'svg');
});

test('a GIF shows its first frame', async () => {
  // Two 8x8 frames stacked: green, then red.
  const frames = Buffer.alloc(8 * 16 * 3);
  for (let i = 0; i < 8 * 16; i++) frames.set(i < 64 ? [0, 255, 0] : [255, 0, 0], i * 3);
  const file = path.join(dir, 'blink.gif');
  await sharp(frames, { raw: { width: 8, height: 16, channels: 3, pageHeight: 8 } }).gif().toFile(file);
  assert.equal((await sharp(file).metadata()).pages, 2);
  const image = await decodeImage(file);
  assert.deepEqual([image.width, image.height], [8, 8]);
  assert.deepEqual([...image.pixels.subarray(0, 3)], [0, 255, 0]);
});

test('a truncated JPEG is reported as truncated, naming the image', async () => {
  const whole = fs.readFileSync(await photoWithExif());
  const file = path.join(dir, 'cut.jpg');
  fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
  await rejectsWith(decodeImage(file, { name: 'Holiday photo' }), 'invalid-input', /^cannot open Holiday photo: the image is truncated/);
});

test('a text file renamed .png is reported as not an image', async () => {
  const file = path.join(dir, 'notes.png');
  fs.writeFileSync(file, 'Shopping list:\n- milk\n- bread\n');
  await rejectsWith(decodeImage(file), 'invalid-input', /^cannot open notes\.png: it is not an image Sovereign can show/);
});

test('a missing image file is reported as missing', async () => {
  await rejectsWith(decodeImage(path.join(dir, 'gone.png'), { name: 'Gone' }), 'not-found', /^cannot open Gone: the image file .*gone\.png is missing/);
});

test('a thumbnail is a WebP of at most 256 px, made once and then read from the cache', async () => {
  const file = await halfRedHalfBlue(1000, 500);
  const cacheDir = path.join(dir, 'cache');
  const sha = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  const made = await ensureThumbnail(file, sha, cacheDir);
  assert.equal(made, thumbnailPath(cacheDir, sha));
  const meta = await sharp(made).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 256, 128]);
  const madeAt = fs.statSync(made).mtimeMs;
  fs.rmSync(file); // the cache answers without the original
  assert.equal(await ensureThumbnail(file, sha, cacheDir), made);
  assert.equal(fs.statSync(made).mtimeMs, madeAt);
});

test('a thumbnail of a text file renamed .png is refused and nothing is cached', async () => {
  const file = path.join(dir, 'fake.png');
  fs.writeFileSync(file, 'not a picture');
  const cacheDir = path.join(dir, 'cache-fake');
  await rejectsWith(ensureThumbnail(file, 'f'.repeat(64), cacheDir, 'Fake'), 'invalid-input', /^cannot open Fake: it is not an image/);
  assert.deepEqual(fs.readdirSync(path.join(cacheDir, 'thumbnails')), []);
});

test('an image document resolves only to attachments/<sha256> inside the data dir', () => {
  const sha = 'a'.repeat(64);
  assert.deepEqual(imageFileOf({ title: 'x', mediaRef: `attachments/${sha}` }, '/data'), { file: `/data/attachments/${sha}`, sha256: sha });
  assert.throws(() => imageFileOf({ title: 'Trap', mediaRef: '../../etc/passwd' }, '/data'), /cannot open Trap: its image reference \.\.\/\.\.\/etc\/passwd is not of the form attachments\/<sha256>/);
  assert.throws(() => imageFileOf({ title: 'Empty', mediaRef: null }, '/data'), /cannot open Empty: the document has no image attached/);
});

test('the image-info command of the skill reads an image document the way the importer stores it', async () => {
  const dataDir = path.join(dir, 'data');
  const bytes = fs.readFileSync(await photoWithExif());
  const sha = crypto.createHash('sha256').update(bytes).digest('hex');
  fs.mkdirSync(path.join(dataDir, 'attachments'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'attachments', sha), bytes);
  const metadata = await readImageMetadata({ title: 'Eiffel', mediaRef: `attachments/${sha}` }, dataDir);
  assert.equal(metadata.cameraModel, 'Canon EOS 5D Mark IV');
  const skill = new ImageViewerSkill(dataDir);
  assert.equal(skill.manifest.id, 'org.sovereign.ImageViewer');
  assert.deepEqual(skill.manifest.documentTypes.views, ['image']);
  await skill.health();
});
