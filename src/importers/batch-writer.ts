/** What the writer needs to know of a queued file. */
export interface BatchItem {
  /** The file's resolved path: a second look at the same file must wait until the first is written. */
  real: string;
  documents: readonly unknown[];
}

/**
 * Gathers the files' new documents into batches and writes each batch
 * while the import reads and parses the next files. Writes run one at a
 * time and in order, and at most one batch is being written while the
 * next fills, so memory stays bounded by two batches. The engine does its
 * work on its own threads, so a write in flight costs the parsing little.
 */
export class BatchWriter<T extends BatchItem> {
  private queued: T[] = [];
  private queuedReals = new Set<string>();
  private queuedDocuments = 0;
  private writing: { reals: ReadonlySet<string>; done: Promise<void> } | null = null;

  constructor(private readonly writeBatch: (batch: readonly T[]) => Promise<void>) {}

  /** Whether the file is queued or being written (so not yet known to the store). */
  holds(real: string): boolean {
    return this.queuedReals.has(real) || (this.writing?.reals.has(real) ?? false);
  }

  /** Queues a file's documents; once `batchDocuments` wait, starts writing them (after the batch before them is written). */
  async add(item: T, batchDocuments: number): Promise<void> {
    this.queued.push(item);
    this.queuedReals.add(item.real);
    this.queuedDocuments += item.documents.length;
    if (this.queuedDocuments >= batchDocuments) await this.start();
  }

  /** Writes everything queued and returns once all of it is stored (or has failed file by file). */
  async flush(): Promise<void> {
    await this.start();
    await this.writing?.done;
    this.writing = null;
  }

  /** Waits for a write still running, whatever its result (for cleanup after an error). */
  async settled(): Promise<void> {
    await this.writing?.done.catch(() => undefined);
  }

  private async start(): Promise<void> {
    if (this.writing) await this.writing.done;
    this.writing = null;
    if (this.queued.length === 0) return;
    const batch = this.queued;
    const reals = this.queuedReals;
    this.queued = [];
    this.queuedReals = new Set();
    this.queuedDocuments = 0;
    const done = this.writeBatch(batch);
    // Awaited by the next start() or flush(); this keeps a failure from counting as unhandled meanwhile.
    done.catch(() => undefined);
    this.writing = { reals, done };
  }
}
