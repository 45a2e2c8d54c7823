import { spawn, type ChildProcess } from 'node:child_process';
import { _, createLogger, format, SovereignError } from '../core/index.js';
import { espeakFailure } from './espeak-failure.js';
import { espeakMissing } from './espeak-voices.js';
import { findSoundServer } from './sound-server.js';
import { checkSpeechOptions, type SpeechOptions } from './speech-options.js';

const log = createLogger('voice.speaker');

/** How a spoken answer ended. */
export interface SpokenResult {
  /** stop() cut it short (Escape, or the user started talking). */
  stopped: boolean;
  /** From speak() to the first synthesized sample reaching the player, in ms. */
  firstAudioMs: number | undefined;
}

// espeak-ng --stdout writes a canonical 44-byte WAV header (sizes left at
// 0x7fffffff because it streams): the sample rate is at byte 24, samples start at 44.
const WAV_HEADER_BYTES = 44;

interface Utterance {
  children: ChildProcess[];
  stopped: boolean;
  done: Promise<SpokenResult>;
}

/**
 * Speaks through the session's sound server: espeak-ng synthesizes to its
 * stdout, and pacat (PulseAudio's player; PipeWire serves it too) plays the
 * samples as they come, so speech starts before the sentence is done. One
 * utterance at a time: speaking again, or stop(), kills the two children,
 * which silences the sound server at once (it drops a stream's queued audio
 * when its client goes).
 */
export class Speaker {
  private current: Utterance | undefined;
  private readonly listeners = new Set<(speaking: boolean) => void>();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  get speaking(): boolean {
    return this.current !== undefined;
  }

  /** Called with true when speech starts and false when it ends or is stopped: a UI shows it and stops it on Escape. */
  onSpeakingChanged(listener: (speaking: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Speaks `text`; resolves when it has been heard or stopped, rejects on a bad voice or no sound server. */
  async speak(text: string, options: Partial<SpeechOptions> = {}): Promise<SpokenResult> {
    if (text.trim() === '') throw new SovereignError('invalid-input', _('Nothing to say: the text is empty'));
    const checked = checkSpeechOptions(options);
    // pacat speaks the PulseAudio protocol (PipeWire serves it through
    // pipewire-pulse); checking first also keeps libpulse from autospawning
    // a daemon where none runs.
    if (findSoundServer(this.env)?.kind !== 'pulse') {
      throw new SovereignError('not-found', _('cannot speak: no sound server (PipeWire with pipewire-pulse, or PulseAudio) is running in this session'), {
        hint: _('Start PipeWire or PulseAudio, then try again'),
      });
    }
    await this.stop();
    const utterance = this.start(text, checked);
    this.current = utterance;
    this.notify(true);
    try {
      return await utterance.done;
    } finally {
      if (this.current === utterance) {
        this.current = undefined;
        this.notify(false);
      }
    }
  }

  /** Silences whatever is being spoken; resolves once both children are gone. */
  async stop(): Promise<void> {
    const utterance = this.current;
    if (!utterance) return;
    utterance.stopped = true;
    // SIGKILL: neither child has anything to save, and pacat would otherwise drain first.
    for (const child of utterance.children) child.kill('SIGKILL');
    await utterance.done.catch(() => undefined);
  }

  private start(text: string, { voice, rate }: SpeechOptions): Utterance {
    const startedAt = performance.now();
    const espeak = spawn('espeak-ng', ['--stdout', '-v', voice, '-s', String(rate)], { env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const utterance: Utterance = { children: [espeak], stopped: false, done: Promise.resolve({ stopped: false, firstAudioMs: undefined }) };
    utterance.done = new Promise<SpokenResult>((resolve, reject) => {
      let espeakErrors = '';
      let playerErrors = '';
      let header = Buffer.alloc(0);
      let player: ChildProcess | undefined;
      let playerClosed: Promise<number | null> = Promise.resolve(0);
      let firstAudioMs: number | undefined;
      let failed: SovereignError | undefined;
      const fail = (error: SovereignError) => {
        failed ??= error;
        for (const child of utterance.children) child.kill('SIGKILL');
      };
      espeak.stderr!.setEncoding('utf8').on('data', (chunk: string) => (espeakErrors += chunk));
      espeak.stdin!.on('error', () => {}); // a bad voice ends espeak before it reads; its exit says why
      espeak.stdin!.end(text);
      espeak.once('error', (error) => fail(espeakMissing(error)));
      espeak.stdout!.on('data', (bytes: Buffer) => {
        if (!player) {
          header = Buffer.concat([header, bytes]);
          if (header.length < WAV_HEADER_BYTES) return;
          player = this.startPlayer(header.readUInt32LE(24));
          utterance.children.push(player);
          if (utterance.stopped) player.kill('SIGKILL');
          player.stderr!.setEncoding('utf8').on('data', (chunk: string) => (playerErrors += chunk));
          player.stdin!.on('error', () => {}); // a killed player: its exit says why
          playerClosed = new Promise((done) => {
            player!.once('error', (error) =>
              fail(new SovereignError('unsupported', _('cannot play speech: pacat (pulseaudio-utils) is not installed'), { cause: error })),
            );
            player!.once('close', done);
          });
          bytes = header.subarray(WAV_HEADER_BYTES);
        }
        if (bytes.length === 0) return;
        firstAudioMs ??= performance.now() - startedAt;
        player.stdin!.write(bytes);
      });
      espeak.once('close', (espeakCode) => {
        player?.stdin!.end();
        void playerClosed.then((playerCode) => {
          if (utterance.stopped) return resolve({ stopped: true, firstAudioMs });
          if (failed) return reject(failed);
          if (espeakCode !== 0) return reject(espeakFailure(voice, espeakErrors, espeakCode));
          if (playerCode !== 0) {
            log.debug('pacat failed', { playerCode, playerErrors });
            return reject(
              new SovereignError('not-found', format(_('cannot speak: no sound server answers ({reason})'), { reason: playerErrors.trim().split('\n')[0] ?? '' }), {
                hint: _('Start PipeWire or PulseAudio, then try again'),
              }),
            );
          }
          resolve({ stopped: false, firstAudioMs });
        });
      });
    });
    return utterance;
  }

  private startPlayer(sampleRate: number): ChildProcess {
    return spawn(
      'pacat',
      ['--playback', '--raw', '--format=s16le', `--rate=${sampleRate}`, '--channels=1', '--client-name=Sovereign', `--stream-name=${_('Spoken answer')}`],
      { env: this.env, stdio: ['pipe', 'ignore', 'pipe'] },
    );
  }

  private notify(speaking: boolean): void {
    for (const listener of this.listeners) {
      try {
        listener(speaking);
      } catch (error) {
        log.warn('a speaking listener failed', { error });
      }
    }
  }
}
