import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SovereignError } from '../core/errors.js';
import { _, format } from '../core/i18n.js';
import type { TranscriberReply, TranscriberRequest, TranscriptSegment } from './transcriber-protocol.js';
import { readWhisperModelInfo, type WhisperModelInfo } from './whisper-model-file.js';

export type { TranscriptSegment } from './transcriber-protocol.js';

const PROCESS_SCRIPT = fileURLToPath(new URL('./transcriber-process.js', import.meta.url));

export interface TranscriberOptions {
  /** A whisper.cpp ggml model (the speech role's file). */
  modelPath: string;
  /** 1 by default: on a 2-core machine a second thread starves the window (the same finding as for llama.cpp). */
  threads?: number;
  /** Spoken language code; "en" by default. */
  language?: string;
  /** Tokens per segment, 0 for whisper's own limit. */
  maxTokens?: number;
}

/**
 * Speech to text with whisper.cpp. The model runs in a child process that is
 * kept between utterances (loading costs seconds; each utterance then costs
 * only its transcription); cancelling kills it, and the next utterance
 * starts a fresh one.
 */
export class Transcriber {
  readonly model: WhisperModelInfo;
  private child: ChildProcess | undefined;
  private starting: Promise<ChildProcess> | undefined;
  private next = 1;
  private closed = false;
  /** open() has just read the whole file: the first start need not read it again (~0.3 s on the main loop under load). */
  private checkedOnOpen = true;

  private constructor(
    private readonly options: TranscriberOptions,
    model: WhisperModelInfo,
  ) {
    this.model = model;
  }

  /** Checks the model file end to end and loads it; a missing or broken model is a SovereignError naming it. */
  static async open(options: TranscriberOptions): Promise<Transcriber> {
    const transcriber = new Transcriber(options, readWhisperModelInfo(options.modelPath));
    await transcriber.process();
    return transcriber;
  }

  /** The segments whisper hears in one utterance (16 kHz mono), timed from its start. */
  async transcribe(samples: Float32Array, signal?: AbortSignal): Promise<TranscriptSegment[]> {
    if (signal?.aborted) throw cancelled();
    const child = await this.process();
    const id = this.next++;
    return new Promise<TranscriptSegment[]>((resolve, reject) => {
      const finish = (): void => {
        child.unref();
        child.channel?.unref();
        child.off('message', onMessage);
        child.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
      };
      const onMessage = (reply: TranscriberReply): void => {
        if (!('id' in reply) || reply.id !== id) return;
        finish();
        if (reply.type === 'segments') resolve(reply.segments);
        else reject(new SovereignError('model', format(_('Transcription failed: {reason}'), { reason: reply.message })));
      };
      const onExit = (code: number | null, exitSignal: NodeJS.Signals | null): void => {
        finish();
        reject(new SovereignError('model', format(_('The speech model {file} stopped while transcribing ({reason}).'), { file: this.options.modelPath, reason: exitSignal ?? `exit code ${code}` })));
      };
      // whisper's full() cannot be interrupted from outside: stop the process
      // (within milliseconds) and load the model again for the next utterance.
      const onAbort = (): void => {
        finish();
        this.discard(child);
        reject(cancelled());
      };
      // Held while it works: the reply is what the caller waits for.
      child.ref();
      child.channel?.ref();
      child.on('message', onMessage);
      child.once('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      child.send({ type: 'transcribe', id, samples } satisfies TranscriberRequest);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const child = this.child ?? (await this.starting?.catch(() => undefined));
    if (child) this.discard(child);
  }

  private discard(child: ChildProcess): void {
    if (this.child === child) this.child = undefined;
    child.kill('SIGKILL');
  }

  /** The running model process, started (and the model loaded) when there is none. */
  private process(): Promise<ChildProcess> {
    if (this.closed) return Promise.reject(new SovereignError('cancelled', _('The transcriber was closed.')));
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return Promise.resolve(this.child);
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async start(): Promise<ChildProcess> {
    // The file is checked again on every restart: it may have been replaced since it was last read,
    // and whisper.cpp aborts on some damaged files instead of failing.
    if (!this.checkedOnOpen) readWhisperModelInfo(this.options.modelPath);
    this.checkedOnOpen = false;
    const child = fork(PROCESS_SCRIPT, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-2000)));
    await new Promise<void>((resolve, reject) => {
      child.once('message', (reply: TranscriberReply) => {
        if (reply.type === 'loaded') resolve();
        else reject(new Error(reply.type === 'load-failed' ? reply.message : reply.type));
      });
      child.once('exit', (code, exitSignal) => reject(new Error(lastLine(stderr) || (exitSignal ?? `exit code ${code}`))));
      child.send({ type: 'load', modelPath: this.options.modelPath, threads: this.options.threads ?? 1, language: this.options.language ?? 'en', maxTokens: this.options.maxTokens ?? 0 } satisfies TranscriberRequest);
    }).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw new SovereignError('model', format(_('Cannot load the speech model {file}: {reason}'), { file: this.options.modelPath, reason: (error as Error).message }), { cause: error });
    });
    // An idle model process must not keep a finished command alive.
    child.unref();
    child.channel?.unref();
    this.child = child;
    return child;
  }
}

function cancelled(): SovereignError {
  return new SovereignError('cancelled', _('Transcription was cancelled.'));
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter((line) => !line.startsWith('whisper_') && !line.startsWith('ggml')).pop() ?? '';
}
