import { execFile } from 'node:child_process';
import { _, SovereignError } from '../core/index.js';

/** A voice espeak-ng can speak with. */
export interface SpeechVoice {
  /** What `-v` takes and Preferences stores: "en-us". */
  id: string;
  /** "English (America)". */
  name: string;
}

/**
 * The voices `espeak-ng --voices` lists, one per language code. MBROLA
 * voices (files under mb/) are left out: they are listed even when the
 * separate mbrola data packages that make them speak are not installed.
 */
export async function listSpeechVoices(): Promise<SpeechVoice[]> {
  const output = await new Promise<string>((resolve, reject) => {
    execFile('espeak-ng', ['--voices'], { timeout: 10_000 }, (error, stdout) => {
      if (error) reject(espeakMissing(error));
      else resolve(stdout);
    });
  });
  const voices = new Map<string, SpeechVoice>();
  // "Pty Language       Age/Gender VoiceName          File   Other Languages"
  for (const line of output.split('\n').slice(1)) {
    const [, id, name, file] = /^\s*\d+\s+(\S+)\s+\S+\s+(\S+)\s+(\S+)/.exec(line) ?? [];
    if (!id || !name || !file || file.startsWith('mb/') || voices.has(id)) continue;
    voices.set(id, { id, name: name.replaceAll('_', ' ') });
  }
  return [...voices.values()];
}

export function espeakMissing(cause: unknown): SovereignError {
  return new SovereignError('unsupported', _('cannot speak: espeak-ng is not installed'), { hint: _('Install the espeak-ng package'), cause });
}
