// The messages between SpeechDetector (main thread) and its worker.

export interface DetectorSettings {
  modelPath: string;
  /** Checked in the worker before loading (ONNX Runtime aborts the whole process on a damaged model); hashing 2 MB stalls the main loop ~100 ms on a busy machine. */
  modelSha256: string;
  /** Longest utterance handed on; longer speech is cut (whisper reads at most 30 s at once). */
  maxUtteranceMs: number;
  /** A pause at least this long ends an utterance. */
  minSilenceMs: number;
}

export type DetectorRequest = { type: 'reset' } | { type: 'audio'; samples: Float32Array } | { type: 'end' };

export type DetectorReply =
  | { type: 'ready' }
  /** The model file's checksum is not the expected one: nothing was loaded. */
  | { type: 'damaged' }
  | { type: 'speech-started'; atMs: number }
  | { type: 'utterance'; samples: Float32Array; startMs: number; endMs: number }
  | { type: 'ended'; heardMs: number }
  | { type: 'error'; message: string };
