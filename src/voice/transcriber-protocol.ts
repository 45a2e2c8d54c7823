// The messages between Transcriber and its model process.

export interface TranscriptSegment {
  text: string;
  /** From the start of the utterance. */
  startMs: number;
  endMs: number;
}

export type TranscriberRequest =
  | { type: 'load'; modelPath: string; threads: number; language: string; maxTokens: number }
  | { type: 'transcribe'; id: number; samples: Float32Array };

export type TranscriberReply =
  | { type: 'loaded' }
  | { type: 'load-failed'; message: string }
  | { type: 'segments'; id: number; segments: TranscriptSegment[] }
  | { type: 'failed'; id: number; message: string };
