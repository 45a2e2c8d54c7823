import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { scriptedWhisperModel } from '../support/whisper-models.js';
import { xdotool } from './support/display.js';
import { openVoiceWindow, pressMicrophone, until, voiceOf, type VoiceWindow } from './support/voice-window.js';

// A spoken answer stops when the person wants to speak or presses Escape.
// The speech model is a scripted one (tests/fixtures/whisper/scripted-whisper.ts)
// that hears "Open my research notes." in anything: the assistant answers it
// (at the slowest speaking rate, so the answer lasts long enough to interrupt).
describe('interrupting a spoken answer in the window', () => {
  let voice: VoiceWindow;

  before(async () => {
    voice = await openVoiceWindow('voice-interruptions', { speechRate: 80, prepare: () => `[ai.models]\nspeech = ${JSON.stringify(scriptedWhisperModel('open-research-notes'))}\n` });
  });

  after(async () => {
    await voice?.close();
  });

  /** Says the sentence as a command and waits until its answer is being spoken. */
  async function answerBeingSpoken(): Promise<void> {
    const spokenBefore = voiceOf(voice.app.probe()!.window!).spoken.length;
    await voice.startListening();
    await voice.sound.play(voice.utterance);
    const speaking = await until(voice.app, 'the answer to be spoken', (window) => voiceOf(window).speaking && voiceOf(window).spoken.length > spokenBefore, 90_000);
    assert.equal(voiceOf(speaking).transcripts.at(-1), 'Open my research notes.');
    assert.equal(voiceOf(speaking).listening, false, 'one command per press');
  }

  test('Escape stops a spoken answer at once', async () => {
    await answerBeingSpoken();
    await xdotool(voice.display, 'key', 'Escape');
    const silenced = await until(voice.app, 'the answer to stop', (window) => !voiceOf(window).speaking && voiceOf(window).spoken.at(-1)?.stopped === true, 15_000);
    assert.equal(voiceOf(silenced).listening, false);
  });

  test('pressing the microphone to talk stops a spoken answer and listens', async () => {
    await answerBeingSpoken();
    await pressMicrophone(voice.display);
    const talking = await until(voice.app, 'the answer to stop for the person talking', (window) => !voiceOf(window).speaking && voiceOf(window).listening, 15_000);
    assert.equal(voiceOf(talking).spoken.at(-1)!.stopped, true);
    await xdotool(voice.display, 'key', 'Escape');
    await until(voice.app, 'listening to stop', (window) => !voiceOf(window).listening, 15_000);
  });
});
