import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import wavefile from 'wavefile';

/** Speech from espeak-ng: a real voice-like signal, written to `dir`. */
export function speechWav(dir: string, text: string, name = 'speech.wav'): string {
  const file = path.join(dir, name);
  execFileSync('espeak-ng', ['-w', file, text]);
  return file;
}

/** `seconds` of digital silence at 22,050 Hz (espeak-ng's rate). */
export function silenceWav(dir: string, seconds: number): string {
  const out = new wavefile.WaveFile();
  out.fromScratch(1, 22_050, '16', new Int16Array(Math.round(seconds * 22_050)));
  const file = path.join(dir, `silence-${seconds}s.wav`);
  fs.writeFileSync(file, out.toBuffer());
  return file;
}

/** `silenceSeconds` of digital silence, then the speech of `speechFile`: a "before" and "while talking" in one recording. */
export function silenceThenSpeech(dir: string, speechFile: string, silenceSeconds: number): string {
  const speech = new wavefile.WaveFile(fs.readFileSync(speechFile));
  const format = speech.fmt as { sampleRate: number };
  const samples = speech.getSamples(false, Int16Array) as unknown as Int16Array;
  const padded = new Int16Array(Math.round(silenceSeconds * format.sampleRate) + samples.length);
  padded.set(samples, padded.length - samples.length);
  const out = new wavefile.WaveFile();
  out.fromScratch(1, format.sampleRate, '16', padded);
  const file = path.join(dir, 'silence-then-speech.wav');
  fs.writeFileSync(file, out.toBuffer());
  return file;
}
