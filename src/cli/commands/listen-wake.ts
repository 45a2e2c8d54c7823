import { SovereignError, _, format } from '../../core/index.js';
import type { AudioSource } from '../../voice/audio-source.js';
import type { CliContext } from '../context.js';
import { terminalText } from '../terminal-text.js';
import type { MicrophoneFactory } from './listen.js';

export interface WakeListenOptions {
  file?: string;
  wakeModel?: string;
  json?: boolean;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

/**
 * `sovereign listen --wake`: listens for the wake phrase with the wake-word
 * model the user supplied and prints each time it is heard, through the same
 * detector the window listens with. A file that holds no wake phrase is a
 * not-found error, as a file with no speech is for `sovereign listen`.
 */
export async function runWakeListen(ctx: CliContext, options: WakeListenOptions, openMicrophone: MicrophoneFactory): Promise<void> {
  const [{ WavFileSource }, { WakePhraseDetector }, { readWakeModelPath }] = await Promise.all([
    import('../../voice/wav-file-source.js'),
    import('../../voice/wake-phrase-detector.js'),
    import('../../voice/voice-settings.js'),
  ]);
  const model = options.wakeModel ?? (await readWakeModelPath()) ?? '';
  const detector = await WakePhraseDetector.open({ model });
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  let heard = 0;
  let heardMs = 0;
  try {
    const source: AudioSource = options.file !== undefined ? await WavFileSource.open(options.file) : await openMicrophone();
    const write = (event: object, text: string): void => {
      ctx.stdout.write(options.json ? `${JSON.stringify(event)}\n` : `${terminalText(text)}\n`);
    };
    if (!options.json) ctx.stderr.write(`${terminalText(format(_('Listening to {source} for the wake phrase…'), { source: source.name }))}\n`);
    for await (const detection of detector.detections(source.chunks(controller.signal), controller.signal, { onEnded: (stats) => (heardMs = stats.heardMs) })) {
      heard++;
      write({ type: 'wake', ...detection }, format(_('Wake phrase heard at {at} s (score {score})'), { at: seconds(detection.atMs), score: detection.score.toFixed(2) }));
    }
    if (options.json) write({ type: 'stopped', detections: heard, heardMs }, '');
    if (heard === 0 && !controller.signal.aborted) {
      throw new SovereignError('not-found', format(_('Heard no wake phrase in {source} ({seconds} s).'), { source: source.name, seconds: seconds(heardMs) }));
    }
  } finally {
    process.off('SIGINT', stop);
    await detector.close();
  }
}
