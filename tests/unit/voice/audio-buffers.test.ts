import assert from 'node:assert/strict';
import { test } from 'node:test';
import { levelOf, meterFraction, SILENCE_DBFS } from '../../../src/voice/audio-level.js';
import { RollingAudioBuffer } from '../../../src/voice/rolling-audio-buffer.js';
import { S16Decoder } from '../../../src/voice/s16-decoder.js';

const ramp = (from: number, count: number) => Float32Array.from({ length: count }, (_, i) => from + i);

test('the rolling buffer keeps only the newest seconds, oldest sample first', () => {
  const buffer = new RollingAudioBuffer(1, 10); // 10 samples
  buffer.push(ramp(0, 4));
  assert.deepEqual([...buffer.recent()], [0, 1, 2, 3]);
  buffer.push(ramp(4, 9)); // 13 samples in all: 0..2 fall off
  assert.deepEqual([...buffer.recent()], [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.deepEqual([...buffer.recent(0.3)], [10, 11, 12]);
  assert.equal(buffer.heldSeconds, 1);
});

test('a chunk longer than the whole buffer leaves just its own end', () => {
  const buffer = new RollingAudioBuffer(0.5, 8); // 4 samples
  buffer.push(ramp(0, 2));
  buffer.push(ramp(100, 7));
  assert.deepEqual([...buffer.recent()], [103, 104, 105, 106]);
});

test('a buffer that cannot hold a single sample is refused with the length asked for', () => {
  assert.throws(() => new RollingAudioBuffer(0, 16_000), /cannot keep 0 s of audio/);
});

test('a full-scale square wave is 0 dBFS, half scale about -6 dBFS, silence the meter floor', () => {
  const full = levelOf(Float32Array.from({ length: 100 }, (_, i) => (i % 2 ? 1 : -1)));
  assert.equal(full.rmsDbfs, 0);
  assert.equal(full.peakDbfs, 0);
  const half = levelOf(new Float32Array(100).fill(0.5));
  assert.ok(Math.abs(half.rmsDbfs - 20 * Math.log10(0.5)) < 1e-9);
  assert.deepEqual(levelOf(new Float32Array(50)), { rmsDbfs: SILENCE_DBFS, peakDbfs: SILENCE_DBFS });
  assert.deepEqual(levelOf(new Float32Array(0)), { rmsDbfs: SILENCE_DBFS, peakDbfs: SILENCE_DBFS });
  assert.equal(meterFraction(0), 1);
  assert.equal(meterFraction(SILENCE_DBFS), 0);
  assert.equal(meterFraction(SILENCE_DBFS / 2), 0.5);
});

test('16-bit samples split between two pipe reads decode as if they came whole', () => {
  const bytes = Buffer.alloc(6);
  bytes.writeInt16LE(-32768, 0);
  bytes.writeInt16LE(16384, 2);
  bytes.writeInt16LE(32767, 4);
  const decoder = new S16Decoder();
  const first = decoder.decode(bytes.subarray(0, 3));
  const second = decoder.decode(bytes.subarray(3));
  assert.deepEqual([...first, ...second], [-1, 0.5, 32767 / 32768]);
});
