import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { APP_ID } from '../../src/core/index.js';
import { repoRoot } from '../support/repo.js';
import { startTestSoundServer, TEST_MICROPHONE, type TestSoundServer } from '../support/test-sound-server.js';
import { generatedWhisperModel } from '../support/whisper-models.js';
import { screenshot, startDisplay, xdotool, type TestDisplay } from './support/display.js';
import { SovereignApp, appEnv } from './support/sovereign-app.js';
import { editorOf, pressMicrophone, until, voiceOf } from './support/voice-window.js';

const run = promisify(execFile);
/** Real recorded speech (11 s): the generated model turns it into random words, so the tests check the pipeline, not the words. */
const JFK = path.join(repoRoot, 'tests', 'fixtures', 'voice', 'jfk.wav');

describe('talking to Sovereign in the window', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let sound: TestSoundServer;

  before(async () => {
    sound = await startTestSoundServer();
    display = await startDisplay({ width: 1200, height: 800 });
    // The microphone button is pressed through AT-SPI.
    delete display.env['NO_AT_BRIDGE'];
    const env = appEnv(display, '/dev/null');
    // One press starts listening, the next stops it: a test cannot hold a button through AT-SPI.
    await run('gsettings', ['set', APP_ID, 'voice-push-to-talk-mode', 'toggled'], { env });
    await run('gsettings', ['set', APP_ID, 'voice-input-device', TEST_MICROPHONE], { env });
    app = new SovereignApp(display, 'voice-window', {
      env: { PULSE_SERVER: sound.env['PULSE_SERVER'] },
      config: `[ai.models]\nspeech = ${JSON.stringify(generatedWhisperModel())}\n`,
    });
    await app.until('the window', (window) => voiceOf(window) !== undefined);
  });

  after(async () => {
    await app?.stop();
    await display?.close();
    await sound?.stop();
  });

  test('a spoken command is shown in the command bar, routed like a typed one, and its answer is spoken', async () => {
    await pressMicrophone(display);
    const listening = await until(app, 'listening for a command', (window) => voiceOf(window).listening);
    assert.equal(voiceOf(listening).mode, 'command');
    assert.equal(voiceOf(listening).label, 'Listening — command');
    const playing = sound.play(JFK);
    await until(app, 'the level meter to rise with the speech', (window) => voiceOf(window).meter > 0.2, 30_000);
    await screenshot(display, 'voice-listening-command');
    await playing;

    const answered = await until(app, 'the transcript routed and answered', (window) => voiceOf(window).answers.length > 0, 90_000);
    const voice = voiceOf(answered);
    // The first utterance that made words is the command (one that made none is passed over).
    const transcript = voice.transcripts.find((text) => text.length > 0);
    assert.ok(transcript, 'a transcript was heard');
    // The command bar shows what was heard as if typed, and what the router made of it.
    assert.equal(answered.commandBar.routedText, transcript);
    assert.ok(voice.answers[0]!.message.length > 0);
    const shown = await until(app, 'the spoken answer', (window) => voiceOf(window).spoken.some((spoken) => spoken.firstAudioMs !== null || spoken.stopped), 30_000);
    assert.equal(voiceOf(shown).spoken[0]!.text, voice.answers[0]!.message);
    // One utterance per press in command mode: the microphone is off again.
    assert.equal(voiceOf(shown).listening, false);
    await screenshot(display, 'voice-command-answered');
    await xdotool(display, 'key', 'Escape');
  });

  test('dictation inserts what was heard at the cursor of the editor that has the focus', async () => {
    await xdotool(display, 'key', 'ctrl+n');
    await until(app, 'a new note with the cursor in it', (window) => editorOf(window)?.focused === true, 60_000);
    await xdotool(display, 'type', 'Heard:');
    const typed = editorOf(await until(app, 'the typed text', (window) => (editorOf(window)?.text ?? '').endsWith('Heard:')))!.text!;
    await xdotool(display, 'key', 'ctrl+space');
    const dictating = await until(app, 'dictating into the note', (window) => voiceOf(window).listening);
    assert.equal(voiceOf(dictating).mode, 'dictation');
    assert.match(voiceOf(dictating).label, /^Dictating into /);
    const playing = sound.play(JFK);
    await until(app, 'the level meter to rise with the speech', (window) => voiceOf(window).meter > 0.2, 30_000);
    await screenshot(display, 'voice-dictating');
    await playing;
    await until(app, 'the transcript in the editor', (window) => voiceOf(window).dictated.length > 0, 90_000);
    // The second press ends dictation; an utterance still being transcribed is written first.
    await xdotool(display, 'key', 'ctrl+space');
    const ended = await until(app, 'dictation to end', (window) => !voiceOf(window).listening, 60_000);
    const dictated = voiceOf(ended).dictated;
    // At the cursor (after what was typed), each sentence a space apart.
    const shown = await until(app, 'the editor to show it', (window) => editorOf(window)?.text !== typed, 10_000);
    assert.equal(editorOf(shown)!.text, [typed, ...dictated].join(' '));
  });

  test('Escape stops listening, and with no microphone the window says so and stops listening', async () => {
    await xdotool(display, 'key', 'ctrl+w');
    await pressMicrophone(display);
    await until(app, 'listening', (window) => voiceOf(window).listening);
    await xdotool(display, 'key', 'Escape');
    await until(app, 'listening stopped by Escape', (window) => !voiceOf(window).listening, 15_000);

    await sound.unplugMicrophone();
    const before = app.probe()!.window!;
    await pressMicrophone(display);
    const told = await until(app, 'the message', (window) => voiceOf(window).messages.length > voiceOf(before).messages.length && !voiceOf(window).listening, 30_000);
    const message = voiceOf(told).messages.at(-1)!;
    assert.ok(message.includes(TEST_MICROPHONE), `the message names the microphone: ${message}`);
    assert.ok(told.toasts.includes(message), 'the message is shown in the window');
    await screenshot(display, 'voice-no-microphone');
  });
});
