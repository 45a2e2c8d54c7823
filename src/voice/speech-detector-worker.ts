// Runs Silero VAD (through sherpa-onnx-node) off the main loop: the window
// keeps drawing while a long recording is cut into utterances.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { VOICE_SAMPLE_RATE } from './audio-source.js';
import type { DetectorReply, DetectorRequest, DetectorSettings } from './speech-detector-protocol.js';

/** The part of sherpa-onnx-node's Vad this worker uses (the package ships no types). */
interface SherpaVad {
  acceptWaveform(samples: Float32Array): void;
  isEmpty(): boolean;
  isDetected(): boolean;
  front(enableExternalBuffer: boolean): { start: number; samples: Float32Array };
  pop(): void;
  flush(): void;
  reset(): void;
}
interface SherpaOnnx {
  Vad: new (config: object, bufferSizeInSeconds: number) => SherpaVad;
}

/** Silero's window at 16 kHz: the model is trained on 512-sample frames. */
const WINDOW_SAMPLES = 512;
/** Silero's own default; speech scores well above it, steady noise well below. */
const THRESHOLD = 0.5;
/** Shorter bursts (a click, a cough) are not utterances. */
const MIN_SPEECH_SECONDS = 0.25;
/**
 * The detector reports speech ~0.5 s after it begins and pads the segment
 * before it: cutting this early keeps each piece under the cap.
 */
const CUT_MARGIN_MS = 600;

const port = parentPort;
if (!port) throw new Error('speech-detector-worker must run in a worker thread');
const settings = workerData as DetectorSettings;

function post(reply: DetectorReply): void {
  if (reply.type === 'utterance') port?.postMessage(reply, [reply.samples.buffer as ArrayBuffer]);
  else port?.postMessage(reply);
}

const msOf = (samples: number): number => Math.round((samples * 1000) / VOICE_SAMPLE_RATE);

let vad: SherpaVad;
try {
  if (createHash('sha256').update(fs.readFileSync(settings.modelPath)).digest('hex') !== settings.modelSha256) {
    post({ type: 'damaged' });
    process.exit(1);
  }
  const sherpa = createRequire(import.meta.url)('sherpa-onnx-node') as SherpaOnnx;
  vad = new sherpa.Vad(
    {
      sileroVad: {
        model: settings.modelPath,
        threshold: THRESHOLD,
        minSilenceDuration: settings.minSilenceMs / 1000,
        minSpeechDuration: MIN_SPEECH_SECONDS,
        windowSize: WINDOW_SAMPLES,
        maxSpeechDuration: settings.maxUtteranceMs / 1000,
      },
      sampleRate: VOICE_SAMPLE_RATE,
      numThreads: 1,
      debug: 0,
    },
    // The buffer holds the speech of one utterance in progress: twice the cap.
    Math.ceil((2 * settings.maxUtteranceMs) / 1000),
  );
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

const maxSamples = (settings.maxUtteranceMs * VOICE_SAMPLE_RATE) / 1000;
const cutSamples = ((settings.maxUtteranceMs - CUT_MARGIN_MS) * VOICE_SAMPLE_RATE) / 1000;
/** Samples heard since the last reset. */
let heard = 0;
/** Where the detector first reported the speech in progress, or -1 in silence. */
let speechSince = -1;

/** Hands on every finished segment, split into pieces no longer than the cap. */
function drain(): void {
  while (!vad.isEmpty()) {
    const segment = vad.front(false);
    vad.pop();
    const pieces = Math.ceil(segment.samples.length / maxSamples);
    const size = Math.ceil(segment.samples.length / pieces);
    for (let at = 0; at < segment.samples.length; at += size) {
      const samples = segment.samples.slice(at, at + size);
      const start = segment.start + at;
      post({ type: 'utterance', samples, startMs: msOf(start), endMs: msOf(start + samples.length) });
    }
  }
}

port.on('message', (request: DetectorRequest) => {
  try {
    if (request.type === 'reset') {
      vad.reset();
      heard = 0;
      speechSince = -1;
    } else if (request.type === 'audio') {
      vad.acceptWaveform(request.samples);
      heard += request.samples.length;
      if (!vad.isDetected()) speechSince = -1;
      else if (speechSince < 0) {
        speechSince = heard;
        post({ type: 'speech-started', atMs: msOf(heard) });
      } else if (heard - speechSince > cutSamples) {
        // Someone talking without a pause: end the utterance here so it can be
        // transcribed while they go on, and start the next one.
        vad.flush();
        speechSince = -1;
      }
      drain();
    } else {
      vad.flush();
      drain();
      post({ type: 'ended', heardMs: msOf(heard) });
    }
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
});
