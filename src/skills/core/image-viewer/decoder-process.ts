import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SovereignError, _, createLogger, format } from '../../../core/index.js';
import type { DecodeJob, DecoderMessage, DecodeReply, DecodeRequest } from './decode-protocol.js';

const log = createLogger('image-decoder');

const WORKER_SCRIPT = fileURLToPath(new URL('./decode-worker.js', import.meta.url));

export type DecodeSuccess = Extract<DecodeReply, { ok: true }>;

interface Job {
  id: number;
  request: DecodeRequest;
  name: string;
  signal: AbortSignal | undefined;
  resolve: (reply: DecodeReply) => void;
  reject: (error: SovereignError) => void;
  onAbort: () => void;
}

/**
 * One decode child process kept warm and reused for every image the window
 * opens. Starting a fresh Node with sharp costs ~0.8 s, more than a
 * screen-sized preview of a 50 MP photo; keeping one ready removes it from
 * every open but the first. Jobs run one at a time in order (two cores:
 * a second decode alongside would only slow the first, which is the one on
 * screen). A child that dies is replaced, and the job it was running fails
 * with a message; a job whose signal aborts is dropped from the queue, or,
 * if it is running, the child is killed (sharp cannot stop a decode
 * half-way) and a fresh one started. Pixels travel through the file each
 * request names, never through the IPC channel.
 */
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
    if (signal?.aborted) return Promise.reject(cancelled(name, request.file));
    this.stopped = false;
    return new Promise<DecodeReply>((resolve, reject) => {
      const job: Job = { id: this.nextId++, request, name, signal, resolve, reject, onAbort: () => this.abort(job) };
      signal?.addEventListener('abort', job.onAbort, { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  /** Kills the child; queued and running jobs fail. Called when Sovereign quits. */
  stop(): void {
    this.stopped = true;
    for (const job of this.queue.splice(0)) this.settle(job, cancelled(job.name, job.request.file));
    if (this.running) this.settle(this.running, cancelled(this.running.name, this.running.request.file));
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
        } else this.answer(message.id, message.reply);
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
      this.settle(
        job,
        new SovereignError('internal', format(_('cannot open {name}: the image decoder stopped ({cause})'), { name: job.name, cause: signal ?? `exit code ${code ?? 'none'}` }), {
          detail: { file: job.request.file, stderr },
        }),
      );
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
        const message: DecodeJob = { id: job.id, request: job.request };
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

  private answer(id: number, reply: DecodeReply): void {
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
      this.settle(job, cancelled(job.name, job.request.file));
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
    this.settle(job, cancelled(job.name, job.request.file));
    if (job.request.pixelsFile) fs.rmSync(job.request.pixelsFile, { force: true });
    if (this.queue.length > 0) this.pump();
    else if (!this.stopped) void this.start().catch(() => undefined);
  }

  private settle(job: Job, outcome: DecodeReply | SovereignError): void {
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
