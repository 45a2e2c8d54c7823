import { Worker } from 'node:worker_threads';
import { isSovereignError, SovereignError } from '../core/errors.js';
import { _, format } from '../core/i18n.js';
import { AudioWorker } from './audio-worker.js';
import type { WakePhraseReply, WakePhraseRequest, WakePhraseSettings, WakeStreamStats, WakeWordRole } from './wake-phrase-protocol.js';
import type { WakeDetection } from './wake-phrase-scorer.js';
import { findWakeWordModels } from './wake-word-model.js';

export type { WakeDetection } from './wake-phrase-scorer.js';
export type { WakeStreamStats } from './wake-phrase-protocol.js';

export interface WakePhraseDetectorOptions {
  /** The wake-word model file, or a folder holding it with openWakeWord's two feature models. */
  model: string;
  /** A score at or above this fires (default 0.5, openWakeWord's). */
  threshold?: number;
  /** Nothing fires again for this long after a detection (default 2 s: the phrase stays in view for ~1.3 s). */
  refractoryMs?: number;
}

export interface WakeStreamCallbacks {
  /** Everything was scored: how much audio, how long the models took on it, and where. */
  onEnded?: (stats: WakeStreamStats) => void;
}

export const DEFAULT_WAKE_THRESHOLD = 0.5;
const DEFAULT_REFRACTORY_MS = 2_000;

/** What each of openWakeWord's models reads and writes, for a message about a model that does not. */
const EXPECTED_SHAPES: Record<WakeWordRole, string> = {
  melspectrogram: 'input float32 [1, samples] → output [1, 1, frames, 32]',
  embedding: 'input float32 [1, 76, 32, 1] → output [1, 1, 1, 96]',
  classifier: 'input float32 [1, 16, 96] → output [1, 1] (a score from 0 to 1)',
};

function invalidModel(role: WakeWordRole, file: string, reason: string): SovereignError {
  return new SovereignError(
    'model',
    format(_('Cannot use {file} as the wake phrase’s {role} model: it needs {shapes}; {reason}'), { file, role, shapes: EXPECTED_SHAPES[role], reason }),
    { hint: _('Choose an openWakeWord ONNX model (and its melspectrogram.onnx and embedding_model.onnx) in Preferences › Voice'), detail: { file, role } },
  );
}

/**
 * Listens for a wake phrase ("Hey Sovereign") with openWakeWord models the
 * user supplies, in a worker thread running ONNX Runtime's WebAssembly build,
 * so the main loop never waits on a model. One detector serves one stream at
 * a time and can be reused.
 */
export class WakePhraseDetector extends AudioWorker<WakePhraseRequest, WakePhraseReply> {
  /** Numbers each stream: a reply still on its way from an abandoned stream must not wake the next one. */
  private streams = 0;

  private constructor(worker: Worker) {
    super(worker, {
      failed: (reason) => new SovereignError('model', format(_('The wake-phrase detector failed: {reason}'), { reason })),
      stopped: () => _('the wake-phrase detector stopped'),
      closed: () => new SovereignError('cancelled', _('The wake-phrase detector was closed.')),
    });
  }

  /** Finds and loads the three models; a missing, unreadable or wrongly shaped one is a SovereignError naming it. */
  static async open(options: WakePhraseDetectorOptions): Promise<WakePhraseDetector> {
    const settings: WakePhraseSettings = {
      files: findWakeWordModels(options.model),
      threshold: options.threshold ?? DEFAULT_WAKE_THRESHOLD,
      refractoryMs: options.refractoryMs ?? DEFAULT_REFRACTORY_MS,
    };
    const worker = new Worker(new URL('./wake-phrase-worker.js', import.meta.url), { workerData: settings });
    try {
      await new Promise<void>((resolve, reject) => {
        worker.once('message', (reply: WakePhraseReply) => {
          if (reply.type === 'ready') resolve();
          else if (reply.type === 'invalid') reject(invalidModel(reply.role, reply.file, reply.reason));
          else reject(new Error(reply.type === 'error' ? reply.message : reply.type));
        });
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(format(_('the detector’s thread ended (code {code})'), { code }))));
      });
    } catch (error) {
      void worker.terminate();
      if (isSovereignError(error)) throw error;
      throw new SovereignError('model', format(_('Cannot load the wake-word model {file}: {reason}'), { file: settings.files.classifier, reason: (error as Error).message }), {
        cause: error,
      });
    }
    return new WakePhraseDetector(worker);
  }

  /** Each time the wake phrase is heard in `chunks` (16 kHz mono), until they end or the signal aborts. */
  async *detections(chunks: AsyncIterable<Float32Array>, signal: AbortSignal, callbacks: WakeStreamCallbacks = {}): AsyncGenerator<WakeDetection> {
    const stream = ++this.streams;
    const ours = (reply: WakePhraseReply) => (reply.type !== 'detected' && reply.type !== 'ended') || reply.stream === stream;
    for await (const reply of this.replies(chunks, signal, { type: 'reset', stream }, ours)) {
      if (reply.type === 'detected') yield { atMs: reply.atMs, score: reply.score };
      else if (reply.type === 'ended') {
        callbacks.onEnded?.({ heardMs: reply.heardMs, busyMs: reply.busyMs, threadId: reply.threadId });
        return;
      }
    }
  }
}
