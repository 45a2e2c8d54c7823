import { Worker } from 'node:worker_threads';
import { SovereignError, _, asSovereignError, errorFromWire, format } from '../core/index.js';
import type { FileReader, ReadFile, ReadingContext } from './file-reading.js';
import type { Importer } from './importer.js';
import { asBuffer, type FromReadThread, type ReadThreadData, type ToReadThread, type WireReadFile } from './read-wire.js';

const WORKER_SCRIPT = new URL('./read-thread-worker.js', import.meta.url);

/**
 * Reads an import's files on a thread of its own: opening, hashing and
 * parsing 2,000 notes held the window's loop for a second and a half in
 * slices of 20–70 ms, so the canvas stuttered through a vault import. The
 * thread runs the same readImportFile as an import in process; this side
 * answers its one question (is this original known unchanged?) from the
 * workspace, and gets back what the importers made, the original's bytes
 * moved rather than copied when they are large. Cancel reaches the
 * importers (and their child processes) through the thread's own signal.
 */
export class ReadThread implements FileReader {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (file: ReadFile) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private stopped: Error | null = null;

  constructor(
    data: ReadThreadData,
    private readonly ctx: Pick<ReadingContext, 'importers' | 'mustParse' | 'signal'>,
  ) {
    this.worker = new Worker(WORKER_SCRIPT, { workerData: data });
    this.worker.on('message', (message: FromReadThread) => this.received(message));
    this.worker.on('error', (error) => this.stop(error.message));
    this.worker.on('exit', (code) => this.stop(format(_('the reading thread ended with code {code}'), { code })));
    const cancel = () => this.send({ type: 'cancel' });
    if (ctx.signal.aborted) cancel();
    else ctx.signal.addEventListener('abort', cancel, { once: true });
  }

  read(filePath: string): Promise<ReadFile> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<ReadFile>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.send({ type: 'read', id, path: filePath });
    });
  }

  async close(): Promise<void> {
    this.stopped ??= new SovereignError('internal', 'the reading thread was closed');
    await this.worker.terminate();
  }

  private send(message: ToReadThread): void {
    if (!this.stopped) this.worker.postMessage(message);
  }

  private received(message: FromReadThread): void {
    if (message.type === 'ask') {
      const importer = this.importerWithId(message.importerId);
      void Promise.resolve(this.ctx.mustParse(importer, message)).then((parse) => this.send({ type: 'must-parse', id: message.id, parse }));
      return;
    }
    const waiter = this.waiting.get(message.id);
    if (!waiter) return;
    this.waiting.delete(message.id);
    if (message.type === 'failed') waiter.reject(errorFromWire(message.error));
    else waiter.resolve(this.fromWire(message.file));
  }

  private fromWire(file: WireReadFile): ReadFile {
    const imported = file.imported?.map((doc) => (doc.attachment?.kind === 'bytes' ? { ...doc, attachment: { ...doc.attachment, bytes: asBuffer(doc.attachment.bytes) } } : doc)) ?? null;
    return {
      source: { ...file.source, bytes: asBuffer(file.source.bytes) },
      importer: this.importerWithId(file.importerId),
      imported,
      warnings: file.warnings.map((warning) => asSovereignError(errorFromWire(warning), 'invalid-input')),
    };
  }

  private importerWithId(id: string): Importer {
    const importer = this.ctx.importers.find((candidate) => candidate.id === id);
    if (!importer) throw new SovereignError('internal', `the reading thread named an importer this side does not have: ${id}`);
    return importer;
  }

  /** The thread failed or ended: every read still waiting fails with why. */
  private stop(reason: string): void {
    if (this.stopped) return;
    this.stopped = new SovereignError('internal', format(_('The import stopped reading files: {reason}'), { reason }));
    for (const waiter of this.waiting.values()) waiter.reject(this.stopped);
    this.waiting.clear();
  }
}
