import { Worker } from 'node:worker_threads';
import { createLogger } from '../../../core/index.js';
import { textStats, textStatsInTurns, type TextStats } from './text-stats.js';

const log = createLogger('editor.stats');

export interface StatsRequest {
  id: number;
  text: string;
}

export interface StatsReply {
  id: number;
  stats: TextStats;
}

/**
 * Up to this many characters a text is counted at once where it is asked
 * for: it takes a few milliseconds, less than handing it to the worker and
 * back. Longer texts go to the worker (a 16 KB piece took 15-25 ms on the
 * main loop, a megabyte ~1.5 s in pieces that held back every frame).
 */
const INLINE_CHARS = 4_000;

/**
 * Counts words and characters for the editor's footer. Long texts are
 * counted in one worker thread shared by every editor, started on first
 * need; if the worker cannot run, they are counted a piece per turn of the
 * main loop instead (textStatsInTurns), as before.
 */
export class TextStatsCounter {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (stats: TextStats | undefined) => void>();
  private broken = false;

  /** The counts of the text; undefined when isStale() says a newer text superseded it. */
  async count(text: string, isStale: () => boolean = () => false): Promise<TextStats | undefined> {
    if (text.length <= INLINE_CHARS) return isStale() ? undefined : textStats(text);
    const worker = this.broken ? undefined : this.ensureWorker();
    if (!worker) return textStatsInTurns(text, isStale);
    const id = this.nextId++;
    const stats = await new Promise<TextStats | undefined>((resolve) => {
      this.pending.set(id, resolve);
      if (this.pending.size === 1) worker.ref();
      const request: StatsRequest = { id, text };
      worker.postMessage(request);
    });
    if (stats === undefined) return textStatsInTurns(text, isStale);
    return isStale() ? undefined : stats;
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(new URL('./text-stats-worker.js', import.meta.url));
      // An idle worker must not keep a process alive; one with a count out is referenced (count()).
      worker.unref();
      worker.on('message', (reply: StatsReply) => this.settle(reply.id, reply.stats));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`the word-count worker exited with ${code}`)));
      this.worker = worker;
      return worker;
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  private settle(id: number, stats: TextStats | undefined): void {
    const resolve = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    resolve?.(stats);
  }

  /** The worker is gone: counts still out are counted on the main loop, and so is every later one. */
  private fail(error: unknown): void {
    if (this.broken) return;
    log.warn('counting words in a worker failed; counting on the main loop', { error });
    this.broken = true;
    this.worker = undefined;
    for (const id of [...this.pending.keys()]) this.settle(id, undefined);
  }
}

let shared: TextStatsCounter | undefined;

/** The process's one counter (and worker thread), shared by every open editor. */
export function sharedTextStatsCounter(): TextStatsCounter {
  shared ??= new TextStatsCounter();
  return shared;
}
