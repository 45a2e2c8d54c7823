// openWakeWord's streaming pipeline (github.com/dscripka/openWakeWord,
// openwakeword/utils.py AudioFeatures._streaming_features and model.py
// Model.predict), with the three models behind functions so it can run in a
// worker over ONNX Runtime and be checked alone. Nothing here loads a model.

/** openWakeWord scores once per 80 ms frame of 16 kHz audio. */
export const WAKE_FRAME_SAMPLES = 1280;
/** The melspectrogram model needs 3 hops (480 samples) before a frame to produce its 8 mel frames. */
const MEL_CONTEXT_SAMPLES = 480;
export const MEL_BINS = 32;
/** The embedding model reads 76 mel frames (~0.775 s) at a time, one window per 80 ms frame. */
export const EMBEDDING_WINDOW_FRAMES = 76;
export const EMBEDDING_SIZE = 96;
/** openWakeWord's wake-word classifiers read the last 16 embeddings (~1.3 s). */
export const CLASSIFIER_FRAMES = 16;

/** The three models, as the worker runs them. */
export interface WakeWordRunners {
  /** int16-scaled samples [1, n] → mel frames, 32 values each, flattened. */
  melspectrogram(samples: Float32Array): Promise<Float32Array>;
  /** 76 × 32 mel values → 96 features. */
  embedding(window: Float32Array): Promise<Float32Array>;
  /** 16 × 96 features → the wake phrase's score in [0, 1]. */
  classify(features: Float32Array): Promise<number>;
}

export interface WakePhraseScorerOptions {
  /** A score at or above this fires (openWakeWord's default: 0.5). */
  threshold: number;
  /** After firing, nothing fires for this long: the phrase stays in the 1.3 s the classifier reads for several frames. */
  refractoryMs: number;
}

export interface WakeDetection {
  /** Where the frame that fired ends, in ms since the stream began. */
  atMs: number;
  score: number;
}

const msOf = (samples: number): number => Math.round((samples * 1000) / 16_000);

/** Float samples in [-1, 1] as the int16 values openWakeWord's models are trained on. */
function toInt16Scale(samples: Float32Array): Float32Array {
  const scaled = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) scaled[i] = Math.round(Math.max(-1, Math.min(1, samples[i] ?? 0)) * 32767);
  return scaled;
}

/**
 * Feeds 16 kHz audio of any chunk size through melspectrogram → embedding →
 * classifier, one 80 ms frame at a time, and reports the frames that fire.
 */
export class WakePhraseScorer {
  /** int16-scaled audio not yet part of a whole frame. */
  private pending = new Float32Array(0);
  /** The last MEL_CONTEXT_SAMPLES samples of the previous frame. */
  private context = new Float32Array(0);
  /** The newest mel frames; openWakeWord starts the buffer with 76 frames of ones. */
  private mel: Float32Array = new Float32Array(EMBEDDING_WINDOW_FRAMES * MEL_BINS).fill(1);
  /** The newest embeddings, oldest first (at most CLASSIFIER_FRAMES). */
  private readonly embeddings: Float32Array[] = [];
  private framesHeard = 0;
  private lastFiredMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly runners: WakeWordRunners,
    private readonly options: WakePhraseScorerOptions,
  ) {}

  /** Samples heard so far in whole frames, in ms. */
  get heardMs(): number {
    return msOf(this.framesHeard * WAKE_FRAME_SAMPLES);
  }

  async push(samples: Float32Array): Promise<WakeDetection[]> {
    const joined = new Float32Array(this.pending.length + samples.length);
    joined.set(this.pending);
    joined.set(toInt16Scale(samples), this.pending.length);
    const detections: WakeDetection[] = [];
    let at = 0;
    for (; at + WAKE_FRAME_SAMPLES <= joined.length; at += WAKE_FRAME_SAMPLES) {
      const detection = await this.frame(joined.subarray(at, at + WAKE_FRAME_SAMPLES));
      if (detection) detections.push(detection);
    }
    this.pending = joined.slice(at);
    return detections;
  }

  private async frame(frame: Float32Array): Promise<WakeDetection | undefined> {
    const input = new Float32Array(this.context.length + frame.length);
    input.set(this.context);
    input.set(frame, this.context.length);
    this.context = frame.slice(frame.length - MEL_CONTEXT_SAMPLES);
    this.framesHeard++;

    const raw = await this.runners.melspectrogram(input);
    // openWakeWord's own transform, which brings the ONNX model's output
    // close to the TensorFlow features its embedding model was trained on.
    const fresh = raw.map((value) => value / 10 + 2);
    const mel = new Float32Array(this.mel.length + fresh.length);
    mel.set(this.mel);
    mel.set(fresh, this.mel.length);
    this.mel = mel.slice(mel.length - EMBEDDING_WINDOW_FRAMES * MEL_BINS);

    this.embeddings.push(await this.runners.embedding(this.mel));
    if (this.embeddings.length > CLASSIFIER_FRAMES) this.embeddings.shift();
    // openWakeWord fills the missing history with embeddings of random noise
    // and zeroes the first 5 scores; waiting for 16 real embeddings (1.3 s)
    // means nothing can fire on audio it has not heard.
    if (this.embeddings.length < CLASSIFIER_FRAMES) return undefined;

    const features = new Float32Array(CLASSIFIER_FRAMES * EMBEDDING_SIZE);
    this.embeddings.forEach((embedding, index) => features.set(embedding, index * EMBEDDING_SIZE));
    const score = await this.runners.classify(features);
    const atMs = this.heardMs;
    if (score < this.options.threshold || atMs - this.lastFiredMs < this.options.refractoryMs) return undefined;
    this.lastFiredMs = atMs;
    return { atMs, score };
  }
}
