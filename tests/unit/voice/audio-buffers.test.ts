import assert from 'node:assert/strict';
import { test } from 'node:test';
import { levelOf, meterFraction, SILENCE_DBFS } from '../../../src/voice/audio-level.js';
import { VOICE_SAMPLE_RATE } from '../../../src/voice/audio-source.js';
import { RollingAudioBuffer } from '../../../src/voice/rolling-audio-buffer.js';
import { S16Decoder } from '../../../src/voice/s16-decoder.js';
import { SampleBatcher } from '../../../src/voice/sample-batcher.js';

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

/** 16-bit little-endian bytes of `count` samples of a `hz` sine at `amplitude`, 16 kHz. */
function sineBytes(count: number, hz: number, amplitude: number): Buffer {
  const bytes = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) bytes.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * i) / VOICE_SAMPLE_RATE)), i * 2);
  return bytes;
}

test('the microphone’s 10 ms reads reach the listener as whole 40 ms chunks, in order, with nothing lost', () => {
  const batcher = new SampleBatcher(640);
  const heard = Float32Array.from({ length: 160 * 9 }, (_, i) => i / 10_000);
  const chunks: Float32Array[] = [];
  for (let at = 0; at < heard.length; at += 160) chunks.push(...batcher.push(heard.subarray(at, at + 160)));
  assert.deepEqual(chunks.map((chunk) => chunk.length), [640, 640]);
  const rest = batcher.flush();
  assert.equal(rest?.length, 160);
  assert.deepEqual([...chunks[0]!, ...chunks[1]!, ...rest!], [...heard]);
  assert.equal(batcher.flush(), undefined, 'a flushed batcher holds nothing more');
});

test('one long read that completes several chunks hands them all out at once', () => {
  const batcher = new SampleBatcher(4);
  assert.deepEqual(batcher.push(Float32Array.of(1, 2, 3)), []);
  assert.deepEqual(batcher.push(Float32Array.of(4, 5, 6, 7, 8, 9, 10)).map((chunk) => [...chunk]), [[1, 2, 3, 4], [5, 6, 7, 8]]);
  assert.deepEqual([...batcher.flush()!], [9, 10]);
});

test('a chunk handed out is not overwritten by the audio that follows it', () => {
  const batcher = new SampleBatcher(2);
  const [first] = batcher.push(Float32Array.of(0.25, 0.5));
  batcher.push(Float32Array.of(-1, -1));
  assert.deepEqual([...first!], [0.25, 0.5]);
});

test('bytes split at odd places between reads decode and batch into the same chunks as one whole read', () => {
  const bytes = sineBytes(1000, 440, 0.8);
  const whole = new SampleBatcher(320).push(new S16Decoder().decode(bytes));
  const decoder = new S16Decoder();
  const batcher = new SampleBatcher(320);
  const split: Float32Array[] = [];
  for (const [from, to] of [[0, 3], [3, 321], [321, 1001], [1001, 2000]] as const) split.push(...batcher.push(decoder.decode(bytes.subarray(from, to))));
  assert.deepEqual(split.map((chunk) => [...chunk]), whole.map((chunk) => [...chunk]));
  assert.equal(split.length, 3);
});

test('the level meter shows a steady tone at the same level in 40 ms chunks as in 10 ms ones', () => {
  // A sine of amplitude A has an RMS of A/√2: 0.5 → 20·log10(0.5/√2) ≈ -9.03 dBFS, its peak 20·log10(0.5) ≈ -6.02 dBFS.
  const samples = new S16Decoder().decode(sineBytes(6400, 1000, 0.5));
  const expectedRms = 20 * Math.log10(0.5 / Math.SQRT2);
  const expectedPeak = 20 * Math.log10(0.5);
  const batched = new SampleBatcher(640).push(samples);
  const short = new SampleBatcher(160).push(samples);
  assert.equal(batched.length, 10);
  for (const chunk of [...batched, ...short]) {
    const level = levelOf(chunk);
    assert.ok(Math.abs(level.rmsDbfs - expectedRms) < 0.05, `RMS ${level.rmsDbfs} dBFS, expected ${expectedRms}`);
    assert.ok(Math.abs(level.peakDbfs - expectedPeak) < 0.05, `peak ${level.peakDbfs} dBFS, expected ${expectedPeak}`);
    assert.ok(Math.abs(meterFraction(level.rmsDbfs) - meterFraction(expectedRms)) < 0.001);
  }
});

test('a batch needs at least one whole sample', () => {
  assert.throws(() => new SampleBatcher(0), RangeError);
  assert.throws(() => new SampleBatcher(2.5), RangeError);
});
