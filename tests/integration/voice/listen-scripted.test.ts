import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cliHome } from '../../support/cli-home.js';
import { runCliAsync } from '../../support/run-cli.js';
import { jfkWav } from '../../support/voice-audio.js';
import { scriptedText, scriptedWhisperModel, type ScriptName } from '../../support/whisper-models.js';

// `sovereign listen` with scripted whisper models (tests/fixtures/whisper/
// scripted-whisper.ts): real whisper.cpp running crafted weights that say a
// known sentence whatever they hear, so the words themselves can be checked.
const { home, env } = cliHome();

/** Runs `sovereign listen --file jfk.wav --once --mode MODE --json` with the scripted model `script`. */
function listenWith(script: ScriptName, mode: 'command' | 'dictation' = 'dictation'): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const config = path.join(home, script);
  fs.mkdirSync(path.join(config, 'sovereign'), { recursive: true });
  fs.writeFileSync(path.join(config, 'sovereign', 'config.toml'), `[ai.models]\nspeech = ${JSON.stringify(scriptedWhisperModel(script))}\n`);
  return runCliAsync(['listen', '--file', jfkWav, '--once', '--mode', mode, '--json'], { ...env, XDG_CONFIG_HOME: config });
}

type Event = { type: string; [key: string]: unknown };
const eventsOf = (stdout: string): Event[] => stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Event);

test('a model that says "Take a note: buy fern compost." starts a new note holding "buy fern compost."', async () => {
  const run = await listenWith('take-a-note');
  assert.equal(run.status, 0, run.stderr);
  const events = eventsOf(run.stdout);
  assert.equal(scriptedText('take-a-note'), 'Take a note: buy fern compost.');
  assert.equal(events.find((event) => event.type === 'transcript')?.['text'], 'Take a note: buy fern compost.');
  assert.deepEqual(events.find((event) => event.type === 'dictation')?.['step'], { kind: 'new-note', text: 'buy fern compost.' });
});

test('a model that says "Stop dictation." ends dictation', async () => {
  const run = await listenWith('stop-dictation');
  assert.equal(run.status, 0, run.stderr);
  const events = eventsOf(run.stdout);
  assert.equal(events.find((event) => event.type === 'transcript')?.['text'], 'Stop dictation.');
  assert.deepEqual(events.find((event) => event.type === 'dictation')?.['step'], { kind: 'stop' });
});

test('said as a command, "Take a note: buy fern compost." starts a new note instead of going to the assistant', async () => {
  const run = await listenWith('take-a-note', 'command');
  assert.equal(run.status, 0, run.stderr);
  const events = eventsOf(run.stdout);
  assert.deepEqual(events.find((event) => event.type === 'dictation')?.['step'], { kind: 'new-note', text: 'buy fern compost.' });
  assert.equal(events.find((event) => event.type === 'command-result'), undefined);
});

test('said as a command, "Stop dictation." stops listening instead of going to the assistant', async () => {
  const run = await listenWith('stop-dictation', 'command');
  assert.equal(run.status, 0, run.stderr);
  const events = eventsOf(run.stdout);
  assert.deepEqual(events.find((event) => event.type === 'dictation')?.['step'], { kind: 'stop' });
  assert.equal(events.find((event) => event.type === 'command-result'), undefined);
});
