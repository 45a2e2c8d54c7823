import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import wavefile from 'wavefile';
import { isSovereignError } from '../../../src/core/index.js';
import { levelOf } from '../../../src/voice/audio-level.js';
import { MicrophoneSource } from '../../../src/voice/microphone-source.js';
import { Speaker, type SpokenResult } from '../../../src/voice/speaker.js';
import { runCli } from '../../support/run-cli.js';
import { silenceWav } from '../../support/speech-wav.js';
import { tempDir } from '../../support/store.js';
import { startTestSoundServer, TEST_MICROPHONE, type TestSoundServer } from '../../support/test-sound-server.js';

let server: TestSoundServer;
const dir = tempDir('sov-voice-say-');
const LONG_SENTENCE =
  'Here is the summary of your research notes from last week: three documents mention the budget, two of them disagree about the deadline, and one asks you to call back.';

before(async () => {
  server = await startTestSoundServer();
});
after(async () => server.stop());

function readWav(file: string): { sampleRate: number; channels: number; bits: string; seconds: number; peak: number } {
  const wav = new wavefile.WaveFile(fs.readFileSync(file));
  const fmt = wav.fmt as { sampleRate: number; numChannels: number };
  const samples = wav.getSamples(false, Int16Array) as unknown as Int16Array;
  let peak = 0;
  for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
  return { sampleRate: fmt.sampleRate, channels: fmt.numChannels, bits: wav.bitDepth, seconds: samples.length / fmt.sampleRate, peak: peak / 32768 };
}

/** Whether the sound server is playing a stream of Sovereign's (another test's player may still be going away). */
async function sovereignIsPlaying(): Promise<boolean> {
  return /application\.name = "Sovereign"/.test(await server.pactl('list', 'sink-inputs'));
}

/** Sovereign's speech children still running under this process. */
function speechChildren(): string[] {
  const out = execFileSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((name) => name.includes('espeak') || name.includes('pacat'));
}

test('sovereign say --output writes a 16-bit mono WAV of audible speech, longer for a longer text', () => {
  const short = path.join(dir, 'short.wav');
  const long = path.join(dir, 'long.wav');
  const first = runCli(['say', 'Done.', '--output', short]);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /short\.wav/);
  const second = runCli(['say', LONG_SENTENCE, '--output', long, '--voice', 'en-us', '--rate', '160']);
  assert.equal(second.status, 0, second.stderr);
  const a = readWav(short);
  const b = readWav(long);
  for (const wav of [a, b]) {
    assert.equal(wav.channels, 1);
    assert.equal(wav.bits, '16');
    assert.ok(wav.sampleRate === 16_000 || wav.sampleRate === 22_050, `rate ${wav.sampleRate}`);
    assert.ok(wav.peak > 0.1, `peak ${wav.peak}: silence`);
  }
  assert.ok(a.seconds > 0.2);
  assert.ok(b.seconds > 3 * a.seconds, `${b.seconds} s vs ${a.seconds} s`);
});

test('a text that starts with a dash is spoken, not taken for an option of espeak-ng', () => {
  const file = path.join(dir, 'dash.wav');
  const result = runCli(['say', '--output', file, '--', '-v is not a voice']);
  assert.equal(result.status, 0, result.stderr);
  assert.ok(readWav(file).seconds > 0.5);
});

test('sovereign say TEXT speaks through the session’s sound server and exits once it has been said', async () => {
  const result = runCli(['say', '--json', 'The note is saved.'], { env: { PULSE_SERVER: server.env['PULSE_SERVER'] } });
  assert.equal(result.status, 0, result.stderr);
  const said = JSON.parse(result.stdout) as { voice: string; rate: number; stopped: boolean; firstAudioMs: number };
  assert.deepEqual({ voice: said.voice, rate: said.rate, stopped: said.stopped }, { voice: 'en-us', rate: 175, stopped: false });
  assert.ok(said.firstAudioMs > 0);
  const nowhere = runCli(['say', 'The note is saved.'], { env: { PULSE_SERVER: `unix:${dir}/no-such-socket` } });
  assert.notEqual(nowhere.status, 0);
  assert.match(nowhere.stderr, /cannot speak: no sound server answers/);
});

test('sovereign say with a voice espeak-ng does not have names that voice and writes no file', () => {
  const file = path.join(dir, 'nope.wav');
  const result = runCli(['say', 'hello', '--voice', 'xx-nonexistent', '--output', file]);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /No voice named “xx-nonexistent”/);
  assert.equal(fs.existsSync(file), false);
});

test('sovereign say --list-voices lists espeak-ng’s voices by the id --voice takes', () => {
  const result = runCli(['say', '--list-voices', '--json']);
  assert.equal(result.status, 0, result.stderr);
  const voices = JSON.parse(result.stdout) as { id: string; name: string }[];
  assert.ok(voices.some((voice) => voice.id === 'en-us' && /English/.test(voice.name)));
});

test('what Sovereign says is heard on the sound server, and the speaking flag goes up and down', async () => {
  const speaker = new Speaker(server.env);
  const changes: boolean[] = [];
  speaker.onSpeakingChanged((speaking) => changes.push(speaking));
  const microphone = new MicrophoneSource({ device: TEST_MICROPHONE, env: server.env });
  const controller = new AbortController();
  let loudest = -Infinity;
  // A null sink's monitor is silent until something plays: silence first,
  // and Sovereign speaks once the monitor is heard to be recording.
  const silent = server.startPlaying(silenceWav(dir, 8));
  const silentClosed = once(silent, 'close');
  let speaking: Promise<SpokenResult> | undefined;
  for await (const chunk of microphone.chunks(controller.signal)) {
    loudest = Math.max(loudest, levelOf(chunk).rmsDbfs);
    speaking ??= speaker.speak('Your research notes are open.').finally(() => setTimeout(() => controller.abort(), 300));
  }
  silent.kill();
  await silentClosed;
  const result = await speaking!;
  assert.equal(result.stopped, false);
  assert.ok(result.firstAudioMs !== undefined && result.firstAudioMs > 0);
  assert.ok(loudest > -40, `the monitor heard at most ${loudest} dBFS`);
  assert.deepEqual(changes, [true, false]);
  assert.equal(speaker.speaking, false);
});

test('stopping speech mid-sentence silences it: the speaking ends as stopped and its processes are gone', async () => {
  const speaker = new Speaker(server.env);
  const speaking = speaker.speak(LONG_SENTENCE);
  // Wait until the sound server plays Sovereign's stream, i.e. mid-sentence.
  for (let i = 0; i < 200 && !(await sovereignIsPlaying()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(await sovereignIsPlaying(), 'speech never reached the sound server');
  assert.equal(speaker.speaking, true);
  await speaker.stop();
  const result = await speaking;
  assert.equal(result.stopped, true);
  assert.equal(speaker.speaking, false);
  assert.deepEqual(speechChildren(), []);
  assert.equal(await sovereignIsPlaying(), false);
});

test('speaking with a voice that does not exist rejects with the voice’s name; with no sound server, says so', async () => {
  const speaker = new Speaker(server.env);
  await assert.rejects(speaker.speak('hello', { voice: 'xx-nonexistent' }), (error) => isSovereignError(error, 'not-found') && /No voice named “xx-nonexistent”/.test(error.message));
  const nowhere = new Speaker({ ...server.env, PULSE_SERVER: `unix:${dir}/no-such-socket` });
  await assert.rejects(nowhere.speak('hello'), (error) => isSovereignError(error, 'not-found') && /cannot speak: no sound server answers/.test(error.message));
  assert.equal(nowhere.speaking, false);
  const none = new Speaker({ PATH: process.env['PATH'], HOME: dir, XDG_RUNTIME_DIR: dir });
  await assert.rejects(none.speak('hello'), (error) => isSovereignError(error, 'not-found') && /cannot speak: no sound server \(PipeWire/.test(error.message));
  assert.deepEqual(speechChildren(), []);
});
