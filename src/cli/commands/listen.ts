import { SovereignError, _, format, isSovereignError } from '../../core/index.js';
import type { AudioSource } from '../../voice/audio-source.js';
import type { DictationTarget, ListenEvent, ListenMode, VoiceCommandHandler } from '../../voice/listen.js';
import type { CliContext } from '../context.js';
import { oneLine, terminalText } from '../terminal-text.js';
import type { RegisterCommand } from './index.js';

interface ListenOptions {
  once?: boolean;
  mode: string;
  file?: string;
  model?: string;
  yes?: boolean;
  json?: boolean;
  wake?: boolean;
  wakeModel?: string;
}

/** Opens the microphone (the desktop's sound server); given by whoever wires capture in. */
export type MicrophoneFactory = () => Promise<AudioSource>;

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

/**
 * `sovereign listen`: spoken commands or dictation, from the microphone or a
 * WAV file standing in for it, through the one listening service
 * (src/voice/listen.ts) and, for commands, the same route as `sovereign do`.
 */
export function listenCommand(openMicrophone: MicrophoneFactory): RegisterCommand {
  return (program, ctx) => {
    program
      .command('listen')
      .description(_('Listen for spoken commands (or dictation) and carry them out'))
      .option('--once', _('Stop after the first thing said'))
      .option('--mode <mode>', _('command (the assistant carries it out) or dictation (the text is written out)'), 'command')
      .option('--file <wav>', _('Listen to a WAV file instead of the microphone'))
      .option('--model <file>', _('The whisper speech model (default: [ai.models] speech)'))
      .option('-y, --yes', _('Do destructive actions (delete) without asking'))
      .option('--json', _('Print one JSON object per event'))
      .option('--wake', _('Listen for the wake phrase and print each time it is heard'))
      .option('--wake-model <path>', _('The wake-word model file, or its folder (default: Preferences › Voice)'))
      .action(async (options: ListenOptions) => {
        if (options.wake) {
          if (options.once || options.mode !== 'command' || options.model !== undefined) {
            throw new SovereignError('usage', _('--wake only listens for the wake phrase: it does not take --once, --mode or --model.'));
          }
          return (await import('./listen-wake.js')).runWakeListen(ctx(), options, openMicrophone);
        }
        return runListen(ctx(), options, openMicrophone);
      });
  };
}

async function runListen(ctx: CliContext, options: ListenOptions, openMicrophone: MicrophoneFactory): Promise<void> {
  if (options.mode !== 'command' && options.mode !== 'dictation') {
    throw new SovereignError('usage', format(_('--mode must be "command" or "dictation", not "{mode}".'), { mode: options.mode }));
  }
  const mode: ListenMode = options.mode;
  // Loaded here: registering the commands must not load the voice models.
  const [{ WavFileSource }, { SpeechDetector }, { Transcriber }, { listen }, { speechModelPath }, { doCommand, withCommandRunner }] = await Promise.all([
    import('../../voice/wav-file-source.js'),
    import('../../voice/speech-detector.js'),
    import('../../voice/transcriber.js'),
    import('../../voice/listen.js'),
    import('../../voice/speech-model.js'),
    import('./assistant.js'),
  ]);
  const modelPath = options.model ?? speechModelPath(ctx.config.ai.models.speech, ctx.paths.modelsDir);
  let source: AudioSource;
  if (options.file !== undefined) source = await WavFileSource.open(options.file);
  else source = await openMicrophone();
  const transcriber = await Transcriber.open({ modelPath, threads: ctx.config.ai.threads });
  const detector = await SpeechDetector.open();
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  try {
    await withCommandRunner(ctx, async (runner) => {
      const commands: VoiceCommandHandler = async (transcript) => {
        try {
          const outcome = await doCommand(ctx, runner, transcript, {}, options.yes ?? false);
          if (outcome.intent.action === 'ask') return { status: 'question', message: _('That is a question, not a command.'), intent: outcome.intent };
          return outcome;
        } catch (error) {
          // A clarification is an answer to show, not a failure: the router asks what was meant.
          if (isSovereignError(error, 'invalid-input') && error.detail && 'choices' in error.detail) return { status: 'clarification', message: error.describe() };
          throw error;
        }
      };
      // With --json the 'dictation' event carries the text: a plain line there would break one-object-per-line.
      const dictation: DictationTarget = options.json
        ? { append: async () => undefined, newNote: async () => undefined }
        : {
            append: async (text) => void ctx.stdout.write(`${terminalText(text)}\n`),
            newNote: async (text) => void ctx.stdout.write(`${terminalText(format(_('New note: {text}'), { text }))}\n`),
          };
      for await (const event of listen({ source, detector, transcriber, mode, commands, dictation, once: options.once ?? false, signal: controller.signal })) {
        report(ctx, event, options.json ?? false);
        if (event.type === 'no-speech') throw new SovereignError('not-found', format(_('Heard no speech in {source}.'), { source: source.name }));
        if (event.type === 'error' && event.transcript === undefined) throw event.error;
      }
    });
  } finally {
    process.off('SIGINT', stop);
    await Promise.all([transcriber.close(), detector.close()]);
  }
}

function report(ctx: CliContext, event: ListenEvent, json: boolean): void {
  if (json) {
    const { samples: _unused, ...plain } = event as ListenEvent & { samples?: unknown };
    ctx.stdout.write(`${JSON.stringify(event.type === 'error' ? { type: 'error', error: event.error.toJSON(), transcript: event.transcript } : plain)}\n`);
    return;
  }
  const line = (text: string): boolean => ctx.stdout.write(`${terminalText(text)}\n`);
  switch (event.type) {
    case 'listening':
      ctx.stderr.write(`${terminalText(format(event.mode === 'command' ? _('Listening to {source} for commands…') : _('Listening to {source} for dictation…'), { source: event.source }))}\n`);
      break;
    case 'transcript':
      line(format(_('Heard ({from}–{to} s): {text}'), { from: seconds(event.startMs), to: seconds(event.endMs), text: oneLine(event.text) || _('(nothing clear)') }));
      break;
    case 'command-result':
      line(`→ ${oneLine(event.message)}`);
      break;
    case 'dictation':
      if (event.step.kind === 'stop') line(_('Dictation stopped.'));
      break;
    case 'error':
      if (event.transcript !== undefined) ctx.stderr.write(`sovereign: ${terminalText(event.error.describe())}\n`);
      break;
    default:
      break;
  }
}
