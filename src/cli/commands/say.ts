import type { Command } from 'commander';
import { _, format, SovereignError } from '../../core/index.js';
import { listSpeechVoices } from '../../voice/espeak-voices.js';
import { Speaker } from '../../voice/speaker.js';
import { writeSpeechWav } from '../../voice/speech-file.js';
import { MAX_SPEECH_RATE, MIN_SPEECH_RATE } from '../../voice/speech-options.js';
import { readSpeechSettings } from '../../voice/voice-settings.js';
import type { CliContext } from '../context.js';
import { wholeNumber } from '../number-options.js';
import { formatTable, printResult } from '../output.js';
import type { RegisterCommand } from './index.js';

interface SayOptions {
  output?: string;
  voice?: string;
  rate?: number;
  listVoices?: boolean;
  json?: boolean;
}

/** `sovereign say TEXT [--output WAV] [--voice V] [--rate WPM]`: the spoken answers' voice, from the command line. */
export const register: RegisterCommand = (program: Command, context: () => CliContext) => {
  program
    .command('say')
    .description(_('Speak a text aloud with the voice chosen in Preferences, or write it to a WAV file'))
    .argument('[text...]', _('What to say'))
    .option('-o, --output <wav>', _('Write the speech to this WAV file instead of playing it'))
    .option('--voice <voice>', _('An espeak-ng voice such as en-us (see --list-voices)'))
    .option('--rate <wpm>', format(_('Words per minute ({min} to {max})'), { min: MIN_SPEECH_RATE, max: MAX_SPEECH_RATE }), wholeNumber('--rate', MIN_SPEECH_RATE, MAX_SPEECH_RATE))
    .option('--list-voices', _('List the voices instead of speaking'))
    .option('--json', _('Print JSON'))
    .action(async (words: string[], options: SayOptions) => {
      const ctx = context();
      if (options.listVoices) {
        const voices = await listSpeechVoices();
        printResult(ctx, Boolean(options.json), voices, () => formatTable([_('Voice'), _('Name')], voices.map((voice) => [voice.id, voice.name])));
        return;
      }
      const text = words.join(' ');
      if (text.trim() === '') throw new SovereignError('usage', _('Nothing to say: give the text, e.g. sovereign say "Hello"'));
      const chosen = await readSpeechSettings();
      const speech = { voice: options.voice ?? chosen.voice, rate: options.rate ?? chosen.rate };
      if (options.output) {
        await writeSpeechWav(text, options.output, speech);
        printResult(ctx, Boolean(options.json), { output: options.output, ...speech }, () => format(_('Wrote {file}'), { file: options.output! }));
        return;
      }
      const speaker = new Speaker();
      // Ctrl+C silences the speech at once instead of leaving a player behind.
      const interrupt = () => void speaker.stop();
      process.once('SIGINT', interrupt);
      try {
        const result = await speaker.speak(text, speech);
        if (options.json) printResult(ctx, true, { ...speech, ...result }, () => '');
      } finally {
        process.off('SIGINT', interrupt);
      }
    });
};
