import path from 'node:path';
import type { TestSoundServer } from '../../support/test-sound-server.js';
import { whiteNoise, writeWav } from '../../support/voice-audio.js';
import { pressAccessible } from './accessible-tree.js';
import { waitFor, type TestDisplay } from './display.js';
import type { EditorProbe, ProbeState, SovereignApp } from './sovereign-app.js';

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
