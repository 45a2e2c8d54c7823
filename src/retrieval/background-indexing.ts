import { bulkWork, createLogger, isSovereignError, type BulkWork } from '../core/index.js';
import type { GraphStore } from '../store/index.js';
import type { IndexProgress, SemanticIndex } from './semantic-index.js';

const log = createLogger('retrieval.background');

/**
 * Waits this long after a store change before embedding: an import of
 * thousands arrives as a burst of changes, and one run over the burst
 * reports one progress from 0 to n instead of n runs of one.
 */
const SETTLE_MS = 1500;

/** What the window's status area shows. */
export interface IndexingState {
  /** Documents embedded in the current run, and how many it has to do. */
  done: number;
  total: number;
  /** Whether a run is embedding (or held by pause) now. */
  running: boolean;
  paused: boolean;
  /** Documents waiting when not running (0 when the index is up to date). */
  pending: number;
}

/**
 * Keeps a semantic index up to date in a long-running process (the window,
 * the D-Bus service): starts a run when documents are queued, again after
 * store changes settle, and lets the person pause and resume it. The
 * encoder works in its own thread and the index yields a macrotask between
 * steps (SemanticIndex.run), so the main loop never waits on embedding.
 *
 * While the process runs bulk work (core BulkWork: an import of many files)
 * no run starts; the documents it brought are embedded once it has ended.
 * Beside an import the encoder took a core that the import and the window
 * needed, and its chunking held the window's loop between frames.
 */
export class BackgroundIndexing {
  private readonly listeners = new Set<(state: IndexingState) => void>();
  private readonly controller = new AbortController();
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private progress: IndexProgress | undefined;
  private readonly unsubscribe: () => void;
  private readonly offBulk: () => void;

  constructor(
    private readonly semantic: SemanticIndex,
    store: GraphStore,
    private readonly bulk: BulkWork = bulkWork,
  ) {
    this.unsubscribe = store.subscribe((change) => {
      if (change.kind.startsWith('document.')) this.schedule(SETTLE_MS);
    });
    this.offBulk = bulk.onChange((busy) => {
      if (!busy) this.schedule(SETTLE_MS);
    });
  }

  /** Starts embedding what is queued (soon, not within this call). */
  start(): void {
    this.schedule(0);
  }

  get state(): IndexingState {
    const status = this.semantic.status();
    return {
      done: this.progress?.done ?? 0,
      total: this.progress?.total ?? 0,
      running: this.running !== undefined,
      paused: status.paused,
      pending: status.pending,
    };
  }

  onChange(listener: (state: IndexingState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  pause(): void {
    this.semantic.pause();
    this.emit();
  }

  resume(): void {
    this.semantic.resume();
    this.emit();
  }

  /** Resolves when nothing is queued and no run is going (for tests and the CLI). */
  async idle(): Promise<void> {
    while (this.running || this.timer || this.semantic.status().pending > 0) {
      if (!this.running && !this.timer) this.schedule(0);
      await (this.running ?? new Promise((resolve) => setTimeout(resolve, 50)));
    }
  }

  private schedule(delayMs: number): void {
    if (this.controller.signal.aborted || this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, delayMs);
    // A pending run must not keep a finished process alive.
    this.timer.unref();
  }

  private run(): void {
    // Bulk work's end schedules the run again.
    if (this.running || this.bulk.busy || this.semantic.status().pending === 0) return;
    this.progress = { done: 0, total: this.semantic.status().pending, embedded: 0, reused: 0 };
    this.running = this.semantic
      .run({
        signal: this.controller.signal,
        onProgress: (progress) => {
          this.progress = progress;
          this.emit();
        },
      })
      .then(
        (done) => log.info('semantic index up to date', { documents: done.done, embedded: done.embedded, reused: done.reused }),
        (error: unknown) => {
          if (!isSovereignError(error, 'cancelled')) log.warn('background indexing stopped', { error });
        },
      )
      .finally(() => {
        this.running = undefined;
        this.progress = undefined;
        this.emit();
        // Changes that arrived during the run were queued; a change seen while running did not schedule.
        if (!this.controller.signal.aborted && this.semantic.status().pending > 0) this.schedule(SETTLE_MS);
      });
    this.emit();
  }

  private emit(): void {
    const state = this.state;
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch (error) {
        log.error('an indexing listener failed', { error });
      }
    }
  }

  /** Stops after the step in progress (what was embedded is saved) and stops following the store. */
  async stop(): Promise<void> {
    this.unsubscribe();
    this.offBulk();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.controller.abort();
    // A paused run waits for resume before it sees the abort.
    this.semantic.resume();
    await this.running;
  }
}
