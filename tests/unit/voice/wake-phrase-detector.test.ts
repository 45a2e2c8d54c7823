import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { threadId } from 'node:worker_threads';
import { isSovereignError } from '../../../src/core/errors.js';
import { WakePhraseDetector, type WakeDetection, type WakeStreamStats } from '../../../src/voice/wake-phrase-detector.js';
import { encodeModel } from '../../fixtures/wakeword/onnx-graph.js';
import { embeddingGraph, writeWakeWordModels } from '../../fixtures/wakeword/wakeword-models.js';
import { tempDir } from '../../support/store.js';
import { concat, jfkSamples, silence, whiteNoise } from '../../support/voice-audio.js';

const RATE = 16_000;
const dir = tempDir('sovereign-wake-');
const models = writeWakeWordModels(path.join(dir, 'models'));
const detector = await WakePhraseDetector.open({ model: models.classifier });
after(() => detector.close());

/** Hands out `samples` in 100 ms chunks, as the microphone does (not a multiple of openWakeWord's 80 ms frames). */
async function* chunksOf(samples: Float32Array): AsyncGenerator<Float32Array> {
  for (let at = 0; at < samples.length; at += RATE / 10) yield samples.subarray(at, at + RATE / 10);
}

async function detect(samples: Float32Array): Promise<{ detections: WakeDetection[]; stats: WakeStreamStats | undefined }> {
  const detections: WakeDetection[] = [];
  let stats: WakeStreamStats | undefined;
  for await (const detection of detector.detections(chunksOf(samples), new AbortController().signal, { onEnded: (ended) => (stats = ended) })) detections.push(detection);
  return { detections, stats };
}

/** A model folder holding the generated feature models and `classifier` as the wake-word model. */
function folderWith(name: string, classifier: Uint8Array | string): string {
  const folder = path.join(dir, name);
  const written = writeWakeWordModels(folder);
  fs.writeFileSync(written.classifier, classifier);
  return written.classifier;
}

/** The error opening `model` fails with. */
async function refusal(model: string): Promise<Error> {
  try {
    await (await WakePhraseDetector.open({ model })).close();
  } catch (error) {
    return error as Error;
  }
  return assert.fail(`the detector opened ${model}`);
}

test('speech placed after silence wakes the detector, and only once it has begun', async () => {
  const { detections, stats } = await detect(concat(silence(3), jfkSamples()));
  assert.ok(detections.length >= 1, 'no detection in 11 s of speech');
  for (const detection of detections) {
    assert.ok(detection.atMs > 3_000, `fired at ${detection.atMs} ms, during the silence`);
    assert.ok(detection.score >= 0.5 && detection.score <= 1, `score ${detection.score}`);
  }
  // Two detections never come closer than the refractory period (2 s).
  for (let i = 1; i < detections.length; i++) assert.ok(detections[i]!.atMs - detections[i - 1]!.atMs >= 2_000);
  assert.ok(stats && stats.heardMs > 13_000, `heard ${stats?.heardMs} ms of ~14 s`);
});

test('silence and faint noise never wake the detector', async () => {
  const { detections, stats } = await detect(concat(silence(4), whiteNoise(4, 0.001)));
  assert.deepEqual(detections, []);
  assert.ok(stats && stats.heardMs >= 7_900, `heard ${stats?.heardMs} ms of 8 s`);
});

test('the wake-phrase models run on a worker thread, not on the main loop', async () => {
  const { stats } = await detect(silence(2));
  assert.ok(stats, 'the stream did not end');
  assert.notEqual(stats.threadId, threadId);
  assert.ok(stats.busyMs > 0);
});

test('a garbage wake-word model is refused, naming the file and the shapes it must have', async () => {
  const file = folderWith('garbage', 'this is not an ONNX model at all');
  const error = await refusal(file);
  assert.ok(isSovereignError(error, 'model'), String(error));
  assert.match(error.message, new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.match(error.message, /\[1, 16, 96\]/);
  assert.match(error.message, /it is not an ONNX model/);
});

test('a wake-word model of the wrong shape is refused, naming what it needs', async () => {
  // A real ONNX model, but one that reads mel windows instead of 16 embeddings.
  const file = folderWith('wrong-shape', encodeModel(embeddingGraph()));
  const error = await refusal(file);
  assert.ok(isSovereignError(error, 'model'), String(error));
  assert.match(error.message, /wrong-shape\/hey_sovereign\.onnx/);
  assert.match(error.message, /classifier model: it needs input float32 \[1, 16, 96\] → output \[1, 1\]/);
  assert.match(error.message, /its input is float32 \[batch, 76, 32, 1\]/);
});

test('a wake-word model without openWakeWord’s feature models beside it is refused, naming the missing file', async () => {
  const folder = path.join(dir, 'alone');
  fs.mkdirSync(folder);
  fs.copyFileSync(models.classifier, path.join(folder, 'hey_sovereign.onnx'));
  const error = await refusal(path.join(folder, 'hey_sovereign.onnx'));
  assert.ok(isSovereignError(error, 'not-found'), String(error));
  assert.match(error.message, /alone\/melspectrogram\.onnx/);
});

test('a folder is accepted when it holds exactly one wake-word model beside the feature models', async () => {
  const fromFolder = await WakePhraseDetector.open({ model: models.folder });
  await fromFolder.close();
  fs.writeFileSync(path.join(dir, 'models', 'second.onnx'), encodeModel(embeddingGraph()));
  const error = await refusal(models.folder);
  assert.ok(isSovereignError(error, 'invalid-input'), String(error));
  assert.match(error.message, /several wake-word models \((hey_sovereign|second)\.onnx, (hey_sovereign|second)\.onnx\)/);
  fs.rmSync(path.join(dir, 'models', 'second.onnx'));
});

test('no wake-word model set is said as such, with where to set one', async () => {
  const error = await refusal('');
  assert.ok(isSovereignError(error, 'not-found'), String(error));
  assert.match(error.message, /No wake-word model is set/);
  assert.match((error as { hint?: string }).hint ?? '', /Preferences › Voice/);
});

test('a stream left at its first detection does not wake the next stream with what it had still queued', async () => {
  // The window does this: it stops at the first detection and listens again later.
  let first: WakeDetection | undefined;
  for await (const detection of detector.detections(chunksOf(concat(jfkSamples(), jfkSamples())), new AbortController().signal)) {
    first = detection;
    break;
  }
  assert.ok(first, 'jfk.wav did not wake the detector');
  const { detections } = await detect(silence(3));
  assert.deepEqual(detections, []);
});
