import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ModelRoles } from '../../src/ai/manager/model-roles.js';
import { SpeechModelStore } from '../../src/voice/speech-model-store.js';
import { cliEntry } from '../support/repo.js';
import type { TestSoundServer } from '../support/test-sound-server.js';
import { scriptedWhisperModel } from '../support/whisper-models.js';
import { screenshot, type TestDisplay } from './support/display.js';
import { appEnv, type SovereignApp } from './support/sovereign-app.js';
import { editorOf, openVoiceWindow, until, voiceOf, type VoiceWindow } from './support/voice-window.js';

const run = promisify(execFile);

// Scripted whisper models (tests/fixtures/whisper/scripted-whisper.ts): real
// whisper.cpp whose weights say one known sentence whatever they hear, so the
// spoken phrases "take a note: …" and "stop dictation" can be heard by their words.
describe('"take a note" said to the window', () => {
  let voice: VoiceWindow;
  let display: TestDisplay;
  let app: SovereignApp;
  let sound: TestSoundServer;
  let utterance: string;

  before(async () => {
    voice = await openVoiceWindow('voice-take-a-note', {
      prepare: async (shown) => {
        const modelsDir = path.join(shown.home, 'data', 'sovereign', 'models');
        const store = new SpeechModelStore(modelsDir);
        await store.add(scriptedWhisperModel('take-a-note'), { name: 'take-a-note' });
        await store.add(scriptedWhisperModel('stop-dictation'), { name: 'stop-dictation' });
        await new ModelRoles(modelsDir).writeSpeech('take-a-note');
        return '';
      },
    });
    ({ display, app, sound, utterance } = voice);
  });

  after(async () => {
    await voice?.close();
  });

  test('"Take a note: buy fern compost." opens a new note dictating "buy fern compost."; "Stop dictation." ends it and the note is saved', async () => {
    await voice.startListening();
    assert.equal(voiceOf(app.probe()!.window!).mode, 'command');
    await sound.play(utterance);

    const dictating = await until(app, 'dictation into a new note', (window) => voiceOf(window).mode === 'dictation' && (editorOf(window)?.text ?? '').includes('buy fern compost.'), 90_000);
    assert.deepEqual(voiceOf(dictating).transcripts, ['Take a note: buy fern compost.']);
    assert.equal(voiceOf(dictating).label, `Dictating into ${dictating.panelStates[0]!.title}`);
    assert.equal(editorOf(dictating)!.focused, true, "the new note's editor has the cursor");
    assert.equal(editorOf(dictating)!.text, 'buy fern compost.');
    assert.equal(voiceOf(dictating).listening, true, 'dictation goes on after the note opens');
    assert.deepEqual(voiceOf(dictating).answers, [], 'the phrase is not sent to the assistant as a command');
    await screenshot(display, 'voice-take-a-note-dictating');

    // The speech model setting changes while dictating: the next utterance is heard by the model it names now.
    const env = { ...appEnv(display, '/dev/null'), PULSE_SERVER: sound.env['PULSE_SERVER'] };
    const used = await run(process.execPath, [cliEntry, 'models', 'use', 'stop-dictation'], { env, timeout: 60_000 });
    assert.match(used.stdout, /stop-dictation is now the speech model/);
    await sound.play(utterance);

    const stopped = await until(app, 'dictation to stop and the note to be saved', (window) => !voiceOf(window).listening && editorOf(window)?.saveState === 'saved', 90_000);
    assert.deepEqual(voiceOf(stopped).transcripts, ['Take a note: buy fern compost.', 'Stop dictation.']);
    assert.deepEqual(voiceOf(stopped).dictated, ['buy fern compost.']);
    assert.equal(editorOf(stopped)!.savedText, 'buy fern compost.', '"Stop dictation." itself is not written into the note');
    assert.equal(voiceOf(stopped).label, '');
    assert.equal(voiceOf(stopped).meterShown, false);
    assert.deepEqual(voiceOf(stopped).messages, []);
    await screenshot(display, 'voice-take-a-note-stopped');
  });
});
