// whisper.cpp (through @napi-rs/whisper) in its own process. Its full() is
// synchronous, and a C++ exception inside it aborts the whole process (a
// vocabulary without a " " token did): a child process keeps both the
// window's loop and the window itself safe, and cancelling is a kill.
import { Whisper, WhisperFullParams, WhisperSamplingStrategy, type Segment } from '@napi-rs/whisper';
import { VOICE_SAMPLE_RATE } from './audio-source.js';
import type { TranscriberReply, TranscriberRequest, TranscriptSegment } from './transcriber-protocol.js';

/** whisper's encoder reads 50 positions per second of audio (10 ms mel frames, convolution stride 2). */
const AUDIO_CTX_PER_SECOND = 50;
const MAX_AUDIO_CTX = 1500;
/** whisper timestamps count 10 ms steps. */
const MS_PER_TICK = 10;
/**
 * whisper.cpp decodes nothing from less than a second of audio (whisper_full
 * stops when no more than 100 mel frames are left): a short "stop dictation"
 * or "yes" came out as no words. Shorter utterances are padded with silence.
 */
const MIN_SAMPLES = Math.round(1.2 * VOICE_SAMPLE_RATE);

let whisper: Whisper | undefined;
let settings: Extract<TranscriberRequest, { type: 'load' }> | undefined;

function send(reply: TranscriberReply): void {
  process.send?.(reply);
}

async function transcribe(heard: Float32Array): Promise<TranscriptSegment[]> {
  if (!whisper || !settings) throw new Error('no model is loaded');
  const samples = heard.length >= MIN_SAMPLES ? heard : padded(heard, MIN_SAMPLES);
  const params = new WhisperFullParams(WhisperSamplingStrategy.Greedy);
  params.nThreads = settings.threads;
  params.language = settings.language;
  params.printProgress = false;
  params.printRealtime = false;
  params.noContext = true;
  params.singleSegment = false;
  if (settings.maxTokens > 0) params.maxTokens = settings.maxTokens;
  // The encoder costs the same for 2 s as for 30 s unless told how much audio
  // there is: an utterance-sized context makes a 3 s command ~10× cheaper.
  params.audioCtx = Math.min(MAX_AUDIO_CTX, Math.ceil((samples.length / VOICE_SAMPLE_RATE) * AUDIO_CTX_PER_SECOND) + 16);
  const segments: TranscriptSegment[] = [];
  const heardMs = Math.round((heard.length * 1000) / VOICE_SAMPLE_RATE);
  // whisper.cpp's timestamps are the model's guess and can run past the audio (the padding
  // above, or a poor model): a segment is shown inside the utterance it came from.
  params.onNewSegment = (segment: Segment) => {
    segments.push({ text: segment.text, startMs: Math.min(segment.start * MS_PER_TICK, heardMs), endMs: Math.min(segment.end * MS_PER_TICK, heardMs) });
  };
  const text = whisper.full(params, samples);
  // The segment callbacks are queued to this thread while full() runs: they arrive on the next turn.
  return new Promise((resolve) =>
    setImmediate(() => resolve(segments.length > 0 || !text.trim() ? segments : [{ text: text.trim(), startMs: 0, endMs: heardMs }])),
  );
}

function padded(samples: Float32Array, length: number): Float32Array {
  const longer = new Float32Array(length);
  longer.set(samples);
  return longer;
}

process.on('message', (request: TranscriberRequest) => {
  if (request.type === 'load') {
    try {
      settings = request;
      whisper = new Whisper(request.modelPath, { useGpu: false });
      send({ type: 'loaded' });
    } catch (error) {
      send({ type: 'load-failed', message: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  void transcribe(request.samples).then(
    (segments) => send({ type: 'segments', id: request.id, segments }),
    (error: unknown) => send({ type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
