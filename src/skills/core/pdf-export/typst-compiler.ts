import { Worker } from 'node:worker_threads';
import { SovereignError, _, format } from '../../../core/index.js';
import { allFontFiles } from './pdf-fonts.js';
import type { CompileReply, CompileRequest, TypstWorkerData } from './typst-protocol.js';

/**
 * Runs typst in a worker thread (typst-worker.ts), one compile at a time.
 * The worker is started on first use and kept: fonts are parsed once. A
 * cancelled compile terminates the worker (typst cannot be interrupted
 * otherwise); the next compile starts a fresh one.
 */
export class TypstCompiler {
  private worker: Worker | null = null;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  compile(source: string, files: CompileRequest['files'] = [], signal?: AbortSignal): Promise<Uint8Array> {
    const run = this.queue.then(() => this.run(source, files, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Starts the worker ahead of the first export: typst scans the system's
   * fonts when it starts (about a second), which a window can do while the
   * person is still choosing options.
   */
  warm(): void {
    this.ensureWorker();
  }

  /** Stops the worker (if any); a later compile starts another. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private run(source: string, files: CompileRequest['files'], signal: AbortSignal | undefined): Promise<Uint8Array> {
    if (signal?.aborted) return Promise.reject(cancelled());
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
        worker.unref();
      };
      const onMessage = (reply: CompileReply) => {
        if (reply.id !== id) return;
        cleanup();
        if (reply.ok) resolve(reply.pdf);
        else reject(new SovereignError('internal', format(_('typst could not typeset the PDF: {reason}'), { reason: reply.message })));
      };
      const onError = (error: Error) => {
        cleanup();
        this.worker = null;
        reject(new SovereignError('internal', format(_('the PDF typesetter stopped: {reason}'), { reason: error.message }), { cause: error }));
      };
      const onExit = () => {
        cleanup();
        this.worker = null;
        reject(signal?.aborted ? cancelled() : new SovereignError('internal', _('the PDF typesetter stopped unexpectedly')));
      };
      const onAbort = () => {
        cleanup();
        this.worker = null;
        void worker.terminate();
        reject(cancelled());
      };
      // Held while compiling, so a command line run waits for its PDF.
      worker.ref();
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      const request: CompileRequest = { id, source, files };
      worker.postMessage(request);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const data: TypstWorkerData = { fontFiles: allFontFiles() };
    const worker = new Worker(new URL('./typst-worker.js', import.meta.url), { workerData: data });
    // An idle worker must not keep the CLI process alive.
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

function cancelled(): SovereignError {
  return new SovereignError('cancelled', _('the PDF export was cancelled'));
}

let shared: TypstCompiler | undefined;

/**
 * The process's one typesetter: the export service and the PDF skill the
 * registry loads share it, so fonts are scanned and held once.
 */
export function sharedTypstCompiler(): TypstCompiler {
  shared ??= new TypstCompiler();
  return shared;
}
