import fs from 'node:fs/promises';
import path from 'node:path';
import wavefile from 'wavefile';
import { SovereignError, messageOf } from '../core/errors.js';
import { _, format } from '../core/i18n.js';
import { VOICE_SAMPLE_RATE, type AudioSource } from './audio-source.js';

/** 100 ms: small enough that the detector sees speech end promptly, large enough to cost little per chunk. */
const CHUNK_SAMPLES = VOICE_SAMPLE_RATE / 10;

/** WAVE_FORMAT_PCM, WAVE_FORMAT_IEEE_FLOAT and WAVE_FORMAT_EXTENSIBLE (PCM or float inside). */
const READABLE_FORMATS = new Set([1, 3, 0xfffe]);

/** The parts of wavefile's loosely typed chunks this file reads. */
interface WaveFormat {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
}
interface WaveData {
  chunkSize: number;
  samples: Uint8Array;
}

/**
 * A WAV file standing in for the microphone (`sovereign listen --file`): any
 * PCM or float WAV, at any sample rate and channel count, decoded once and
 * handed out as 16 kHz mono like the microphone's chunks.
 */
export class WavFileSource implements AudioSource {
  readonly name: string;
  /** The whole recording, 16 kHz mono. */
  readonly samples: Float32Array;

  private constructor(name: string, samples: Float32Array) {
    this.name = name;
    this.samples = samples;
  }

  /** Reads and decodes `file`; a file that is not a readable WAV is a SovereignError naming it and the cause. */
  static async open(file: string): Promise<WavFileSource> {
    const name = path.basename(file);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new SovereignError(
        code === 'ENOENT' ? 'not-found' : 'io',
        format(_('Cannot read {file}: {reason}.'), { file, reason: code === 'ENOENT' ? _('there is no such file') : messageOf(error) }),
        { cause: error },
      );
    }
    return new WavFileSource(name, decodeWav(bytes, file));
  }

  async *chunks(signal: AbortSignal): AsyncIterable<Float32Array> {
    for (let start = 0; start < this.samples.length; start += CHUNK_SAMPLES) {
      if (signal.aborted) return;
      yield this.samples.subarray(start, start + CHUNK_SAMPLES);
      // A file is read faster than real time; yielding to the loop keeps a
      // long file from holding it for the whole decode-and-detect pass.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

function notWav(file: string, reason: string, cause?: unknown): SovereignError {
  return new SovereignError('invalid-input', format(_('Cannot listen to {file}: {reason}.'), { file, reason }), cause === undefined ? {} : { cause });
}

/** Decodes WAV bytes to 16 kHz mono floats in [-1, 1]. */
export function decodeWav(bytes: Uint8Array, file: string): Float32Array {
  if (bytes.length === 0) throw notWav(file, _('the file is empty'));
  const riff = Buffer.from(bytes.subarray(0, 4)).toString('latin1');
  const wave = Buffer.from(bytes.subarray(8, 12)).toString('latin1');
  if (!['RIFF', 'RIFX', 'RF64'].includes(riff) || wave !== 'WAVE') throw notWav(file, _('it is not a WAV file'));
  let wav: wavefile.WaveFile;
  try {
    wav = new wavefile.WaveFile(bytes);
  } catch (error) {
    // wavefile says "Could not find the "data" chunk" for a header cut short.
    throw notWav(file, format(_('the WAV header is truncated or damaged ({reason})'), { reason: messageOf(error) }), error);
  }
  const fmt = wav.fmt as WaveFormat;
  const data = wav.data as WaveData;
  if (!READABLE_FORMATS.has(fmt.audioFormat)) {
    throw notWav(file, format(_('its audio is compressed (WAV format {code}); only PCM and float WAV files can be read'), { code: fmt.audioFormat }));
  }
  if (fmt.numChannels < 1 || fmt.sampleRate < 1) throw notWav(file, _('the WAV header is damaged (no channels or no sample rate)'));
  if (data.samples.length < data.chunkSize) {
    throw notWav(file, format(_('the file is truncated: its header promises {expected} bytes of audio but only {actual} are there'), { expected: data.chunkSize, actual: data.samples.length }));
  }
  if (data.samples.length === 0) throw notWav(file, _('it holds no audio'));
  // Read before converting: toBitDepth replaces wav.fmt and zeroes the old object.
  const sampleRate = fmt.sampleRate;
  try {
    wav.toBitDepth('32f');
    if (sampleRate !== VOICE_SAMPLE_RATE) wav.toSampleRate(VOICE_SAMPLE_RATE);
  } catch (error) {
    throw notWav(file, format(_('its audio cannot be converted ({reason})'), { reason: messageOf(error) }), error);
  }
  return toMono(wav.getSamples(false, Float32Array) as unknown as Float32Array | Float32Array[]);
}

/** The average of the channels: a stereo recording of one speaker becomes one voice, not two. */
function toMono(channels: Float32Array | Float32Array[]): Float32Array {
  if (!Array.isArray(channels)) return channels;
  if (channels.length === 1) return channels[0] ?? new Float32Array(0);
  const length = channels[0]?.length ?? 0;
  const mono = new Float32Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) mono[i] = (mono[i] ?? 0) + (channel[i] ?? 0) / channels.length;
  return mono;
}
