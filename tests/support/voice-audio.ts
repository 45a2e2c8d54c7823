import fs from 'node:fs';
import path from 'node:path';
import wavefile from 'wavefile';
import { repoRoot } from './repo.js';

/** 11 s of real speech, 16 kHz mono 16-bit (tests/fixtures/voice/README.md). */
export const jfkWav: string = path.join(repoRoot, 'tests', 'fixtures', 'voice', 'jfk.wav');

/** jfk.wav's samples as floats in [-1, 1], read straight from the file's 16-bit PCM. */
export function jfkSamples(): Float32Array {
  const bytes = fs.readFileSync(jfkWav);
  const wav = new wavefile.WaveFile(bytes);
  const pcm = wav.getSamples(false, Int16Array) as unknown as Int16Array;
  return Float32Array.from(pcm, (value) => value / 32768);
}

/** Seconds of digital silence at `rate`. */
export function silence(seconds: number, rate = 16_000): Float32Array {
  return new Float32Array(Math.round(seconds * rate));
}

/** White noise of the given peak amplitude, from a fixed seed so every run hears the same noise. */
export function whiteNoise(seconds: number, amplitude: number, seed = 7): Float32Array {
  const out = new Float32Array(Math.round(seconds * 16_000));
  let state = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = ((state / 0xffffffff) * 2 - 1) * amplitude;
  }
  return out;
}

export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Writes 16-bit PCM WAV with the given channels (each a float array in [-1, 1]) at `rate`. */
export function writeWav(file: string, channels: Float32Array[], rate: number, bitDepth: '16' | '32f' = '16'): string {
  const wav = new wavefile.WaveFile();
  const scaled = bitDepth === '16' ? channels.map((channel) => Int16Array.from(channel, (value) => Math.max(-32768, Math.min(32767, Math.round(value * 32767))))) : channels;
  wav.fromScratch(channels.length, rate, bitDepth, scaled.map((channel) => Array.from(channel)));
  fs.writeFileSync(file, wav.toBuffer());
  return file;
}

/** Simple linear resampling for building test input at other rates (the code under test uses wavefile's). */
export function resampleLinear(samples: Float32Array, from: number, to: number): Float32Array {
  const out = new Float32Array(Math.floor((samples.length * to) / from));
  for (let i = 0; i < out.length; i++) {
    const at = (i * from) / to;
    const low = Math.floor(at);
    const frac = at - low;
    out[i] = (samples[low] ?? 0) * (1 - frac) + (samples[low + 1] ?? samples[low] ?? 0) * frac;
  }
  return out;
}
