import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { isSovereignError } from '../../../src/core/errors.js';
import { SpeechDetector, type Utterance } from '../../../src/voice/speech-detector.js';
import { sileroVadModelPath } from '../../../src/voice/vad-model.js';
import { tempDir } from '../../support/store.js';
import { concat, jfkSamples, silence, whiteNoise } from '../../support/voice-audio.js';

const RATE = 16_000;
const dir = tempDir('sovereign-vad-');
const detector = await SpeechDetector.open();
after(() => detector.close());

/** Hands out `samples` in 100 ms chunks, as a microphone would. */
async function* chunksOf(samples: Float32Array): AsyncGenerator<Float32Array> {
  for (let at = 0; at < samples.length; at += RATE / 10) yield samples.subarray(at, at + RATE / 10);
}

async function detect(samples: Float32Array, onEnded?: (ms: number) => void): Promise<Utterance[]> {
  const found: Utterance[] = [];
  for await (const utterance of detector.utterances(chunksOf(samples), new AbortController().signal, onEnded ? { onEnded } : {})) found.push(utterance);
  return found;
}

const seconds = (ms: number): number => ms / 1000;

test('speech placed between silences is found inside the places it was put, the same way both times', async () => {
  const speech = jfkSamples();
  const speechSeconds = speech.length / RATE;
  // 2 s silence, speech, 3 s silence, the same speech again, 2 s silence.
  const placed = [
    { from: 2, to: 2 + speechSeconds },
    { from: 5 + speechSeconds, to: 5 + 2 * speechSeconds },
  ];
  const utterances = await detect(concat(silence(2), speech, silence(3), speech, silence(2)));
  assert.ok(utterances.length >= 2, `${utterances.length} utterances`);
  for (const utterance of utterances) {
    // The detector pads a little before speech and keeps a short tail after it.
    const inside = placed.some((span) => seconds(utterance.startMs) >= span.from - 0.1 && seconds(utterance.endMs) <= span.to + 0.6);
    assert.ok(inside, `utterance ${utterance.startMs}-${utterance.endMs} ms lies inside the placed speech`);
    assert.equal(utterance.samples.length, Math.round(((utterance.endMs - utterance.startMs) * RATE) / 1000));
  }
  const first = utterances.filter((u) => seconds(u.startMs) < placed[1]!.from - 0.1);
  const second = utterances.filter((u) => seconds(u.startMs) >= placed[1]!.from - 0.1);
  assert.ok(first.length >= 1);
  assert.equal(first.length, second.length, 'the same speech is cut the same way twice');
  for (const [i, utterance] of first.entries()) {
    const shift = placed[1]!.from - placed[0]!.from;
    assert.ok(Math.abs(seconds(second[i]!.startMs) - seconds(utterance.startMs) - shift) < 0.1, 'the second copy is cut at the same places');
  }
});

test('silence yields no utterance, and the whole of it was heard', async () => {
  let heardMs = 0;
  const utterances = await detect(silence(5), (ms) => (heardMs = ms));
  assert.deepEqual(utterances, []);
  assert.equal(heardMs, 5000);
});

test('steady white noise is not taken for speech', async () => {
  assert.deepEqual(await detect(whiteNoise(5, 0.3)), []);
});

test('clipped, overloaded speech is still heard as speech', async () => {
  const clipped = jfkSamples().map((value) => Math.max(-1, Math.min(1, value * 12)));
  const utterances = await detect(concat(silence(1), clipped, silence(1)));
  assert.ok(utterances.length >= 1);
  const total = utterances.reduce((sum, u) => sum + u.endMs - u.startMs, 0);
  assert.ok(total > 4000, `${total} ms of speech heard in 11 s of clipped speech`);
});

test('ten minutes of speech without a break comes out in pieces no longer than the cap, covering the speech', async () => {
  const speech = jfkSamples();
  const tenMinutes = concat(...Array.from({ length: Math.ceil((600 * RATE) / speech.length) }, () => speech));
  const utterances = await detect(tenMinutes);
  assert.ok(utterances.length > 20, `${utterances.length} utterances`);
  for (const utterance of utterances) assert.ok(utterance.endMs - utterance.startMs <= 30_000);
  const total = utterances.reduce((sum, u) => sum + u.endMs - u.startMs, 0);
  assert.ok(total > 0.5 * 600_000, `${total} ms of the 600 s heard as speech`);
});

test('a lower cap cuts long speech into pieces no longer than it', async () => {
  const capped = await SpeechDetector.open({ maxUtteranceMs: 1500 });
  try {
    const found: Utterance[] = [];
    for await (const utterance of capped.utterances(chunksOf(jfkSamples()), new AbortController().signal)) found.push(utterance);
    assert.ok(found.length >= 5, `${found.length} pieces`);
    for (const utterance of found) assert.ok(utterance.endMs - utterance.startMs <= 1500, `${utterance.endMs - utterance.startMs} ms`);
  } finally {
    await capped.close();
  }
});

test('stopping ends the stream without waiting for the rest, and the detector serves the next one', async () => {
  const controller = new AbortController();
  const found: Utterance[] = [];
  for await (const utterance of detector.utterances(chunksOf(concat(jfkSamples(), jfkSamples(), jfkSamples())), controller.signal)) {
    found.push(utterance);
    controller.abort();
  }
  assert.equal(found.length, 1);
  assert.ok((await detect(concat(silence(1), jfkSamples()))).length >= 1);
});

test('a missing speech detector model is reported with its path', async () => {
  const missing = path.join(dir, 'missing.onnx');
  await assert.rejects(SpeechDetector.open({ modelPath: missing }), (error: unknown) => isSovereignError(error, 'not-found') && error.message.includes(missing));
});

test('a damaged speech detector model is refused before it can take the process down', async () => {
  const damaged = path.join(dir, 'damaged.onnx');
  fs.writeFileSync(damaged, fs.readFileSync(sileroVadModelPath).subarray(0, 4096));
  await assert.rejects(SpeechDetector.open({ modelPath: damaged }), (error: unknown) => isSovereignError(error, 'model') && /damaged/.test(error.message));
});
