import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { isSovereignError } from '../../../src/core/index.js';
import { decodeImageToFile, DecoderProcess } from '../../../src/skills/core/image-viewer/index.js';
import { tempDir } from '../../support/store.js';
import { processAlive } from '../../support/process-alive.js';

const dir = tempDir('sovereign-decoder-');
const decoder = new DecoderProcess();
after(() => decoder.stop());

/** A flat-colour PNG of the given size. */
async function png(name: string, width: number, height: number, colour: string): Promise<string> {
  const file = path.join(dir, name);
  await sharp({ create: { width, height, channels: 3, background: colour } }).png().toFile(file);
  return file;
}

/** The first pixel of a decoded pixels file (premultiplied BGRA, GDK's default format), as [r, g, b, a]. */
function firstPixel(pixelsFile: string): number[] {
  const [b, g, r, a] = fs.readFileSync(pixelsFile).subarray(0, 4);
  return [r!, g!, b!, a!];
}


async function until<T>(what: string, probe: () => T | null | undefined | false, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('a second image is decoded by the same warm decoder process, not a new one', async () => {
  await decoder.warm();
  const warmPid = decoder.pid;
  assert.ok(warmPid !== null && processAlive(warmPid), 'warming starts a decoder process');
  const red = await decodeImageToFile(await png('red.png', 30, 20, '#ff0000'), path.join(dir, 'red.rgba'), { decoder });
  const blue = await decodeImageToFile(await png('blue.png', 20, 30, '#0000ff'), path.join(dir, 'blue.rgba'), { decoder });
  assert.deepEqual([red.width, red.height, blue.width, blue.height], [30, 20, 20, 30]);
  assert.deepEqual(firstPixel(red.pixelsFile), [255, 0, 0, 255]);
  assert.deepEqual(firstPixel(blue.pixelsFile), [0, 0, 255, 255]);
  assert.equal(decoder.pid, warmPid, 'both images went through the process started by warm()');
});

test('a decoder killed with SIGKILL is replaced, and the next image still opens', async () => {
  await decoder.warm();
  const killed = decoder.pid!;
  process.kill(killed, 'SIGKILL');
  await until('the killed decoder to be gone', () => !processAlive(killed));
  const green = await decodeImageToFile(await png('green.png', 12, 8, '#00ff00'), path.join(dir, 'green.rgba'), { decoder });
  assert.deepEqual([green.width, green.height], [12, 8]);
  assert.deepEqual(firstPixel(green.pixelsFile), [0, 255, 0, 255]);
  assert.ok(decoder.pid !== null && decoder.pid !== killed && processAlive(decoder.pid), 'a new decoder process decoded it');
});

test('an image being decoded when the decoder is killed fails with a message naming it, and the decoder comes back', async () => {
  const big = path.join(dir, 'noise.jpg');
  await sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg().toFile(big);
  await decoder.warm();
  const victim = decoder.pid!;
  const opening = decodeImageToFile(big, path.join(dir, 'noise.rgba'), { decoder, name: 'Noise photo' });
  // Killed while it decodes: the job was sent as soon as decode() was called on a warm decoder.
  setTimeout(() => process.kill(victim, 'SIGKILL'), 50);
  await assert.rejects(opening, (error: unknown) => {
    assert.ok(isSovereignError(error));
    assert.match(error.message, /^cannot open Noise photo: the image decoder stopped \(SIGKILL\)$/);
    return true;
  });
  await until('a fresh decoder', () => decoder.pid !== null && decoder.pid !== victim);
  const after = await decodeImageToFile(await png('after.png', 5, 5, '#ffffff'), path.join(dir, 'after.rgba'), { decoder });
  assert.deepEqual([after.width, after.height], [5, 5]);
});

test('closing before the image is decoded cancels it: nothing is left behind and the decoder stays usable', async () => {
  const big = path.join(dir, 'noise-2.jpg');
  await sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg().toFile(big);
  await decoder.warm();
  const busy = decoder.pid!;
  const closing = new AbortController();
  const running = decodeImageToFile(big, path.join(dir, 'running.rgba'), { decoder, signal: closing.signal, name: 'Big photo' });
  const queued = decodeImageToFile(big, path.join(dir, 'queued.rgba'), { decoder, signal: closing.signal, name: 'Big photo' });
  closing.abort();
  for (const opening of [running, queued]) {
    await assert.rejects(opening, (error: unknown) => isSovereignError(error) && error.kind === 'cancelled' && error.message === 'opening Big photo was cancelled');
  }
  await until('the busy decoder to be stopped', () => !processAlive(busy));
  assert.equal(fs.existsSync(path.join(dir, 'running.rgba')), false);
  assert.equal(fs.existsSync(path.join(dir, 'queued.rgba')), false);
  const next = await decodeImageToFile(await png('next.png', 7, 3, '#ffff00'), path.join(dir, 'next.rgba'), { decoder });
  assert.deepEqual([next.width, next.height], [7, 3]);
});

test('a screen-sized preview of a large JPEG keeps its shape and its full size in the metadata', async () => {
  const photo = path.join(dir, 'wide.jpg');
  await sharp({ create: { width: 4000, height: 2000, channels: 3, background: '#336699' } }).jpeg().toFile(photo);
  const preview = await decodeImageToFile(photo, path.join(dir, 'wide.rgba'), { decoder, maxSide: 1000 });
  assert.deepEqual([preview.width, preview.height], [1000, 500]);
  assert.deepEqual([preview.metadata.width, preview.metadata.height], [4000, 2000]);
  assert.equal(fs.statSync(preview.pixelsFile).size, 1000 * 500 * 4);
});

test('an image barely larger than the preview is decoded once, at its full size', async () => {
  const photo = path.join(dir, 'modest.jpg');
  await sharp({ create: { width: 1500, height: 1000, channels: 3, background: '#336699' } }).jpeg().toFile(photo);
  const image = await decodeImageToFile(photo, path.join(dir, 'modest.rgba'), { decoder, maxSide: 1000, fullSide: 4096 });
  assert.deepEqual([image.width, image.height], [1500, 1000]);
});

test('the pixels handed to GTK are premultiplied by alpha, so it can upload them as they are', async () => {
  // One pixel: pure red at half opacity.
  const file = path.join(dir, 'half-red.png');
  await sharp(Buffer.from([255, 0, 0, 128]), { raw: { width: 1, height: 1, channels: 4 } }).png().toFile(file);
  const image = await decodeImageToFile(file, path.join(dir, 'half-red.rgba'), { decoder });
  assert.deepEqual(firstPixel(image.pixelsFile), [128, 0, 0, 128]);
});
