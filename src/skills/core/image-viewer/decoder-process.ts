import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SovereignError, _, createLogger, format } from '../../../core/index.js';
import type { DecodeJob, DecoderMessage, DecodeReply, DecodeRequest, ThumbnailReply, ThumbnailRequest } from './decode-protocol.js';

const log = createLogger('image-decoder');

const WORKER_SCRIPT = fileURLToPath(new URL('./decode-worker.js', import.meta.url));

export type DecodeSuccess = Extract<DecodeReply, { ok: true }>;

/** What a job asks the child: a rendition for the viewer or a card's thumbnail (DecodeJob without its id). */
type JobBody = { request: DecodeRequest } | { thumbnail: ThumbnailRequest };

interface Job {
  id: number;
  body: JobBody;
  /** The name the person knows the image by, and its file: for messages. */
  name: string;
  file: string;
  signal: AbortSignal | undefined;
  resolve: (reply: DecodeReply | ThumbnailReply) => void;
  reject: (error: SovereignError) => void;
  onAbort: () => void;
}

export class DecoderProcess {
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private readonly queue: Job[] = [];
  private running: Job | null = null;
  private nextId = 1;
  private stopped = false;

  /** The running child's process id, or null before the first start and after stop(). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Starts the child now, so the first image does not wait for it. */
  warm(): Promise<void> {
    this.stopped = false;
    return this.start();
  }

  /** Decodes one rendition. A file that cannot be decoded is an answer (ok: false); a child that dies or a signal that aborts rejects with a SovereignError. */
  decode(request: DecodeRequest, name: string, signal?: AbortSignal): Promise<DecodeReply> {
    return this.enqueue<DecodeReply>({ request }, name, request.file, signal);
  }

  /**
   * Makes (or finds) the cached thumbnail of an image for a canvas card.
   * An image that cannot be read is an answer (ok: false, with the
   * message); a child that dies rejects with a SovereignError.
   */
  thumbnail(request: ThumbnailRequest): Promise<ThumbnailReply> {
    return this.enqueue<ThumbnailReply>({ thumbnail: request }, request.name, request.file, undefined);
  }

  private enqueue<Reply extends DecodeReply | ThumbnailReply>(body: JobBody, name: string, file: string, signal: AbortSignal | undefined): Promise<Reply> {
    if (signal?.aborted) return Promise.reject(cancelled(name, file));
    this.stopped = false;
    return new Promise<Reply>((resolve, reject) => {
      const job: Job = { id: this.nextId++, body, name, file, signal, resolve: resolve as (reply: DecodeReply | ThumbnailReply) => void, reject, onAbort: () => this.abort(job) };
      signal?.addEventListener('abort', job.onAbort, { once: true });
      // The image someone is opening does not wait behind a workspace's worth of thumbnails.
      const firstThumbnail = 'request' in body ? this.queue.findIndex((queued) => 'thumbnail' in queued.body) : -1;
      if (firstThumbnail >= 0) this.queue.splice(firstThumbnail, 0, job);
      else this.queue.push(job);
      this.pump();
    });
  }

  /** Kills the child; queued and running jobs fail. Called when Sovereign quits. */
  stop(): void {
    this.stopped = true;
    for (const job of this.queue.splice(0)) this.settle(job, cancelled(job.name, job.file));
    if (this.running) this.settle(this.running, cancelled(this.running.name, this.running.file));
    this.running = null;
    this.child?.kill('SIGKILL');
    this.child = null;
    this.ready = null;
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const child = fork(WORKER_SCRIPT, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child = child;
    let stderr = '';
    let wasReady = false;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    // The child should not keep a CLI or test process alive by itself; a job out holds it (holdOpen).
    (child.stderr as Socket | null)?.unref();
    // The channel stays referenced until the child is ready (whoever warms it waits for that), then only while a job is out.
    this.ready = new Promise<void>((resolve, reject) => {
      child.on('message', (message: DecoderMessage) => {
        if ('ready' in message) {
          wasReady = true;
          if (this.child === child) this.holdOpen();
          resolve();
        } else this.answer(message.id, 'reply' in message ? message.reply : message.thumbnail);
      });
      child.once('error', (error) => reject(error));
      child.once('exit', (code, signal) => {
        reject(new Error(`exit ${code ?? signal}`));
        this.exited(child, wasReady, code, signal, stderr);
      });
    });
    this.ready.catch(() => undefined);
    return this.ready;
  }

  private exited(child: ChildProcess, wasReady: boolean, code: number | null, signal: NodeJS.Signals | null, stderr: string): void {
    if (this.child !== child) return; // an old child killed on purpose
    this.child = null;
    this.ready = null;
    const job = this.running;
    this.running = null;
    if (job) {
      const cause = signal ?? `exit code ${code ?? 'none'}`;
      const message =
        'thumbnail' in job.body
          ? format(_('cannot make a thumbnail of {name}: the thumbnail maker stopped ({cause})'), { name: job.name, cause })
          : format(_('cannot open {name}: the image decoder stopped ({cause})'), { name: job.name, cause });
      this.settle(job, new SovereignError('internal', message, { detail: { file: job.file, stderr } }));
    }
    if (this.stopped) return;
    log.warn('the image decoder process ended; starting a new one', { code, signal, stderr: stderr.slice(-500) });
    // Started again at once, so the next image finds it warm. One that died before it was
    // ready is not: a child that cannot start at all fails the queued jobs instead of looping.
    if (this.queue.length > 0) this.pump();
    else if (wasReady) void this.start().catch(() => undefined);
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) {
      this.holdOpen();
      return;
    }
    const job = this.queue.shift()!;
    this.running = job;
    this.holdOpen();
    this.start().then(
      () => {
        if (this.running !== job) return;
        if (!this.child?.connected) {
          // Died since it was ready, and its exit is not handled yet: the job waits for the replacement (exited() pumps).
          this.running = null;
          this.queue.unshift(job);
          return;
        }
        const message: DecodeJob = { id: job.id, ...job.body };
        this.child.send(message);
      },
      (error: Error) => {
        if (this.running !== job) return;
        this.running = null;
        this.settle(job, new SovereignError('internal', format(_('cannot open {name}: the image decoder failed to start ({cause})'), { name: job.name, cause: error.message }), { cause: error }));
        this.pump();
      },
    );
  }

  /** While a job is queued or running, the child keeps Node running so the answer (or its death) can arrive. */
  private holdOpen(): void {
    const busy = this.running !== null || this.queue.length > 0;
    // Both handles: when the child dies mid-job the channel closes before 'exit' arrives, and that must still be heard.
    if (busy) {
      this.child?.ref();
      this.child?.channel?.ref();
    } else {
      this.child?.unref();
      this.child?.channel?.unref();
    }
  }

  private answer(id: number, reply: DecodeReply | ThumbnailReply): void {
    const job = this.running;
    if (!job || job.id !== id) return;
    this.running = null;
    this.settle(job, reply);
    this.pump();
  }

  private abort(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, cancelled(job.name, job.file));
      this.holdOpen();
      return;
    }
    if (this.running !== job) return;
    // sharp has no way to stop a decode half-way: the child goes, a fresh one starts warm.
    this.running = null;
    const child = this.child;
    this.child = null;
    this.ready = null;
    child?.kill('SIGKILL');
    this.settle(job, cancelled(job.name, job.file));
    if ('request' in job.body && job.body.request.pixelsFile) fs.rmSync(job.body.request.pixelsFile, { force: true });
    if (this.queue.length > 0) this.pump();
    else if (!this.stopped) void this.start().catch(() => undefined);
  }

  private settle(job: Job, outcome: DecodeReply | ThumbnailReply | SovereignError): void {
    job.signal?.removeEventListener('abort', job.onAbort);
    if (outcome instanceof SovereignError) job.reject(outcome);
    else job.resolve(outcome);
  }
}

function cancelled(name: string, file: string): SovereignError {
  return new SovereignError('cancelled', format(_('opening {name} was cancelled'), { name }), { detail: { file } });
}

let shared: DecoderProcess | null = null;

/** The one decoder process of this Sovereign process, killed when it exits. */
export function sharedDecoderProcess(): DecoderProcess {
  if (!shared) {
    const decoder = new DecoderProcess();
    shared = decoder;
    process.once('exit', () => decoder.stop());
  }
  return shared;
}
