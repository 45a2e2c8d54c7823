import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isSovereignError } from '../../../src/core/errors.js';
import { WavFileSource } from '../../../src/voice/wav-file-source.js';
import { tempDir } from '../../support/store.js';
import { jfkSamples, jfkWav, resampleLinear, writeWav } from '../../support/voice-audio.js';

const dir = tempDir('sovereign-wav-');

async function collect(source: WavFileSource): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for await (const chunk of source.chunks(new AbortController().signal)) parts.push(chunk);
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Pearson correlation over the common length: 1 when two signals have the same shape. */
function correlation(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  const mean = (values: Float32Array): number => values.subarray(0, n).reduce((sum, value) => sum + value, 0) / n;
  const ma = mean(a);
  const mb = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const x = (a[i] ?? 0) - ma;
    const y = (b[i] ?? 0) - mb;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / Math.sqrt(aa * bb);
}

async function refusal(file: string): Promise<Error> {
  try {
    await WavFileSource.open(file);
  } catch (error) {
    return error as Error;
  }
  return assert.fail(`${file} was accepted`);
}

test('a 16 kHz mono WAV file comes out as its own samples, in chunks, named after the file', async () => {
  const source = await WavFileSource.open(jfkWav);
  assert.equal(source.name, 'jfk.wav');
  const samples = await collect(source);
  const expected = jfkSamples();
  assert.equal(samples.length, expected.length);
  assert.ok(correlation(samples, expected) > 0.9999);
});

test('a 44.1 kHz stereo WAV file is heard as the same speech at 16 kHz mono', async () => {
  const speech = jfkSamples();
  const at44k = resampleLinear(speech, 16_000, 44_100);
  const file = writeWav(path.join(dir, 'stereo-44k.wav'), [at44k, at44k.map((value) => value * 0.5)], 44_100);
  const samples = await collect(await WavFileSource.open(file));
  assert.ok(Math.abs(samples.length - speech.length) < 16, `${samples.length} samples for ${speech.length}`);
  assert.ok(correlation(samples, speech) > 0.95, 'the resampled speech follows the original');
});

test('an 8 kHz float WAV file is heard at 16 kHz', async () => {
  const speech = jfkSamples();
  const file = writeWav(path.join(dir, 'float-8k.wav'), [resampleLinear(speech, 16_000, 8_000)], 8_000, '32f');
  const samples = (await WavFileSource.open(file)).samples;
  assert.ok(Math.abs(samples.length - speech.length) < 16);
  assert.ok(correlation(samples, speech) > 0.8, 'the upsampled speech follows the original');
});

test('an empty file is refused as empty, naming the file', async () => {
  const file = path.join(dir, 'empty.wav');
  fs.writeFileSync(file, '');
  const error = await refusal(file);
  assert.ok(isSovereignError(error, 'invalid-input'));
  assert.match(error.message, /empty\.wav/);
  assert.match(error.message, /empty/);
});

test('a text file is refused as not a WAV file', async () => {
  const file = path.join(dir, 'notes.wav');
  fs.writeFileSync(file, 'these are my notes, not a recording\n');
  const error = await refusal(file);
  assert.ok(isSovereignError(error, 'invalid-input'));
  assert.match(error.message, /notes\.wav: it is not a WAV file/);
});

test('a WAV file whose header is cut short is refused as truncated', async () => {
  const file = path.join(dir, 'short-header.wav');
  fs.writeFileSync(file, fs.readFileSync(jfkWav).subarray(0, 30));
  const error = await refusal(file);
  assert.ok(isSovereignError(error, 'invalid-input'));
  assert.match(error.message, /short-header\.wav: the WAV header is truncated/);
});

test('a WAV file cut off in the middle of its audio is refused as truncated', async () => {
  const file = path.join(dir, 'cut.wav');
  fs.writeFileSync(file, fs.readFileSync(jfkWav).subarray(0, 100_000));
  const error = await refusal(file);
  assert.ok(isSovereignError(error, 'invalid-input'));
  assert.match(error.message, /cut\.wav: the file is truncated/);
});

test('a missing file is reported as not found, with its path', async () => {
  const file = path.join(dir, 'nowhere.wav');
  const error = await refusal(file);
  assert.ok(isSovereignError(error, 'not-found'));
  assert.ok(error.message.includes(file));
});
