import { spawn } from 'node:child_process';
import { _, createLogger, format, SovereignError } from '../core/index.js';
import { VOICE_SAMPLE_RATE, type AudioSource } from './audio-source.js';
import { levelOf, type AudioLevel } from './audio-level.js';
import { RollingAudioBuffer } from './rolling-audio-buffer.js';
import { S16Decoder } from './s16-decoder.js';
import { SampleBatcher } from './sample-batcher.js';
import { findSoundServer, type SoundServer } from './sound-server.js';

const log = createLogger('voice.microphone');

export interface MicrophoneOptions {
  /** The sound server's source name (from listInputDevices); the session's default when absent. */
  device?: string;
  /** The device's human name, for messages and `name`; `device` when absent. */
  description?: string;
  /** How much recent audio `recent()` keeps. */
  bufferSeconds?: number;
  /** Called with each chunk's level, for a meter. */
  onLevel?: (level: AudioLevel) => void;
  /** The environment that locates the sound server (PULSE_SERVER, XDG_RUNTIME_DIR). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Two seconds before the moment speech is noticed is enough for a word's
 * onset (Silero VAD needs ~100-250 ms to decide) and for a push-to-talk key
 * pressed after the first word began; at 16 kHz it is 128 KiB of floats.
 */
const DEFAULT_BUFFER_SECONDS = 2;

/**
 * Chunks of 40 ms: 25 a second, near the level meter's ~30 frames a second
 * and shorter than the 100-250 ms Silero VAD takes to decide; the sound
 * server's own 10 ms cost the main loop four times as many rounds of work.
 */
export const MICROPHONE_CHUNK_MS = 40;
const CHUNK_SAMPLES = (VOICE_SAMPLE_RATE * MICROPHONE_CHUNK_MS) / 1000;

/**
 * The microphone through the desktop's sound server: a `gst-launch-1.0`
 * child (pulsesrc or pipewiresrc → audioconvert → audioresample → S16LE
 * 16 kHz mono on its stdout). A child process rather than GStreamer in this
 * process: src/voice may not load GObject bindings, the CLI runs it with no
 * GTK at all, and a crashing audio stack takes only the child with it.
 * Nothing is written to disk: samples go from the pipe to the caller and the
 * in-memory rolling buffer.
 */
export class MicrophoneSource implements AudioSource {
  readonly name: string;
  private readonly buffer: RollingAudioBuffer;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: MicrophoneOptions = {}) {
    this.name = options.description ?? options.device ?? _('Default microphone');
    this.buffer = new RollingAudioBuffer(options.bufferSeconds ?? DEFAULT_BUFFER_SECONDS, VOICE_SAMPLE_RATE);
    this.env = options.env ?? process.env;
  }

  /** The newest audio heard, oldest first (at most bufferSeconds). */
  recent(seconds?: number): Float32Array {
    return this.buffer.recent(seconds);
  }

  async *chunks(signal: AbortSignal): AsyncIterable<Float32Array> {
    const server = findSoundServer(this.env);
    if (!server) {
      throw new SovereignError('not-found', _('No microphone found: no sound server (PipeWire or PulseAudio) is running in this session'), {
        hint: _('Start PipeWire or PulseAudio, then try again'),
      });
    }
    const device = this.options.device;
    // gst-launch parses its arguments as one pipeline description: a name
    // with "!" or spaces would splice elements into it. Sound servers name
    // sources with letters, digits and . _ - : @ + only.
    if (device !== undefined && !/^[\w.:@+-]+$/.test(device)) {
      throw new SovereignError('invalid-input', format(_('“{device}” is not an input device name of the sound server'), { device }), {
        hint: _('Choose an input device in Preferences › Voice'),
      });
    }
    if (signal.aborted) return;
    this.buffer.clear();
    const child = spawn('gst-launch-1.0', ['-q', ...this.pipeline(server)], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let spawnError: Error | undefined;
    const closed = new Promise<number | null>((resolve) => {
      child.once('error', (error) => {
        spawnError = error;
        resolve(null);
      });
      child.once('close', (code) => resolve(code));
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      // The first error is the telling one; keep a bounded amount.
      if (stderr.length < 4096) stderr += text;
    });
    // SIGTERM's default action ends gst-launch at once (it handles only
    // SIGINT), well inside the ~100 ms a stop must take.
    const stop = () => child.kill('SIGTERM');
    signal.addEventListener('abort', stop, { once: true });
    const decoder = new S16Decoder();
    const batcher = new SampleBatcher(CHUNK_SAMPLES);
    const hand = (samples: Float32Array): Float32Array => {
      this.buffer.push(samples);
      this.options.onLevel?.(levelOf(samples));
      return samples;
    };
    try {
      reading: for await (const bytes of child.stdout as AsyncIterable<Buffer>) {
        for (const samples of batcher.push(decoder.decode(bytes))) {
          yield hand(samples);
          if (signal.aborted) break reading;
        }
      }
      const code = await closed;
      if (signal.aborted) {
        // What was heard before the stop is not lost: push-to-talk let go mid-word still transcribes it.
        const rest = batcher.flush();
        if (rest) yield hand(rest);
        return;
      }
      throw this.failure(server, stderr, code, spawnError);
    } finally {
      signal.removeEventListener('abort', stop);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      // Reap the child before returning, so no zombie outlives the iteration.
      await closed;
    }
  }

  private pipeline(server: SoundServer): string[] {
    const source: string[] = [server.element];
    if (this.options.device) source.push(server.kind === 'pulse' ? `device=${this.options.device}` : `target-object=${this.options.device}`);
    // client-name is what pavucontrol and GNOME Settings show as the recording app.
    if (server.kind === 'pulse') source.push('client-name=Sovereign');
    // pulsesrc reads 10 ms at a time by default: a pipe read (a wake-up of the main loop) per 10 ms. PipeWire's
    // quantum is set by the graph; the batcher evens out whatever arrives.
    if (server.kind === 'pulse') source.push(`latency-time=${MICROPHONE_CHUNK_MS * 1000}`);
    return [...source, '!', 'audioconvert', '!', 'audioresample', '!', `audio/x-raw,format=S16LE,rate=${VOICE_SAMPLE_RATE},channels=1`, '!', 'fdsink', 'fd=1'];
  }

  /** What went wrong, in words, from how gst-launch ended. */
  private failure(server: SoundServer, stderr: string, code: number | null, spawnError: Error | undefined): SovereignError {
    const device = this.name;
    const detail = { device: this.options.device ?? null, server: server.address, code, stderr: stderr.slice(0, 1000) };
    log.debug('microphone capture ended', detail);
    if (spawnError) {
      return new SovereignError('unsupported', _('cannot record from the microphone: gst-launch-1.0 (GStreamer) is not installed'), {
        hint: _('Install gstreamer1.0-tools and gstreamer1.0-pulseaudio'),
        cause: spawnError,
        detail,
      });
    }
    if (/Connection refused|Failed to connect:|No such file or directory/i.test(stderr)) {
      return new SovereignError('not-found', format(_('No microphone found: the sound server at {address} does not answer'), { address: server.address }), {
        hint: _('Start PipeWire or PulseAudio, then try again'),
        detail,
      });
    }
    if (/No such entity|target not found|not found/i.test(stderr)) {
      return new SovereignError('not-found', format(_('No microphone found named “{device}”'), { device }), {
        hint: _('Choose another input device in Preferences › Voice'),
        detail,
      });
    }
    // Anything else after audio flowed: the device went away (unplugged,
    // its module unloaded, the server restarted) or the stream ended.
    return new SovereignError('io', format(_('The microphone “{device}” stopped: it was unplugged or the sound server closed it'), { device }), {
      hint: _('Plug it back in or choose another input device in Preferences › Voice'),
      detail,
    });
  }
}
