import { asSovereignError, type SovereignError } from '../core/errors.js';
import type { AudioSource } from './audio-source.js';
import { readDictation, type DictationStep } from './dictation-phrases.js';
import type { SpeechDetector } from './speech-detector.js';
import type { Transcriber, TranscriptSegment } from './transcriber.js';

export type ListenMode = 'command' | 'dictation';

/**
 * Where a spoken command goes: the assistant's router and runner, the same
 * path as a typed `sovereign do` (confirmations included). Returns what
 * happened in words, or throws the SovereignError the typed command would.
 */
export type VoiceCommandHandler = (transcript: string) => Promise<{ status: string; message: string; intent?: unknown }>;

/** What dictation writes into: the focused editor in the window, stdout on the command line. */
export interface DictationTarget {
  append(text: string): Promise<void>;
  /** "take a note: …" — a new note that starts with `text`. */
  newNote(text: string): Promise<void>;
}

/** What listening needs of a transcriber: the window's may change its model between utterances. */
export type UtteranceTranscriber = Pick<Transcriber, 'transcribe'>;

export interface ListenOptions {
  source: AudioSource;
  detector: SpeechDetector;
  transcriber: UtteranceTranscriber;
  mode: ListenMode;
  commands: VoiceCommandHandler;
  dictation: DictationTarget;
  /** Stop after the first utterance. */
  once?: boolean;
  signal?: AbortSignal;
}

/** What a UI shows while listening: each stage as it happens. */
export type ListenEvent =
  | { type: 'listening'; source: string; mode: ListenMode }
  | { type: 'speech-started'; atMs: number }
  | { type: 'transcribing'; startMs: number; endMs: number }
  | { type: 'transcript'; text: string; startMs: number; endMs: number; segments: TranscriptSegment[] }
  | { type: 'command-result'; transcript: string; status: string; message: string; intent?: unknown }
  | { type: 'dictation'; step: DictationStep }
  | { type: 'no-speech'; heardMs: number }
  | { type: 'error'; error: SovereignError; transcript?: string }
  | { type: 'stopped'; utterances: number };

/**
 * Listening, one way for every adapter (`sovereign listen`, the window's
 * microphone button): audio → speech detector → transcriber → the
 * assistant (command mode) or the text being dictated (dictation mode).
 * A failed command is reported and listening goes on; a failed source,
 * detector or transcriber ends it with an error event.
 */
export async function* listen(options: ListenOptions): AsyncGenerator<ListenEvent> {
  const controller = new AbortController();
  const stopAll = (): void => controller.abort();
  options.signal?.addEventListener('abort', stopAll, { once: true });
  const signal = controller.signal;
  const pending: ListenEvent[] = [];
  // "take a note: …" said as a command turns listening into dictation.
  const state = { mode: options.mode };
  let heardMs = 0;
  let utterances = 0;
  try {
    yield { type: 'listening', source: options.source.name, mode: options.mode };
    const stream = options.detector.utterances(options.source.chunks(signal), signal, {
      onSpeechStarted: (atMs) => pending.push({ type: 'speech-started', atMs }),
      onEnded: (ms) => (heardMs = ms),
    });
    for await (const utterance of stream) {
      yield* pending.splice(0);
      utterances++;
      yield { type: 'transcribing', startMs: utterance.startMs, endMs: utterance.endMs };
      const segments = await options.transcriber.transcribe(utterance.samples, signal);
      const text = segments.map((segment) => segment.text.trim()).filter(Boolean).join(' ');
      yield { type: 'transcript', text, startMs: utterance.startMs, endMs: utterance.endMs, segments };
      if (text) {
        const stop = yield* handle(options, state, text);
        if (stop) break;
      }
      if (options.once) break;
    }
    yield* pending.splice(0);
    if (utterances === 0 && !signal.aborted) yield { type: 'no-speech', heardMs };
  } catch (error) {
    if (!signal.aborted) yield { type: 'error', error: asSovereignError(error, 'io') };
  } finally {
    options.signal?.removeEventListener('abort', stopAll);
    controller.abort();
  }
  yield { type: 'stopped', utterances };
}

/** Routes one transcript; true when dictation was told to stop. */
async function* handle(options: ListenOptions, state: { mode: ListenMode }, text: string): AsyncGenerator<ListenEvent, boolean> {
  try {
    const step = readDictation(text);
    if (state.mode === 'command') {
      // "Stop dictation" with nothing being dictated means stop listening: as a command the
      // assistant would read it as a request to start a dictated note.
      if (step.kind === 'stop') {
        yield { type: 'dictation', step };
        return true;
      }
      if (step.kind !== 'new-note') {
        const outcome = await options.commands(text);
        yield { type: 'command-result', transcript: text, ...outcome };
        return false;
      }
      state.mode = 'dictation';
    }
    if (step.kind === 'append') await options.dictation.append(step.text);
    else if (step.kind === 'new-note') await options.dictation.newNote(step.text);
    yield { type: 'dictation', step };
    return step.kind === 'stop';
  } catch (error) {
    yield { type: 'error', error: asSovereignError(error, 'internal'), transcript: text };
    return false;
  }
}
