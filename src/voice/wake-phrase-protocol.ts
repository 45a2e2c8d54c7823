// The messages between WakePhraseDetector (main thread) and its worker.

/** Which of openWakeWord's three models a message is about. */
export type WakeWordRole = 'melspectrogram' | 'embedding' | 'classifier';

export interface WakeWordModelFiles {
  melspectrogram: string;
  embedding: string;
  /** The wake phrase's own model (e.g. hey_sovereign.onnx). */
  classifier: string;
}

export interface WakePhraseSettings {
  files: WakeWordModelFiles;
  threshold: number;
  refractoryMs: number;
}

/** What scoring one stream cost. */
export interface WakeStreamStats {
  /** Audio scored, in ms. */
  heardMs: number;
  /** Time the models ran on it, in ms. */
  busyMs: number;
  /** The thread that ran them (the main thread is 0). */
  threadId: number;
}

/** `reset` starts stream `stream`; every reply about audio carries the stream it belongs to. */
export type WakePhraseRequest = { type: 'reset'; stream: number } | { type: 'audio'; samples: Float32Array } | { type: 'end' };

export type WakePhraseReply =
  | { type: 'ready' }
  /** A model that is not what openWakeWord runs: unreadable, not ONNX, or with other shapes. */
  | { type: 'invalid'; role: WakeWordRole; file: string; reason: string }
  | { type: 'detected'; stream: number; atMs: number; score: number }
  /** Everything sent was scored. */
  | ({ type: 'ended'; stream: number } & WakeStreamStats)
  | { type: 'error'; message: string };
