/**
 * Voice benchmark with generated random-weight whisper models (tiny- and
 * base-shaped) on jfk.wav: real-time factor of transcription (one thread, the
 * encoder sized to each utterance), the speech detector's cost per second of
 * audio, end of speech → routed intent for a ~3 s command (goal ≤ 1.5 s with
 * tiny), and the main loop's lag p99 while detecting and transcribing.
 * A random model's decoder may run longer than a real one's (it does not
 * stop on its own as readily), so the RTF here is an upper bound.
 * Prints JSON, then a table.
 *
 *   node build/tests/bench/voice/voice.bench.js
 */
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { routeCommand } from '../../../src/assistant/route-command.js';
import { loadWorkspaceModel } from '../../../src/workspace/index.js';
import { SpeechDetector, type Utterance } from '../../../src/voice/speech-detector.js';
import { Transcriber } from '../../../src/voice/transcriber.js';
import { openMemoryStore } from '../../../src/store/index.js';
import { concat, jfkSamples, silence } from '../../support/voice-audio.js';
import { generatedWhisperModel } from '../../support/whisper-models.js';

const RATE = 16_000;
const loadAverage = (): string => os.loadavg().map((value) => value.toFixed(2)).join(' ');
const loadAtStart = loadAverage();

async function* chunksOf(samples: Float32Array): AsyncGenerator<Float32Array> {
  for (let at = 0; at < samples.length; at += RATE / 10) yield samples.subarray(at, at + RATE / 10);
}

async function detect(detector: SpeechDetector, samples: Float32Array): Promise<Utterance[]> {
  const found: Utterance[] = [];
  for await (const utterance of detector.utterances(chunksOf(samples), new AbortController().signal)) found.push(utterance);
  return found;
}

const lag = monitorEventLoopDelay({ resolution: 1 });
const p99 = (): number => Math.round((lag.percentile(99) / 1e6) * 10) / 10;

// Speech detection cost per second of audio (one minute of speech and pauses).
const detector = await SpeechDetector.open();
const minute = concat(...Array.from({ length: 5 }, () => concat(jfkSamples(), silence(1))));
lag.enable();
let started = performance.now();
const minuteUtterances = await detect(detector, minute);
const vadMs = performance.now() - started;
lag.disable();
const vad = { audioSeconds: Math.round(minute.length / RATE), utterances: minuteUtterances.length, ms: Math.round(vadMs), msPerAudioSecond: Math.round((vadMs / (minute.length / RATE)) * 10) / 10, mainLoopLagP99Ms: p99() };
lag.reset();

const jfkUtterances = await detect(detector, jfkSamples());
// The ~3 s command: jfk's first sentence with a pause after it.
const command = concat(silence(0.3), jfkSamples().subarray(0, 3 * RATE), silence(1));
const store = await openMemoryStore();
const workspace = await loadWorkspaceModel(store);

async function benchModel(label: string, file: string) {
  started = performance.now();
  const transcriber = await Transcriber.open({ modelPath: file, threads: 1 });
  const loadMs = Math.round(performance.now() - started);
  lag.reset();
  lag.enable();
  let audioMs = 0;
  let transcribeMs = 0;
  for (const utterance of jfkUtterances) {
    const at = performance.now();
    await transcriber.transcribe(utterance.samples);
    transcribeMs += performance.now() - at;
    audioMs += utterance.endMs - utterance.startMs;
  }
  lag.disable();
  // End of speech → routed intent: from the moment the detector hands over
  // the finished utterance (it has heard the pause that ends it) to the intent.
  const latencies: number[] = [];
  for (let run = 0; run < 3; run++) {
    for await (const utterance of detector.utterances(chunksOf(command), new AbortController().signal)) {
      const endOfSpeech = performance.now();
      const segments = await transcriber.transcribe(utterance.samples);
      routeCommand(segments.map((segment) => segment.text).join(' '), workspace);
      latencies.push(performance.now() - endOfSpeech);
      break;
    }
  }
  await transcriber.close();
  latencies.sort((a, b) => a - b);
  return {
    label,
    loadMs,
    utterances: jfkUtterances.length,
    audioMs,
    transcribeMs: Math.round(transcribeMs),
    realTimeFactor: Math.round((transcribeMs / audioMs) * 100) / 100,
    endOfSpeechToIntentMsMedian: Math.round(latencies[1] ?? 0),
    endOfSpeechToIntentMsRuns: latencies.map(Math.round),
    mainLoopLagP99Ms: p99(),
    loadAverage: loadAverage(),
  };
}

const models = [
  await benchModel('tiny-shaped (f16)', generatedWhisperModel('whisper-tiny-shaped.bin')),
  await benchModel('base-shaped (f16)', generatedWhisperModel('whisper-base-shaped.bin')),
];
await detector.close();
workspace.dispose();
await store.close();

const report = { machine: { cores: os.availableParallelism(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAverage(), note: 'shared machine under load from other work' }, vad, models };
console.log(JSON.stringify(report, null, 2));
console.log('');
console.log(`speech detector: ${vad.audioSeconds} s of audio, ${vad.utterances} utterances, ${vad.ms} ms = ${vad.msPerAudioSecond} ms per audio second; main loop lag p99 ${vad.mainLoopLagP99Ms} ms`);
console.log('');
console.log('model               load ms  audio ms  transcribe ms  RTF    end of speech → intent ms (median; runs)  lag p99 ms  load avg');
for (const r of models) {
  console.log(
    `${r.label.padEnd(19)} ${String(r.loadMs).padStart(7)}  ${String(r.audioMs).padStart(8)}  ${String(r.transcribeMs).padStart(13)}  ${String(r.realTimeFactor).padStart(5)}  ${String(r.endOfSpeechToIntentMsMedian).padStart(6)} (${r.endOfSpeechToIntentMsRuns.join(', ')})${''.padEnd(14)}  ${String(r.mainLoopLagP99Ms).padStart(9)}  ${r.loadAverage}`,
  );
}
// The embedded database engine keeps a thread alive after close.
process.exit(0);
