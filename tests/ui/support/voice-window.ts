import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { APP_ID } from '../../../src/core/index.js';
import { startTestSoundServer, TEST_MICROPHONE, type TestSoundServer } from '../../support/test-sound-server.js';
import { concat, jfkSamples, silence, whiteNoise, writeWav } from '../../support/voice-audio.js';
import { pressAccessible } from './accessible-tree.js';
import { startDisplay, waitFor, type TestDisplay } from './display.js';
import { SovereignApp, appEnv, type EditorProbe, type ProbeState } from './sovereign-app.js';

const run = promisify(execFile);

/** What the window's voice reports to the probe (src/ui/window-voice.ts). */
export interface VoiceProbe {
  listening: boolean;
  mode: 'command' | 'dictation' | null;
  label: string;
  transcripts: string[];
  answers: { status: string; message: string }[];
  dictated: string[];
  messages: string[];
  speaking: boolean;
  spoken: { text: string; firstAudioMs: number | null; stopped: boolean }[];
  meter: number;
  meterShown: boolean;
}

export type WindowProbe = NonNullable<ProbeState['window']>;
export const voiceOf = (window: WindowProbe): VoiceProbe => (window as unknown as { voice: VoiceProbe }).voice;
export const editorOf = (window: WindowProbe): EditorProbe | null => window.panelStates[0]?.editor ?? null;

/** Waits on the probe; a timeout says what the voice was doing (the whole window state is cut short in the message). */
export async function until(app: SovereignApp, what: string, predicate: (window: WindowProbe) => boolean, timeoutMs?: number): Promise<WindowProbe> {
  try {
    return await app.until(what, predicate, timeoutMs);
  } catch (error) {
    const window = app.probe()?.window;
    throw new Error(`${(error as Error).message.slice(0, 120)}… voice: ${JSON.stringify(window ? voiceOf(window) : null)}, command bar: ${JSON.stringify(window?.commandBar ?? null)}, toasts: ${JSON.stringify(window?.toasts ?? null)}`, { cause: error });
  }
}

/** Presses the taskbar's microphone button through AT-SPI, again while the accessible tree is still being rebuilt (a panel just closed). */
export async function pressMicrophone(display: TestDisplay): Promise<void> {
  await waitFor('the Microphone button', async () => {
    await pressAccessible(display, 'Sovereign', 'Microphone');
    return true;
  }, 30_000);
}

/**
 * Waits until the window's microphone really hears: listening shows at once,
 * but the recording process can take seconds to start on a loaded machine,
 * and a short sentence played before that is never heard. Faint noise (far
 * below speech for the speech detector) is played until the level meter
 * moves.
 */
export async function untilMicrophoneHears(app: SovereignApp, sound: TestSoundServer, dir: string): Promise<void> {
  const noise = writeWav(path.join(dir, 'faint-noise.wav'), [whiteNoise(60, 0.003)], 16_000);
  const playing = sound.startPlaying(noise);
  try {
    await until(app, 'the level meter to show the faint noise', (window) => voiceOf(window).meter > 0.1, 60_000);
  } finally {
    playing.kill();
  }
}

/** A window that listens to the private sound server's test microphone, pressed through AT-SPI. */
export interface VoiceWindow {
  display: TestDisplay;
  app: SovereignApp;
  sound: TestSoundServer;
  /** One sentence of real speech (jfk.wav's first, 4 s with the pauses around it): one utterance for the speech detector. */
  utterance: string;
  /** Presses the microphone and waits until it hears; returns how many messages the window had said before. */
  startListening(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts the sound server, the display and the window with push-to-talk
 * toggled (a test cannot hold a button through AT-SPI) on the test
 * microphone. `prepare` runs before the window starts (models to install)
 * and returns config.toml lines; `speechRate` slows spoken answers.
 */
export async function openVoiceWindow(name: string, options: { prepare?: (display: TestDisplay) => Promise<string> | string; speechRate?: number } = {}): Promise<VoiceWindow> {
  const sound = await startTestSoundServer();
  const display = await startDisplay({ width: 1200, height: 800 });
  // The microphone button is pressed through AT-SPI.
  delete display.env['NO_AT_BRIDGE'];
  const env = appEnv(display, '/dev/null');
  await run('gsettings', ['set', APP_ID, 'voice-push-to-talk-mode', 'toggled'], { env });
  await run('gsettings', ['set', APP_ID, 'voice-input-device', TEST_MICROPHONE], { env });
  if (options.speechRate) await run('gsettings', ['set', APP_ID, 'voice-speech-rate', String(options.speechRate)], { env });
  const utterance = writeWav(path.join(display.home, 'one-sentence.wav'), [concat(silence(0.3), jfkSamples().subarray(0, Math.round(2.6 * 16_000)), silence(1.2))], 16_000);
  const config = (await options.prepare?.(display)) ?? '';
  const app = new SovereignApp(display, name, { env: { PULSE_SERVER: sound.env['PULSE_SERVER'] }, config });
  await app.until('the window', (window) => voiceOf(window) !== undefined, 120_000);
  return {
    display,
    app,
    sound,
    utterance,
    startListening: async () => {
      const before = voiceOf(app.probe()!.window!).messages.length;
      await pressMicrophone(display);
      await until(app, 'listening', (window) => voiceOf(window).listening, 30_000);
      await untilMicrophoneHears(app, sound, display.home);
      return before;
    },
    close: async () => {
      await app.stop();
      await display.close();
      await sound.stop();
    },
  };
}
