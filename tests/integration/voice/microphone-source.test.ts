import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import { VOICE_SAMPLE_RATE } from '../../../src/voice/audio-source.js';
import type { AudioLevel } from '../../../src/voice/audio-level.js';
import { listInputDevices } from '../../../src/voice/input-devices.js';
import { MicrophoneSource } from '../../../src/voice/microphone-source.js';
import { processAlive } from '../../support/process-alive.js';
import { silenceThenSpeech, silenceWav, speechWav } from '../../support/speech-wav.js';
import { tempDir } from '../../support/store.js';
import { startTestSoundServer, TEST_MICROPHONE, type TestSoundServer } from '../../support/test-sound-server.js';

let server: TestSoundServer;
// Made at load time: a tempDir made inside before() is removed when before() ends.
const dir = tempDir('sov-voice-mic-');
const speechOnly = speechWav(dir, 'Open my research notes and read me the summary of last week.');
const speech = silenceThenSpeech(dir, speechOnly, 1);
const silence = silenceWav(dir, 8);

before(async () => {
  server = await startTestSoundServer();
});
after(async () => server.stop());

/** The gst-launch children of this process, by pid. */
async function captureChildren(): Promise<number[]> {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes('gst-launch'))
    .map((line) => Number.parseInt(line.trim(), 10));
}

test('Preferences can list the test microphone, the null sink’s monitor, by its sound-server name', async () => {
  const devices = await listInputDevices(server.env);
  const monitor = devices.find((device) => device.name === TEST_MICROPHONE);
  assert.ok(monitor, `listed: ${devices.map((d) => d.name).join(', ')}`);
  assert.equal(monitor.isMonitor, true);
  assert.match(monitor.description, /Null Output/);
});

test('while speech plays into the microphone it yields 16 kHz mono chunks whose level rises above the silence before it', async () => {
  const levels: AudioLevel[] = [];
  const microphone = new MicrophoneSource({ device: TEST_MICROPHONE, env: server.env, onLevel: (level) => levels.push(level) });
  const controller = new AbortController();
  // A null sink's monitor hears nothing until something plays, so silence
  // plays first; the first chunk proves capture runs, and speech starts then.
  const silent = server.startPlaying(silence);
  let speaking: Promise<void> | undefined;
  let samples = 0;
  let loudest = 0;
  for await (const chunk of microphone.chunks(controller.signal)) {
    assert.ok(chunk instanceof Float32Array);
    samples += chunk.length;
    for (const sample of chunk) loudest = Math.max(loudest, Math.abs(sample));
    speaking ??= server.play(speechOnly).then(() => void setTimeout(() => controller.abort(), 300));
  }
  await speaking;
  silent.kill();
  // ~3.5 s of speech at 16 kHz is tens of thousands of samples.
  assert.ok(samples > 2 * VOICE_SAMPLE_RATE, `only ${samples} samples`);
  assert.ok(loudest > 0.05, `the speech never got louder than ${loudest}`);
  const before = levels[0]!.rmsDbfs;
  const peak = Math.max(...levels.map((level) => level.rmsDbfs));
  assert.ok(before < -80, `the silence measured ${before} dBFS`);
  assert.ok(peak > -40, `the speech peaked at only ${peak} dBFS`);
  // The rolling buffer holds the end of what was heard, no more than asked.
  assert.ok(microphone.recent().length <= 2 * VOICE_SAMPLE_RATE);
  assert.ok(microphone.recent().length > 0);
  assert.deepEqual(await captureChildren(), []);
});

test('stopping the microphone ends its capture process at once, even in the middle of speech', async () => {
  const microphone = new MicrophoneSource({ device: TEST_MICROPHONE, env: server.env });
  const controller = new AbortController();
  const player = server.startPlaying(speech);
  let chunks = 0;
  let pid: number | undefined;
  for await (const chunk of microphone.chunks(controller.signal)) {
    assert.ok(chunk.length > 0);
    pid ??= (await captureChildren())[0];
    if (++chunks === 3) controller.abort();
  }
  player.kill();
  assert.equal(chunks, 3);
  assert.ok(pid !== undefined);
  assert.equal(processAlive(pid), false, 'the gst-launch child is gone, not a zombie');
});

test('a microphone unplugged mid-utterance rejects the listening with a message naming it, and leaves no process behind', async () => {
  const microphone = new MicrophoneSource({ device: TEST_MICROPHONE, description: 'Test Microphone', env: server.env });
  const player = server.startPlaying(speech);
  let heard = 0;
  await assert.rejects(
    async () => {
      for await (const chunk of microphone.chunks(new AbortController().signal)) {
        heard += chunk.length;
        if (heard > VOICE_SAMPLE_RATE / 4 && heard - chunk.length <= VOICE_SAMPLE_RATE / 4) await server.unplugMicrophone();
      }
    },
    (error) => isSovereignError(error, 'io') && /The microphone “Test Microphone” stopped/.test(error.message),
  );
  player.kill();
  assert.ok(heard > 0);
  assert.deepEqual(await captureChildren(), []);
  await server.pactl('load-module', 'module-null-sink', 'sink_name=sovereign_test_mic');
});

test('a device name the sound server does not have is refused as no microphone of that name', async () => {
  const microphone = new MicrophoneSource({ device: 'no_such_source', env: server.env });
  await assert.rejects(
    async () => {
      for await (const chunk of microphone.chunks(new AbortController().signal)) assert.fail(`heard ${chunk.length} samples from nowhere`);
    },
    (error) => isSovereignError(error, 'not-found') && /No microphone found named “no_such_source”/.test(error.message),
  );
});

test('a device name that would splice elements into the capture pipeline is refused before anything starts', async () => {
  const microphone = new MicrophoneSource({ device: 'x ! filesink location=/tmp/heard.raw', env: server.env });
  await assert.rejects(
    async () => {
      for await (const chunk of microphone.chunks(new AbortController().signal)) assert.fail(`heard ${chunk.length} samples`);
    },
    (error) => isSovereignError(error, 'invalid-input') && /is not an input device name of the sound server/.test(error.message),
  );
  assert.deepEqual(await captureChildren(), []);
});

test('with no sound server running, listening fails with “No microphone found” instead of hanging', async () => {
  const dir = tempDir('sov-voice-nosrv-');
  const gone = new MicrophoneSource({ env: { ...process.env, PULSE_SERVER: `unix:${dir}/native`, HOME: dir } });
  await assert.rejects(
    async () => {
      for await (const chunk of gone.chunks(new AbortController().signal)) assert.fail(`heard ${chunk.length} samples`);
    },
    (error) => isSovereignError(error, 'not-found') && /No microphone found: the sound server at unix:.* does not answer/.test(error.message),
  );
  const none = new MicrophoneSource({ env: { PATH: process.env['PATH'], HOME: dir, XDG_RUNTIME_DIR: dir } });
  await assert.rejects(
    async () => {
      for await (const chunk of none.chunks(new AbortController().signal)) assert.fail(`heard ${chunk.length} samples`);
    },
    (error) => isSovereignError(error, 'not-found') && /No microphone found: no sound server/.test(error.message),
  );
  await assert.rejects(listInputDevices({ PATH: process.env['PATH'], HOME: dir, XDG_RUNTIME_DIR: dir, PULSE_SERVER: `unix:${dir}/native` }), /No microphone found/);
});
