import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { TEST_MICROPHONE, type TestSoundServer } from '../support/test-sound-server.js';
import { jfkWav } from '../support/voice-audio.js';
import { scriptedWhisperModel } from '../support/whisper-models.js';
import { screenshot, xdotool, type TestDisplay } from './support/display.js';
import type { SovereignApp } from './support/sovereign-app.js';
import { openVoiceWindow, pressMicrophone, until, voiceOf, type VoiceWindow, type WindowProbe } from './support/voice-window.js';

const run = promisify(execFile);

/** The command lines of the window's own child processes (the speech model's process, the microphone's gst-launch). */
async function childrenOf(pid: number): Promise<string[]> {
  const listed = await run('ps', ['-o', 'args=', '--ppid', String(pid)]).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return listed.stdout.split('\n').filter(Boolean);
}

const speechModelProcess = (args: string): boolean => args.includes('transcriber-process.js');
const microphoneProcess = (args: string): boolean => args.includes('gst-launch');

// What the window does when listening goes wrong half way: the speech model
// breaks or the microphone goes away. The speech model is a scripted one
// (tests/fixtures/whisper/scripted-whisper.ts) that hears "Stop dictation." in
// anything: as a command the assistant answers it.
describe('listening in the window when something goes wrong', () => {
  let voice: VoiceWindow;
  let app: SovereignApp;
  let display: TestDisplay;
  let sound: TestSoundServer;
  let model: string;
  let utterance: string;

  before(async () => {
    voice = await openVoiceWindow('voice-failures', {
      prepare: (shown) => {
        // A copy this test may break.
        model = path.join(shown.home, 'speech-model.bin');
        fs.copyFileSync(scriptedWhisperModel('stop-dictation'), model);
        return `[ai.models]\nspeech = ${JSON.stringify(model)}\n`;
      },
    });
    ({ app, display, sound, utterance } = voice);
  });

  after(async () => {
    await voice?.close();
  });

  const startListening = (): Promise<number> => voice.startListening();

  /** Waits for listening to end with a new message in the window; returns the window then. */
  async function stoppedWithMessage(before: number, what: string): Promise<WindowProbe> {
    return until(app, what, (window) => voiceOf(window).messages.length > before && !voiceOf(window).listening, 90_000);
  }

  test('a speech model that breaks while listening: the window names it, listening stops with nothing left running, and the next press says the same until the model is back', async () => {
    const good = fs.readFileSync(model);
    const before = await startListening();
    const modelProcesses = (await childrenOf(app.child.pid!)).filter(speechModelProcess);
    assert.equal(modelProcesses.length, 1, 'the speech model runs in its own process while listening');
    try {
      // The model file is overwritten, and the process that had it loaded dies.
      fs.writeFileSync(model, Buffer.alloc(4096, 0x5a));
      await run('pkill', ['-KILL', '-P', String(app.child.pid), '-f', 'transcriber-process.js']);
      await sound.play(utterance);

      const told = await stoppedWithMessage(before, 'the broken model to be reported');
      const message = voiceOf(told).messages.at(-1)!;
      assert.ok(message.includes(path.basename(model)), `the message names the model file: ${message}`);
      assert.ok(told.toasts.includes(message), 'the message is shown in the window');
      assert.equal(voiceOf(told).label, '', 'the button is back to idle');
      assert.equal(voiceOf(told).meterShown, false, 'the level meter is hidden');
      await screenshot(display, 'voice-broken-model');
      await waitForNoChildren((args) => speechModelProcess(args) || microphoneProcess(args));

      // The next press says so again, before anything is heard.
      const again = voiceOf(app.probe()!.window!).messages.length;
      await pressMicrophone(display);
      const toldAgain = await stoppedWithMessage(again, 'the broken model to be reported again');
      assert.equal(voiceOf(toldAgain).messages.at(-1), message);
    } finally {
      fs.writeFileSync(model, good);
    }

    // With the good model back, listening works again.
    const transcripts = voiceOf(app.probe()!.window!).transcripts.length;
    await startListening();
    await sound.play(utterance);
    const heard = await until(app, 'the restored model to hear', (window) => voiceOf(window).transcripts.length > transcripts, 90_000);
    assert.equal(voiceOf(heard).transcripts.at(-1), 'Stop dictation.');
    await xdotool(display, 'key', 'Escape');
  });

  test('a microphone unplugged mid-sentence: the window names it and listening stops, with no recording process left', async () => {
    await until(app, 'the last press to end', (window) => !voiceOf(window).listening && !voiceOf(window).speaking, 60_000);
    const before = await startListening();
    const playing = sound.startPlaying(jfkWav);
    try {
      await until(app, 'the speech to be heard', (window) => voiceOf(window).meter > 0.3, 30_000);
      await sound.unplugMicrophone();
      const told = await stoppedWithMessage(before, 'the unplugged microphone to be reported');
      const message = voiceOf(told).messages.at(-1)!;
      assert.ok(message.includes(TEST_MICROPHONE), `the message names the microphone: ${message}`);
      assert.ok(told.toasts.includes(message), 'the message is shown in the window');
      assert.equal(voiceOf(told).meterShown, false);
      await screenshot(display, 'voice-microphone-unplugged');
      await waitForNoChildren(microphoneProcess);
    } finally {
      playing.kill();
    }
  });

  /** Waits until no child process of the window matches (a process takes a moment to be reaped). */
  async function waitForNoChildren(matches: (args: string) => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    let left: string[] = [];
    while (Date.now() < deadline) {
      left = (await childrenOf(app.child.pid!)).filter(matches);
      if (left.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.deepEqual(left, [], 'no process is left running');
  }
});
