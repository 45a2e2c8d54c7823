import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { isSovereignError, SovereignError } from '../core/errors.js';
import { _, format } from '../core/i18n.js';
import { AudioWorker } from './audio-worker.js';
import type { DetectorReply, DetectorRequest, DetectorSettings } from './speech-detector-protocol.js';
import { SILERO_VAD_SHA256, sileroVadModelPath } from './vad-model.js';

/** A stretch of speech, 16 kHz mono, with where it lies in what was heard. */
export interface Utterance {
  samples: Float32Array;
  startMs: number;
  endMs: number;
}

export interface SpeechDetectorOptions {
  /** Defaults to the Silero VAD model shipped in data/voice. */
  modelPath?: string;
  /** The model file's sha256, checked before loading (defaults to the shipped model's). */
  modelSha256?: string;
  /** Longest utterance (default 30 s, the most whisper reads at once); longer speech is cut into pieces. */
  maxUtteranceMs?: number;
  /** A pause this long ends an utterance (default 500 ms: a breath inside a sentence is shorter). */
  minSilenceMs?: number;
}

export interface DetectionCallbacks {
  /** The detector has begun hearing speech (about half a second after it started). */
  onSpeechStarted?: (atMs: number) => void;
  /** Everything was heard: how much audio there was. */
  onEnded?: (heardMs: number) => void;
}

export const DEFAULT_MAX_UTTERANCE_MS = 30_000;
const DEFAULT_MIN_SILENCE_MS = 500;

/**
 * Cuts a stream of 16 kHz mono chunks into utterances with Silero VAD,
 * running in a worker thread so the main loop never waits on the model.
 * One detector serves one stream at a time and can be reused.
 */
export class SpeechDetector extends AudioWorker<DetectorRequest, DetectorReply> {
  private constructor(worker: Worker) {
    super(worker, {
      failed: (reason) => new SovereignError('model', format(_('The speech detector failed: {reason}'), { reason })),
      stopped: () => _('the speech detector stopped'),
      closed: () => new SovereignError('cancelled', _('The speech detector was closed.')),
    });
  }

  /** Starts the worker and loads the model; a missing or unreadable model is a SovereignError naming it. */
  static async open(options: SpeechDetectorOptions = {}): Promise<SpeechDetector> {
    const settings: DetectorSettings = {
      modelPath: options.modelPath ?? sileroVadModelPath,
      maxUtteranceMs: options.maxUtteranceMs ?? DEFAULT_MAX_UTTERANCE_MS,
      minSilenceMs: options.minSilenceMs ?? DEFAULT_MIN_SILENCE_MS,
      modelSha256: options.modelSha256 ?? SILERO_VAD_SHA256,
    };
    if (!fs.existsSync(settings.modelPath)) {
      throw new SovereignError('not-found', format(_('The speech detector model {file} is missing.'), { file: settings.modelPath }), {
        hint: _('Reinstall Sovereign: the model ships with it.'),
      });
    }
    // The worker checks the model's checksum before loading it (ONNX Runtime
    // aborts the whole process on a damaged model instead of throwing).
    const worker = new Worker(new URL('./speech-detector-worker.js', import.meta.url), { workerData: settings });
    try {
      await new Promise<void>((resolve, reject) => {
        worker.once('message', (reply: DetectorReply) => {
          if (reply.type === 'ready') resolve();
          else if (reply.type === 'damaged') reject(damaged(settings.modelPath));
          else reject(new Error(reply.type === 'error' ? reply.message : reply.type));
        });
        worker.once('error', reject);
      });
    } catch (error) {
      void worker.terminate();
      if (isSovereignError(error)) throw error;
      throw new SovereignError(
        'model',
        format(_('Cannot load the speech detector model {file}: {reason}'), { file: settings.modelPath, reason: (error as Error).message }),
        { cause: error },
      );
    }
    return new SpeechDetector(worker);
  }

  /**
   * The utterances in `chunks`, as each one ends. Stops when the chunks end
   * (the last utterance is cut off there) or the signal aborts.
   */
  async *utterances(chunks: AsyncIterable<Float32Array>, signal: AbortSignal, callbacks: DetectionCallbacks = {}): AsyncGenerator<Utterance> {
    for await (const reply of this.replies(chunks, signal, { type: 'reset' })) {
      if (reply.type === 'utterance') yield { samples: reply.samples, startMs: reply.startMs, endMs: reply.endMs };
      else if (reply.type === 'speech-started') callbacks.onSpeechStarted?.(reply.atMs);
      else if (reply.type === 'ended') {
        callbacks.onEnded?.(reply.heardMs);
        return;
      }
    }
  }
}

function damaged(file: string): SovereignError {
  return new SovereignError('model', format(_('The speech detector model {file} is damaged (its checksum does not match).'), { file }), {
    hint: _('Reinstall Sovereign: the model ships with it.'),
  });
}
