import type {
  Direction,
  Document,
  DocumentMeta,
  GraphStore,
  Milestone,
  Relationship,
  StoreChange,
  Thread,
} from '../store/index.js';

/**
 * The workspace as the canvas, the search overlay and the Shell search
 * provider see it: every document's metadata, the threads, milestones and
 * links, held in memory so that reads cost microseconds instead of a
 * database call. Loaded once from the store, then kept in sync from the
 * store's change notifications (no polling). Content is not held: fetch it
 * with `content(id)` when a document is opened.
 *
 * Reads are synchronous and return shared objects: treat them as read-only.
 */
export interface WorkspaceModel {
  readonly store: GraphStore;

  /** A document's metadata, or undefined when there is no such document. */
  get(id: string): DocumentMeta | undefined;
  has(id: string): boolean;
  /** How many documents (all threads). */
  readonly size: number;
  /** Every document, in no particular order. */
  documents(): IterableIterator<DocumentMeta>;

  /** Threads ordered by their `order`. */
  threads(): readonly Thread[];
  thread(id: string): Thread | undefined;

  /**
   * A thread's documents ordered by creation date (oldest first), a page at a
   * time; null selects documents in no thread.
   */
  threadDocuments(threadId: string | null, page?: { offset?: number; limit?: number }): DocumentMeta[];
  /** How many documents a thread has. */
  threadSize(threadId: string | null): number;

  /** Milestones ordered by date; one thread's, or all. */
  milestones(threadId?: string): readonly Milestone[];

  /** The edges touching a document. */
  links(id: string, direction?: Direction): readonly Relationship[];
  /** Every edge. */
  relationships(): IterableIterator<Relationship>;

  /** Titles starting with the prefix, case-insensitive, ordered by title. */
  titlePrefix(prefix: string, limit?: number): DocumentMeta[];

  /** The full document, content included (one store call). */
  content(id: string): Promise<Document>;

  /**
   * Called after the model has applied a store change, with that change.
   * Returns the function that unsubscribes.
   */
  onChange(listener: (change: StoreChange) => void): () => void;

  /**
   * Writes the snapshot the next open starts from (when the model was
   * loaded with a snapshot file; otherwise nothing). Call before closing.
   */
  saveSnapshot(): Promise<void>;

  /** Stops following the store (the store stays open). */
  dispose(): void;
}

export interface LoadWorkspaceModelOptions {
  /**
   * Where the model's snapshot lives, e.g. <cacheDir>/workspace-model.json.
   * Absent: always loaded from the database (tests, mem:// stores).
   */
  snapshotFile?: string;
}

