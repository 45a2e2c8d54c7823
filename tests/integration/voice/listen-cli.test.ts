import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cliHome } from '../../support/cli-home.js';
import { runCliAsync, type CliResult } from '../../support/run-cli.js';
import { concat, jfkSamples, jfkWav, resampleLinear, silence, writeWav } from '../../support/voice-audio.js';
import { generatedWhisperModel } from '../../support/whisper-models.js';

// `sovereign listen` end to end with the generated random-weight whisper
// model: what it says is random, so these check that every stage ran (a
// transcript, then a routed command or dictated text), never the words.
const { home, env } = cliHome();
const model = generatedWhisperModel();
const withModel = path.join(home, 'with-model');
fs.mkdirSync(path.join(withModel, 'sovereign'), { recursive: true });
fs.writeFileSync(path.join(withModel, 'sovereign', 'config.toml'), `[ai.models]\nspeech = ${JSON.stringify(model)}\n`);

type Run = CliResult;

/** Runs `sovereign` without blocking this process's loop (loading whisper takes seconds on a busy machine). */
const sovereign = (args: readonly string[], configured = true): Promise<Run> => runCliAsync(args, { ...env, ...(configured ? { XDG_CONFIG_HOME: withModel } : {}) }, 150_000);

type Event = { type: string; [key: string]: unknown };
const eventsOf = (run: Run): Event[] => run.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Event);

test('sovereign listen --file jfk.wav --once transcribes the first thing said and routes it like a typed command', async () => {
  const run = await sovereign(['listen', '--file', jfkWav, '--once', '--json']);
  assert.equal(run.status, 0, run.stderr);
  const events = eventsOf(run);
  assert.deepEqual(events[0], { type: 'listening', source: 'jfk.wav', mode: 'command' });
  const transcript = events.find((event) => event.type === 'transcript');
  assert.ok(transcript, run.stdout);
  assert.equal(typeof transcript['text'], 'string');
  assert.ok((transcript['startMs'] as number) >= 0 && (transcript['endMs'] as number) <= 11_000);
  // The router's answer to whatever was heard: a result, a clarification, or a failed command, each naming the transcript.
  const routed = events.find((event) => event.type === 'command-result' || (event.type === 'error' && event['transcript'] !== undefined));
  assert.ok(routed || transcript['text'] === '', run.stdout);
  if (routed) assert.equal(routed['transcript'], (transcript['text'] as string).trim());
  assert.deepEqual(events.at(-1), { type: 'stopped', utterances: 1 });
});

test('a 44.1 kHz stereo recording is resampled and dictated: the transcript is written out', async () => {
  const speech = resampleLinear(concat(silence(0.5), jfkSamples().subarray(0, 3 * 16_000), silence(1)), 16_000, 44_100);
  const file = writeWav(path.join(home, 'stereo-44k.wav'), [speech, speech], 44_100);
  const run = await sovereign(['listen', '--file', file, '--once', '--mode', 'dictation']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /Listening to stereo-44k\.wav for dictation/);
  const heard = /^Heard \((\d+\.\d)–(\d+\.\d) s\): (.*)$/m.exec(run.stdout);
  assert.ok(heard, run.stdout);
  assert.ok(Number(heard[1]) >= 0.3 && Number(heard[2]) <= 4.6, `speech placed at 0.5-3.5 s was heard at ${heard[1]}-${heard[2]} s`);
});

test('a recording of silence ends with "heard no speech", naming the file', async () => {
  const file = writeWav(path.join(home, 'quiet.wav'), [silence(3)], 16_000);
  const run = await sovereign(['listen', '--file', file]);
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /Heard no speech in quiet\.wav/);
});

test('a WAV file with a truncated header is refused, naming the file, before any model loads', async () => {
  const file = path.join(home, 'cut-header.wav');
  fs.writeFileSync(file, fs.readFileSync(jfkWav).subarray(0, 30));
  const run = await sovereign(['listen', '--file', file]);
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /cut-header\.wav: the WAV header is truncated/);
});

test('without a speech model, listen says how to install or set one', async () => {
  const run = await sovereign(['listen', '--file', jfkWav], false);
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /No speech model is installed or set/);
  assert.match(run.stderr, /\[ai\.models\]/);
});

test('a broken speech model is reported by name', async () => {
  const broken = path.join(home, 'ggml-broken.bin');
  fs.writeFileSync(broken, 'not a model');
  const run = await sovereign(['listen', '--file', jfkWav, '--model', broken]);
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /ggml-broken\.bin is not a usable whisper speech model/);
});
