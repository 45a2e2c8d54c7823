import { _, format, SovereignError } from '../core/index.js';

/** How espeak-ng speaks: the voice (`espeak-ng --voices`) and the rate in words per minute. */
export interface SpeechOptions {
  voice: string;
  rate: number;
}

/** espeak-ng's own limits for -s: slower is unintelligible, faster is clipped to 450. */
export const MIN_SPEECH_RATE = 80;
export const MAX_SPEECH_RATE = 450;
export const DEFAULT_SPEECH: SpeechOptions = { voice: 'en-us', rate: 175 };

/** Checks options before a child is started, so a mistake names the option that holds it. */
export function checkSpeechOptions(options: Partial<SpeechOptions>): SpeechOptions {
  const voice = options.voice ?? DEFAULT_SPEECH.voice;
  const rate = options.rate ?? DEFAULT_SPEECH.rate;
  // espeak-ng reads -v as a file path under its data folder: no slashes up, no options.
  if (!/^[A-Za-z0-9][A-Za-z0-9_+\-\/]*$/.test(voice) || voice.includes('..')) {
    throw new SovereignError('invalid-input', format(_('No voice named “{voice}”: a voice is a name like en-us from `espeak-ng --voices`'), { voice }));
  }
  if (!Number.isInteger(rate) || rate < MIN_SPEECH_RATE || rate > MAX_SPEECH_RATE) {
    throw new SovereignError('invalid-input', format(_('Speech rate {rate} is out of range: give {min} to {max} words per minute'), { rate, min: MIN_SPEECH_RATE, max: MAX_SPEECH_RATE }));
  }
  return { voice, rate };
}
