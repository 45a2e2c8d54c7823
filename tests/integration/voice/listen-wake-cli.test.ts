import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cliHome } from '../../support/cli-home.js';
import { runCliAsync, type CliResult } from '../../support/run-cli.js';
import { jfkWav, silence, writeWav } from '../../support/voice-audio.js';
import { writeWakeWordModels } from '../../fixtures/wakeword/wakeword-models.js';

// `sovereign listen --wake --file` with generated openWakeWord-shaped models
// whose classifier fires on speech energy: jfk.wav must wake it, silence not.
const { home, env } = cliHome();
const models = writeWakeWordModels(path.join(home, 'wake-models'));
const silent = writeWav(path.join(home, 'silence.wav'), [silence(5)], 16_000);

type Run = CliResult;

/** Runs `sovereign` without blocking this process's loop. */
const sovereign = (args: readonly string[]): Promise<Run> => runCliAsync(args, env, 60_000);

type Event = { type: string; [key: string]: unknown };
const eventsOf = (run: Run): Event[] => run.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Event);

test('sovereign listen --wake --file jfk.wav prints the moments the wake phrase is heard', async () => {
  const run = await sovereign(['listen', '--wake', '--file', jfkWav, '--wake-model', models.classifier]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /Listening to jfk\.wav for the wake phrase/);
  const lines = run.stdout.trim().split('\n');
  assert.ok(lines.length >= 1, run.stdout);
  for (const line of lines) assert.match(line, /^Wake phrase heard at \d+\.\d s \(score (0\.[5-9]\d|1\.00)\)$/);
});

test('sovereign listen --wake --json gives one event per detection, inside the recording', async () => {
  const run = await sovereign(['listen', '--wake', '--json', '--file', jfkWav, '--wake-model', models.folder]);
  assert.equal(run.status, 0, run.stderr);
  const events = eventsOf(run);
  const wakes = events.filter((event) => event.type === 'wake');
  assert.ok(wakes.length >= 1, run.stdout);
  // jfk.wav lasts 11 s.
  for (const wake of wakes) assert.ok((wake.atMs as number) > 0 && (wake.atMs as number) <= 11_000, JSON.stringify(wake));
  assert.deepEqual(events.at(-1), { type: 'stopped', detections: wakes.length, heardMs: events.at(-1)?.heardMs });
});

test('sovereign listen --wake on silence hears no wake phrase and says so', async () => {
  const run = await sovereign(['listen', '--wake', '--file', silent, '--wake-model', models.classifier]);
  assert.notEqual(run.status, 0);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /Heard no wake phrase in silence\.wav \(5\.0 s\)/);
});

test('sovereign listen --wake with a garbage model names the file and the shapes it needs', async () => {
  const folder = path.join(home, 'garbage-models');
  const written = writeWakeWordModels(folder);
  fs.writeFileSync(written.embedding, Buffer.from('not a model'));
  const run = await sovereign(['listen', '--wake', '--file', jfkWav, '--wake-model', written.classifier]);
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /garbage-models\/embedding_model\.onnx/);
  assert.match(run.stderr, /embedding model: it needs input float32 \[1, 76, 32, 1\] → output \[1, 1, 1, 96\]/);
});
