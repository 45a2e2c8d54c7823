import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { APP_ID } from '../../src/core/index.js';
import { writeWakeWordModels } from '../fixtures/wakeword/wakeword-models.js';
import { jfkWav } from '../support/voice-audio.js';
import { tempDir } from '../support/store.js';
import type { TestSoundServer } from '../support/test-sound-server.js';
import { generatedWhisperModel } from '../support/whisper-models.js';
import { screenshot, type TestDisplay } from './support/display.js';
import { appEnv, type SovereignApp } from './support/sovereign-app.js';
import { openVoiceWindow, until, voiceOf, type VoiceWindow, type WindowProbe } from './support/voice-window.js';

const run = promisify(execFile);

/** What the window reports of the wake phrase (src/ui/wake-listener.ts). */
interface WakeProbe {
  waiting: boolean;
  detections: { atMs: number; score: number }[];
  problem: string | null;
}
const wakeOf = (window: WindowProbe): WakeProbe => (voiceOf(window) as unknown as { wake: WakeProbe }).wake;

describe('the wake phrase in the window', () => {
  let voice: VoiceWindow;
  let display: TestDisplay;
  let app: SovereignApp;
  let sound: TestSoundServer;
  const dir = tempDir('sov-wake-ui-');
  // Generated openWakeWord-shaped models whose classifier fires on speech energy.
  const models = writeWakeWordModels(path.join(dir, 'wake-models'));

  before(async () => {
    voice = await openVoiceWindow('voice-wake', {
      prepare: async (shown) => {
        const env = appEnv(shown, '/dev/null');
        await run('gsettings', ['set', APP_ID, 'voice-wake-model-path', models.classifier], { env });
        await run('gsettings', ['set', APP_ID, 'voice-wake-phrase-enabled', 'true'], { env });
        return `[ai.models]\nspeech = ${JSON.stringify(generatedWhisperModel())}\n`;
      },
    });
    ({ display, app, sound } = voice);
  });

  after(async () => voice?.close());

  test('with the wake phrase on, the window waits for it and says so beside the microphone', async () => {
    const waiting = await until(app, 'waiting for the wake phrase', (window) => wakeOf(window).waiting, 60_000);
    assert.equal(voiceOf(waiting).listening, false);
    assert.equal(wakeOf(waiting).problem, null);
    await screenshot(display, 'voice-wake-waiting');
  });

  test('speech into the microphone wakes the window, which listens for a command and then waits again', async () => {
    // The recording process may still be starting on a loaded machine: play until heard.
    let woken: WindowProbe | undefined;
    for (let attempt = 0; attempt < 3 && !woken; attempt++) {
      const playing = sound.play(jfkWav);
      woken = await until(app, 'the wake phrase heard', (window) => wakeOf(window).detections.length > 0, 20_000).catch(() => undefined);
      if (woken) {
        const listening = await until(app, 'listening for a command', (window) => voiceOf(window).listening, 20_000);
        assert.equal(voiceOf(listening).mode, 'command');
        assert.equal(voiceOf(listening).label, 'Listening — command');
        // The wake microphone closed so push-to-talk's could open.
        assert.equal(wakeOf(listening).waiting, false);
        await screenshot(display, 'voice-wake-listening');
      }
      await playing;
    }
    assert.ok(woken, 'jfk.wav played three times did not wake the window');
    const again = await until(app, 'waiting for the wake phrase again', (window) => !voiceOf(window).listening && wakeOf(window).waiting, 90_000);
    assert.ok(voiceOf(again).transcripts.length > 0 || voiceOf(again).messages.length > 0, 'the woken command heard nothing and said nothing');
  });

  test('a broken wake-word model chosen in Preferences is said in the window once, and the wake phrase stays off', async () => {
    const broken = writeWakeWordModels(path.join(dir, 'broken-models'));
    fs.writeFileSync(broken.classifier, 'not an ONNX model');
    await run('gsettings', ['set', APP_ID, 'voice-wake-model-path', broken.classifier], { env: appEnv(display, '/dev/null') });
    const said = await until(app, 'the broken model said', (window) => wakeOf(window).problem !== null, 60_000);
    assert.match(wakeOf(said).problem!, /broken-models\/hey_sovereign\.onnx/);
    assert.match(wakeOf(said).problem!, /\[1, 16, 96\]/);
    assert.equal(wakeOf(said).waiting, false);
    // The toast is one line: the file by name; the shapes it needs are in the full message.
    const toast = 'Wake phrase off: hey_sovereign.onnx is not an openWakeWord model it can use';
    assert.ok(said.toasts.includes(toast), JSON.stringify(said.toasts));
    // Once: it does not try again (and say it again) until the settings change.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const later = app.probe()!.window!;
    assert.equal(later.toasts.filter((shown) => shown === toast).length, 1, JSON.stringify(later.toasts));
    assert.equal(wakeOf(later).waiting, false);
    await screenshot(display, 'voice-wake-broken-model');
  });
});
