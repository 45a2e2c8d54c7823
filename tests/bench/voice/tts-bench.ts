// Benchmark: time from text to the first synthesized sample for espeak-ng
// (issue 16, "time from text to first audio sample"), playing through a
// private PulseAudio daemon's null sink exactly as a spoken answer would, and
// the whole synthesis of the same texts to a WAV file for comparison; then how
// long stopping takes, for speech and for the microphone (goal ~100 ms each).
//   node build/tests/bench/voice/tts-bench.js [runs]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MicrophoneSource } from '../../../src/voice/microphone-source.js';
import { Speaker } from '../../../src/voice/speaker.js';
import { writeSpeechWav } from '../../../src/voice/speech-file.js';
import { startTestSoundServer, TEST_MICROPHONE } from '../../support/test-sound-server.js';

const runs = Number(process.argv[2] ?? 5);
const texts = {
  short: 'Done.',
  confirmation: 'I opened your research notes.',
  answer: 'Three documents mention the budget; two of them disagree about the deadline, and the newest one asks you to call back before Friday.',
};
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-tts-bench-'));
const server = await startTestSoundServer();
const speaker = new Speaker(server.env);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const rows: { text: string; chars: number; firstAudioMsMedian: number; firstAudioMsMax: number; wavMsMedian: number }[] = [];
for (const [name, text] of Object.entries(texts)) {
  const first: number[] = [];
  const wav: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await speaker.speak(text);
    if (result.firstAudioMs !== undefined) first.push(result.firstAudioMs);
    const started = performance.now();
    await writeSpeechWav(text, path.join(dir, `${name}.wav`));
    wav.push(performance.now() - started);
  }
  rows.push({ text: name, chars: text.length, firstAudioMsMedian: median(first), firstAudioMsMax: Math.max(...first), wavMsMedian: median(wav) });
}
// Interruption: speech stopped mid-sentence (Escape, or the user talks), and
// the microphone stopped mid-stream, each until its children are reaped.
const stopMs: number[] = [];
const abortMs: number[] = [];
const microphone = new MicrophoneSource({ device: TEST_MICROPHONE, env: server.env });
for (let i = 0; i < runs; i++) {
  const speaking = speaker.speak(texts.answer);
  await new Promise((resolve) => setTimeout(resolve, 400));
  const started = performance.now();
  await speaker.stop();
  await speaking;
  stopMs.push(performance.now() - started);

  const controller = new AbortController();
  const player = server.startPlaying(path.join(dir, 'answer.wav'));
  let abortedAt = 0;
  let chunks = 0;
  for await (const chunk of microphone.chunks(controller.signal)) {
    if (chunk.length > 0 && ++chunks === 20) {
      abortedAt = performance.now();
      controller.abort();
    }
  }
  abortMs.push(performance.now() - abortedAt);
  player.kill();
}

await server.stop();
fs.rmSync(dir, { recursive: true, force: true });

const uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
const interruption = { speakerStopMsMedian: median(stopMs), speakerStopMsMax: Math.max(...stopMs), microphoneAbortMsMedian: median(abortMs), microphoneAbortMsMax: Math.max(...abortMs) };
console.log(JSON.stringify({ bench: 'tts', runs, cores: os.cpus().length, uptime, rows, interruption }, null, 2));
console.log(`\n${'text'.padEnd(14)}${'chars'.padStart(6)}${'first audio p50'.padStart(17)}${'max'.padStart(8)}${'whole WAV p50'.padStart(15)}`);
for (const row of rows) {
  console.log(`${row.text.padEnd(14)}${String(row.chars).padStart(6)}${row.firstAudioMsMedian.toFixed(1).padStart(14)} ms${row.firstAudioMsMax.toFixed(1).padStart(8)}${row.wavMsMedian.toFixed(1).padStart(12)} ms`);
}
console.log(`speaker stop() until silent: p50 ${interruption.speakerStopMsMedian.toFixed(1)} ms, max ${interruption.speakerStopMsMax.toFixed(1)} ms`);
console.log(`microphone abort until its child is reaped: p50 ${interruption.microphoneAbortMsMedian.toFixed(1)} ms, max ${interruption.microphoneAbortMsMax.toFixed(1)} ms`);
console.log(`(${uptime})`);
