import { Worker, parentPort } from 'node:worker_threads';
import { createLogger } from './log.js';

const log = createLogger('off-thread');

interface OffThreadRequest<In> {
  id: number;
  input: In;
}

type OffThreadReply<Out> = { id: number; output: Out } | { id: number; error: string };

/**
 * One pure function run in one worker thread, started on first need and
 * shared by whoever holds this object: for work on long texts that would
 * hold the window's main loop (chunking, tokenising). run() answers
 * undefined when the worker could not do it (it failed to start, died, or
 * the function threw there): the caller then does the work itself, so a
 * broken worker costs time, never a result. An idle worker does not keep
 * the process alive. The worker script calls serveOffThread(fn).
 */
export class OffThread<In, Out> {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (output: Out | undefined) => void>();
  private broken = false;

  /** `script`: the worker's module (new URL('./x-worker.js', import.meta.url)); `what`: for the log. */
  constructor(
    private readonly script: URL,
    private readonly what: string,
  ) {}

  run(input: In): Promise<Out | undefined> {
    const worker = this.broken ? undefined : this.ensureWorker();
    if (!worker) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise<Out | undefined>((resolve) => {
      this.pending.set(id, resolve);
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, input } satisfies OffThreadRequest<In>);
    });
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(this.script);
      // An idle worker must not keep a process alive; one with work out is referenced (run()).
      worker.unref();
      worker.on('message', (reply: OffThreadReply<Out>) => {
        if ('error' in reply) log.warn(`${this.what} failed in its worker; doing it on the main loop`, { error: reply.error });
        this.settle(reply.id, 'error' in reply ? undefined : reply.output);
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`the worker exited with ${code}`)));
      this.worker = worker;
      return worker;
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  private settle(id: number, output: Out | undefined): void {
    const resolve = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    resolve?.(output);
  }

  /** The worker is gone: work still out, and every later run, is left to the callers. */
  private fail(error: unknown): void {
    if (this.broken) return;
    log.warn(`${this.what} cannot run in a worker; doing it on the main loop`, { error });
    this.broken = true;
    this.worker = undefined;
    for (const id of [...this.pending.keys()]) this.settle(id, undefined);
  }
}

/** The worker side of OffThread: answers each message with fn(input), in order. */
export function serveOffThread<In, Out>(fn: (input: In) => Out): void {
  parentPort?.on('message', (request: OffThreadRequest<In>) => {
    let reply: OffThreadReply<Out>;
    try {
      reply = { id: request.id, output: fn(request.input) };
    } catch (error) {
      reply = { id: request.id, error: (error as Error).message };
    }
    parentPort!.postMessage(reply);
  });
}
