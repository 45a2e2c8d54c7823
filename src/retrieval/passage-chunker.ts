import { Worker } from 'node:worker_threads';
import { createLogger } from '../core/index.js';
import { chunkMarkdown } from './chunk-markdown.js';
import type { Passage } from './passage.js';

const log = createLogger('retrieval.chunker');

export interface ChunkRequest {
  id: number;
  documentId: string;
  title: string;
  content: string;
}

export type ChunkReply = { id: number; passages: Passage[] } | { id: number; error: string };

/**
 * Up to this many characters a document is chunked where it is asked for
 * (a few milliseconds: less than the trip to the worker and back). A 1 MB
 * note took ~600 ms of marked's lexer on the main loop: the window froze
 * for that long after every autosave, when the semantic index caught up.
 */
const INLINE_CHARS = 32_000;

/**
 * Splits documents into passages for the semantic index (chunkMarkdown),
 * long ones in one worker thread shared by the process, started on first
 * need. If the worker cannot run, they are chunked where asked, as before.
 */
export class PassageChunker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: ChunkReply | undefined) => void>();
  private broken = false;

  async chunk(documentId: string, title: string, content: string): Promise<Passage[]> {
    if (content.length <= INLINE_CHARS) return chunkMarkdown(documentId, title, content);
    const worker = this.broken ? undefined : this.ensureWorker();
    if (!worker) return chunkMarkdown(documentId, title, content);
    const id = this.nextId++;
    const reply = await new Promise<ChunkReply | undefined>((resolve) => {
      this.pending.set(id, resolve);
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, documentId, title, content } satisfies ChunkRequest);
    });
    // The worker died (undefined) or chunkMarkdown threw there: here it gives the same passages, or the same error.
    if (!reply || 'error' in reply) return chunkMarkdown(documentId, title, content);
    return reply.passages;
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(new URL('./chunk-worker.js', import.meta.url));
      // An idle worker must not keep a process alive; one with a document out is referenced (chunk()).
      worker.unref();
      worker.on('message', (reply: ChunkReply) => this.settle(reply.id, reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`the chunking worker exited with ${code}`)));
      this.worker = worker;
      return worker;
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  private settle(id: number, reply: ChunkReply | undefined): void {
    const resolve = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    resolve?.(reply);
  }

  /** The worker is gone: documents still out are chunked where asked, and so is every later one. */
  private fail(error: unknown): void {
    if (this.broken) return;
    log.warn('chunking in a worker failed; chunking on the main loop', { error });
    this.broken = true;
    this.worker = undefined;
    for (const id of [...this.pending.keys()]) this.settle(id, undefined);
  }
}

let shared: PassageChunker | undefined;

/** The process's one chunker (and worker thread). */
export function sharedPassageChunker(): PassageChunker {
  shared ??= new PassageChunker();
  return shared;
}
