/**
 * The wake phrase's cost per second of audio: generated openWakeWord-shaped
 * models (tests/fixtures/wakeword: melspectrogram, embedding and classifier
 * graphs of real ONNX operators, far smaller than openWakeWord's real
 * embedding network, so this is the pipeline's floor: ONNX Runtime's WASM
 * calls, the worker messages and the streaming buffers) on one minute of
 * jfk.wav and pauses, interleaved with Silero VAD on the same audio in the
 * same process so the two can be compared under the same load. Reports
 * model time in the worker, the process's CPU time (all threads), wall time
 * and the main loop's lag p99 while scoring.
 *
 *   node build/tests/bench/voice/wake-phrase.bench.js
 */
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SpeechDetector } from '../../../src/voice/speech-detector.js';
import { WakePhraseDetector, type WakeStreamStats } from '../../../src/voice/wake-phrase-detector.js';
import { writeWakeWordModels } from '../../fixtures/wakeword/wakeword-models.js';
import { concat, jfkSamples, silence } from '../../support/voice-audio.js';

const RATE = 16_000;
const ROUNDS = 3;
const loadAverage = (): string => os.loadavg().map((value) => value.toFixed(2)).join(' ');
const loadAtStart = loadAverage();

async function* chunksOf(samples: Float32Array): AsyncGenerator<Float32Array> {
  for (let at = 0; at < samples.length; at += RATE / 10) yield samples.subarray(at, at + RATE / 10);
}

const lag = monitorEventLoopDelay({ resolution: 1 });
const round1 = (value: number): number => Math.round(value * 10) / 10;

interface Run {
  wallMs: number;
  cpuMs: number;
  lagP99Ms: number;
  found: number;
  workerMs?: number;
}

async function measure(work: () => Promise<{ found: number; workerMs?: number }>): Promise<Run> {
  lag.reset();
  lag.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { found, workerMs } = await work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  lag.disable();
  return { wallMs, cpuMs: (used.user + used.system) / 1000, lagP99Ms: lag.percentile(99) / 1e6, found, ...(workerMs === undefined ? {} : { workerMs }) };
}

const models = writeWakeWordModels(path.join(os.tmpdir(), `sovereign-wake-bench-${process.pid}`));
const minute = concat(...Array.from({ length: 5 }, () => concat(jfkSamples(), silence(1))));
const audioSeconds = minute.length / RATE;

let started = performance.now();
const wake = await WakePhraseDetector.open({ model: models.folder });
const wakeOpenMs = performance.now() - started;
started = performance.now();
const vad = await SpeechDetector.open();
const vadOpenMs = performance.now() - started;

const wakeRuns: Run[] = [];
const vadRuns: Run[] = [];
for (let round = 0; round < ROUNDS; round++) {
  wakeRuns.push(
    await measure(async () => {
      let stats: WakeStreamStats | undefined;
      let found = 0;
      for await (const _detection of wake.detections(chunksOf(minute), new AbortController().signal, { onEnded: (ended) => (stats = ended) })) found++;
      return { found, workerMs: stats?.busyMs ?? 0 };
    }),
  );
  vadRuns.push(
    await measure(async () => {
      let found = 0;
      for await (const _utterance of vad.utterances(chunksOf(minute), new AbortController().signal)) found++;
      return { found };
    }),
  );
}
await Promise.all([wake.close(), vad.close()]);

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const perSecond = (runs: Run[], key: 'wallMs' | 'cpuMs' | 'workerMs'): number => round1(median(runs.map((run) => run[key] ?? 0)) / audioSeconds);
const summary = (runs: Run[]) => ({
  wallMsPerAudioSecond: perSecond(runs, 'wallMs'),
  cpuMsPerAudioSecond: perSecond(runs, 'cpuMs'),
  mainLoopLagP99Ms: round1(median(runs.map((run) => run.lagP99Ms))),
  found: runs.map((run) => run.found),
});
const report = {
  machine: { cores: os.availableParallelism(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAverage(), note: 'shared machine under load from other work' },
  audioSeconds: Math.round(audioSeconds),
  rounds: ROUNDS,
  wakePhrase: { openMs: Math.round(wakeOpenMs), workerMsPerAudioSecond: perSecond(wakeRuns, 'workerMs'), ...summary(wakeRuns) },
  sileroVad: { openMs: Math.round(vadOpenMs), ...summary(vadRuns) },
  wakeOverVadCpu: round1(perSecond(wakeRuns, 'cpuMs') / Math.max(0.1, perSecond(vadRuns, 'cpuMs'))),
};
console.log(JSON.stringify(report, null, 2));
