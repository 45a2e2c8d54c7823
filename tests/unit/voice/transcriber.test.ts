import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { isSovereignError } from '../../../src/core/errors.js';
import { Transcriber } from '../../../src/voice/transcriber.js';
import { readWhisperModelInfo } from '../../../src/voice/whisper-model-file.js';
import { tempDir } from '../../support/store.js';
import { jfkSamples } from '../../support/voice-audio.js';
import { generatedWhisperModel, scriptedWhisperModel } from '../../support/whisper-models.js';

// A random-weight model says random words: these tests check what the
// pipeline promises (segments, timing, cancellation, errors), never the words.
const dir = tempDir('sovereign-whisper-');
const model = generatedWhisperModel();
const transcriber = await Transcriber.open({ modelPath: model, maxTokens: 8 });
after(() => transcriber.close());
const threeSeconds = jfkSamples().subarray(0, 3 * 16_000);

test('a tiny-shaped whisper model is read as a multilingual tiny model', () => {
  const info = readWhisperModelInfo(model);
  assert.equal(info.size, 'tiny');
  assert.equal(info.multilingual, true);
  assert.equal(info.audioLayers, 4);
  assert.equal(info.sizeBytes, fs.statSync(model).size);
});

test('an utterance comes back as text segments timed inside it, and the model serves the next one', async () => {
  for (const samples of [threeSeconds, jfkSamples().subarray(5 * 16_000, 7 * 16_000)]) {
    const segments = await transcriber.transcribe(samples);
    assert.ok(segments.length >= 1);
    const durationMs = (samples.length * 1000) / 16_000;
    for (const segment of segments) {
      assert.equal(typeof segment.text, 'string');
      assert.ok(segment.startMs >= 0 && segment.startMs <= segment.endMs, `${segment.startMs}-${segment.endMs}`);
      assert.ok(segment.endMs <= durationMs + 1000, `a segment ending at ${segment.endMs} ms lies within the ${durationMs} ms utterance`);
    }
  }
});

test('cancelling a transcription stops it promptly, and the next utterance is transcribed by a fresh process', async () => {
  const controller = new AbortController();
  const started = Date.now();
  const pending = transcriber.transcribe(jfkSamples(), controller.signal);
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(pending, (error: unknown) => isSovereignError(error, 'cancelled'));
  // Not a timing assertion on the work: the 11 s transcription would take far longer than this.
  assert.ok(Date.now() - started < 5000, 'the caller was released without waiting for whisper');
  const segments = await transcriber.transcribe(threeSeconds);
  assert.ok(segments.length >= 1);
});

test('a missing speech model is reported as not found, with its path', async () => {
  const missing = path.join(dir, 'ggml-none.bin');
  await assert.rejects(Transcriber.open({ modelPath: missing }), (error: unknown) => isSovereignError(error, 'not-found') && error.message.includes(missing));
});

test('a GGUF file given as a speech model is refused as not a whisper model', async () => {
  const gguf = path.join(dir, 'chat.gguf');
  fs.writeFileSync(gguf, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(64)]));
  await assert.rejects(Transcriber.open({ modelPath: gguf }), (error: unknown) => isSovereignError(error, 'model') && /chat\.gguf is not a usable whisper speech model/.test(error.message));
});

test('a whisper model cut off in its weights is refused as truncated before whisper.cpp reads it', async () => {
  const cut = path.join(dir, 'ggml-cut.bin');
  const bytes = fs.readFileSync(model);
  fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  await assert.rejects(Transcriber.open({ modelPath: cut }), (error: unknown) => isSovereignError(error, 'model') && /truncated/.test(error.message));
});

test('a whisper model with a damaged header is refused', async () => {
  const damaged = path.join(dir, 'ggml-damaged.bin');
  const bytes = Buffer.from(fs.readFileSync(model).subarray(0, 4096));
  bytes.writeInt32LE(7, 4 + 4 * 4); // n_audio_layer: no whisper model has 7
  fs.writeFileSync(damaged, bytes);
  await assert.rejects(Transcriber.open({ modelPath: damaged }), (error: unknown) => isSovereignError(error, 'model') && /hyperparameters/.test(error.message));
});

test('an utterance shorter than a second is still transcribed (whisper.cpp alone decodes nothing from it)', async () => {
  const scripted = await Transcriber.open({ modelPath: scriptedWhisperModel('stop-dictation') });
  try {
    const segments = await scripted.transcribe(jfkSamples().subarray(0, Math.round(0.6 * 16_000)));
    assert.deepEqual(segments.map((segment) => segment.text.trim()), ['Stop dictation.']);
    assert.ok(segments.every((segment) => segment.endMs <= 1_200), JSON.stringify(segments));
  } finally {
    await scripted.close();
  }
});
