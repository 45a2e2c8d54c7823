import { execFile } from 'node:child_process';
import { APP_ID } from '../core/index.js';
import { DEFAULT_SPEECH, type SpeechOptions } from './speech-options.js';

/** The GSettings keys (data/org.sovereign.Sovereign.gschema.xml) Preferences › Voice writes. */
export const VOICE_KEYS = {
  inputDevice: 'voice-input-device',
  speechVoice: 'voice-speech-voice',
  speechRate: 'voice-speech-rate',
  pushToTalkMode: 'voice-push-to-talk-mode',
  wakePhraseEnabled: 'voice-wake-phrase-enabled',
  wakeModelPath: 'voice-wake-model-path',
} as const;

function gsettingsGet(key: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('gsettings', ['get', APP_ID, key], { env, timeout: 5_000 }, (error, stdout) => resolve(error ? undefined : stdout.trim()));
  });
}

/**
 * The voice and rate chosen in Preferences, for `sovereign say` and the
 * D-Bus service: read with the `gsettings` tool because only src/ui may load
 * Gio, and Gio.Settings aborts the process when the schema is not installed.
 * Anything unreadable falls back to the defaults, never fails.
 */
export async function readSpeechSettings(env: NodeJS.ProcessEnv = process.env): Promise<SpeechOptions> {
  const [voice, rate] = await Promise.all([gsettingsGet(VOICE_KEYS.speechVoice, env), gsettingsGet(VOICE_KEYS.speechRate, env)]);
  // gsettings prints a string as 'en-us' (voice ids have no quotes to escape) and an int32 as 175.
  const voiceId = voice?.match(/^'([^'\\]+)'$/)?.[1];
  const rateValue = rate !== undefined && /^\d+$/.test(rate) ? Number(rate) : undefined;
  return { voice: voiceId ?? DEFAULT_SPEECH.voice, rate: rateValue ?? DEFAULT_SPEECH.rate };
}

/** The input device chosen in Preferences › Voice; undefined means the session's default. */
export async function readInputDevice(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  // Source names have no quotes to escape; '' is the "default" choice.
  const name = (await gsettingsGet(VOICE_KEYS.inputDevice, env))?.match(/^'([^'\\]*)'$/)?.[1];
  return name ? name : undefined;
}

/** The wake-word model chosen in Preferences › Voice; undefined when none is set. */
export async function readWakeModelPath(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const printed = await gsettingsGet(VOICE_KEYS.wakeModelPath, env);
  // gsettings prints a string in single quotes, escaping ' and \ inside.
  const path = printed?.match(/^'((?:[^'\\]|\\.)*)'$/)?.[1]?.replace(/\\(.)/g, '$1');
  return path ? path : undefined;
}
