import { MicrophoneSource } from './microphone-source.js';
import { readInputDevice } from './voice-settings.js';

/** The microphone `sovereign listen` hears when no --file stands in for it: the one chosen in Preferences › Voice. */
export async function openPreferredMicrophone(env: NodeJS.ProcessEnv = process.env): Promise<MicrophoneSource> {
  return new MicrophoneSource({ device: await readInputDevice(env), env });
}
