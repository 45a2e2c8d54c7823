import { spawn } from 'node:child_process';
import { _, format, SovereignError } from '../core/index.js';
import { espeakFailure } from './espeak-failure.js';
import { espeakMissing } from './espeak-voices.js';
import { checkSpeechOptions, type SpeechOptions } from './speech-options.js';

/**
 * Writes `text` spoken by espeak-ng to a WAV file (16-bit mono, 22,050 Hz):
 * what `sovereign say --output` does. The text goes in on stdin, never as an
 * argument, so a text that starts with "-" is spoken rather than read as an
 * option.
 */
export async function writeSpeechWav(text: string, file: string, options: Partial<SpeechOptions> = {}): Promise<void> {
  if (text.trim() === '') throw new SovereignError('invalid-input', _('Nothing to say: the text is empty'));
  const { voice, rate } = checkSpeechOptions(options);
  const child = spawn('espeak-ng', ['-v', voice, '-s', String(rate), '-w', file], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => {}); // espeak exits early on a bad voice; its exit code says why
  child.stdin.end(text);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (error) => reject(espeakMissing(error)));
    child.once('close', resolve);
  });
  if (code !== 0) {
    if (/open|write|permission|directory/i.test(stderr) && !/voice/i.test(stderr)) {
      throw new SovereignError('io', format(_('cannot write {file}: {reason}'), { file, reason: stderr.trim() }));
    }
    throw espeakFailure(voice, stderr, code);
  }
}
