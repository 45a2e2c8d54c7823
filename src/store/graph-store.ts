import type { FileCipher } from '../core/crypto/index.js';
import type { StoreChangeListener } from './changes.js';
import type {
  Author,
  Branch,
  CardPosition,
  Commit,
  Conversation,
  DocType,
  Document,
  DocumentMeta,
  EventRecord,
  Message,
  MessageRole,
  Milestone,
  Provenance,
  RelationKind,
  Relationship,
  Thread,
} from './records.js';

/**
 * The data layer every other part of Sovereign talks to. The only
 * implementation keeps the graph in SurrealDB (src/store/surreal/); nothing
 * outside src/store sees SurrealQL or SurrealDB types.
 *
 * Conventions:
 * - Ids are opaque strings. Unknown ids raise SovereignError('not-found');
 *   `find*` variants return null instead.
 * - Invalid fields raise 'invalid-input' naming the field; a duplicate
 *   thread or branch name raises 'already-exists'.
 * - Each method is one transaction: it happens completely or not at all.
 * - Writes are serialised inside the store (the engine reports write
 *   conflicts otherwise); callers may issue them concurrently.
 * - Every mutation appends to the event log in the same transaction and,
 *   after it commits, is announced to subscribers (see StoreChange).
 */
export interface GraphStore
  extends DocumentOperations,
    ThreadOperations,
    MilestoneOperations,
    RelationshipOperations,
    VersionOperations,
    EventLogOperations,
    ConversationOperations {
  /** Where the data lives, for messages: "rocksdb:///…", "mem://", "ws://host:port". */
  readonly location: string;
  /**
   * A vault's cipher for the files kept beside the store (attachments,
   * index files, the model snapshot); null in a plain workspace.
   */
  readonly files: FileCipher | null;

  /**
   * Subscribes to committed changes (in order, synchronously after each
   * commit). Returns the function that unsubscribes.
   */
  subscribe(listener: StoreChangeListener): () => void;

  /** The seq of the last change announced (0 before any). */
  readonly lastChangeSeq: number;

  /**
   * The seq of the newest event-log entry. It moves in the same step as the
   * change announcement, so state kept in sync from subscribe() reflects
   * exactly the log up to this seq: a watermark for caches that catch up
   * from the log (workspace snapshot, search index).
   */
  readonly lastEventSeq: number;

  /**
   * The whole database (schema and every record) as SurrealQL text, read in
   * one transaction so it is a consistent snapshot while others write; for
   * backups, loaded back with importSnapshot().
   */
  exportSnapshot(): AsyncIterable<Uint8Array>;

  /**
   * Closes the connection (bounded by a timeout). The embedded engine keeps
   * its file lock until the process exits, so the same database cannot be
   * reopened in this process afterwards; the CLI exits right after closing.
   */
  close(): Promise<void>;
}

// ---------------------------------------------------------------- documents

export interface NewDocument {
  /** Optional caller-chosen id (importers, fixtures); generated when absent. */
  id?: string;
  title: string;
  docType: DocType;
  content: string;
  threadId?: string | null;
  isOwned?: boolean;
  provenance?: Provenance | null;
  mediaRef?: string | null;
  position?: CardPosition | null;
  tags?: readonly string[];
  /** Defaults to now; importers pass the original file's date. */
  createdAt?: Date;
  modifiedAt?: Date;
}

/** Fields to change; absent fields stay as they are, null clears. */
export interface DocumentPatch {
  title?: string;
  docType?: DocType;
  content?: string;
  threadId?: string | null;
  isOwned?: boolean;
  provenance?: Provenance | null;
  mediaRef?: string | null;
  position?: CardPosition | null;
  tags?: readonly string[];
}

/** How a content change is recorded in the document's history. */
export interface SaveOptions {
  author?: Author;
  message?: string;
}

export type DocumentOrder = 'created' | 'modified' | 'title';

export interface DocumentQuery {
  /** A thread id, or null for documents in no thread. Absent: every thread. */
  threadId?: string | null;
  docTypes?: readonly DocType[];
  /** Inclusive lower and exclusive upper bound on the `orderBy` date (created or modified). */
  from?: Date;
  until?: Date;
  orderBy?: DocumentOrder;
  descending?: boolean;
  offset?: number;
  /** Page size, 1..1000 (default 50). */
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Offset of the next page, or null when this was the last one. */
  nextOffset: number | null;
}

export interface DocumentOperations {
  /** Creates a document and its root commit on the "main" branch. */
  createDocument(input: NewDocument, options?: SaveOptions): Promise<Document>;
  /**
   * Creates many documents (and their relationships, if given) in
   * transactions of a few hundred each; all of a batch or none of it is
   * stored. Announces one 'document.created' change per document.
   */
  createDocuments(inputs: readonly NewDocument[], options?: BatchOptions): Promise<DocumentMeta[]>;
  getDocument(id: string): Promise<Document>;
  findDocument(id: string): Promise<Document | null>;
  getDocumentMeta(id: string): Promise<DocumentMeta>;
  /** The documents that exist among the ids, in the order given (unknown ids are skipped). */
  getDocuments(ids: readonly string[]): Promise<Document[]>;
  /**
   * Changes a document. A content change is a commit on the document's
   * current branch (author and message from options).
   */
  updateDocument(id: string, patch: DocumentPatch, options?: SaveOptions): Promise<Document>;
  /** Deletes the document, its history and its relationships. */
  deleteDocument(id: string): Promise<void>;
  listDocuments(query?: DocumentQuery): Promise<Page<DocumentMeta>>;
  /** Every document's metadata, for loading the workspace model (no content). */
  allDocumentMeta(): Promise<DocumentMeta[]>;
  /** Every document with content, in pages, for (re)building the search index. */
  scanDocuments(pageSize?: number): AsyncIterable<Document[]>;
  /** Titles starting with the prefix (case-sensitive, via an index range), ordered by title. */
  findByTitlePrefix(prefix: string, limit?: number): Promise<DocumentMeta[]>;
  countDocuments(): Promise<number>;
}

export interface BatchOptions {
  /** Relationships to create after the documents (may refer to them by id). */
  relationships?: readonly NewRelationship[];
  /** Documents per transaction (default 250). */
  batchSize?: number;
  /** Called after each batch commits. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

// ---------------------------------------------------------------- threads

export interface NewThread {
  id?: string;
  name: string;
  description?: string;
  colour?: string;
  /** Defaults to after the last thread. */
  order?: number;
}

export type ThreadPatch = Partial<Omit<NewThread, 'id'>>;

export interface ThreadOperations {
  /** Names are unique (case-insensitively): a duplicate is 'already-exists'. */
  createThread(input: NewThread): Promise<Thread>;
  getThread(id: string): Promise<Thread>;
  findThreadByName(name: string): Promise<Thread | null>;
  updateThread(id: string, patch: ThreadPatch): Promise<Thread>;
  /**
   * Deletes a thread and its milestones. Its documents stay, moved to no
   * thread (each announced as 'document.updated').
   */
  deleteThread(id: string): Promise<void>;
  /** Ordered by `order`. */
  listThreads(): Promise<Thread[]>;
}

// ---------------------------------------------------------------- milestones

export interface NewMilestone {
  id?: string;
  threadId: string;
  date: Date;
  label: string;
}

export type MilestonePatch = Partial<Omit<NewMilestone, 'id'>>;

export interface MilestoneOperations {
  createMilestone(input: NewMilestone): Promise<Milestone>;
  getMilestone(id: string): Promise<Milestone>;
  updateMilestone(id: string, patch: MilestonePatch): Promise<Milestone>;
  deleteMilestone(id: string): Promise<void>;
  /** Ordered by date; all threads when threadId is absent. */
  listMilestones(threadId?: string): Promise<Milestone[]>;
}

// ---------------------------------------------------------------- relationships

export interface NewRelationship {
  id?: string;
  kind: RelationKind;
  from: string;
  to: string;
  /** 0..1, default 1. */
  strength?: number;
}

export type Direction = 'outbound' | 'inbound' | 'both';

export interface TraversalOptions {
  direction?: Direction;
  kinds?: readonly RelationKind[];
  /** 1..3 (default 1). */
  hops?: number;
  /** Most documents returned, 1..1000 (default 50). */
  limit?: number;
}

export interface RelationshipOperations {
  /** Both ends must exist ('not-found' otherwise); strength outside 0..1 is 'invalid-input'. */
  createRelationship(input: NewRelationship): Promise<Relationship>;
  createRelationships(inputs: readonly NewRelationship[], options?: Omit<BatchOptions, 'relationships'>): Promise<Relationship[]>;
  getRelationship(id: string): Promise<Relationship>;
  updateRelationshipStrength(id: string, strength: number): Promise<Relationship>;
  deleteRelationship(id: string): Promise<void>;
  /** The edges touching a document. */
  relationshipsOf(documentId: string, direction?: Direction): Promise<Relationship[]>;
  /** Every edge, for loading the workspace model. */
  allRelationships(): Promise<Relationship[]>;
  /**
   * Documents reachable in exactly `hops` steps along edges of the given
   * kinds and direction (the start excluded), distinct, at most `limit`.
   */
  traverse(documentId: string, options?: TraversalOptions): Promise<DocumentMeta[]>;
}

// ---------------------------------------------------------------- versions

export interface NewCommit {
  documentId: string;
  /** Branch to commit on; its head becomes the new commit. */
  branch: string;
  content: string;
  /** Extra parents besides the branch head (a merge's other side). */
  mergeParents?: readonly string[];
  author?: Author;
  message?: string;
}

/**
 * Storage for document history. The rules (diff, merge, restore) live in
 * src/versions; these are the primitives it builds on.
 */
export interface VersionOperations {
  /**
   * Appends a commit to a branch. When the branch is the document's current
   * one, the document's content becomes the commit's (and it is announced).
   */
  commit(input: NewCommit): Promise<Commit>;
  getCommit(id: string): Promise<Commit>;
  /** Newest first; follows first parents from the branch head (default: current branch). */
  listCommits(documentId: string, options?: { branch?: string; limit?: number }): Promise<Commit[]>;
  /** Every commit of the document on any branch, oldest first (for merge bases). */
  allCommits(documentId: string): Promise<Commit[]>;
  listBranches(documentId: string): Promise<Branch[]>;
  currentBranch(documentId: string): Promise<Branch>;
  /** Starts a branch at a commit (default: the current branch's head). Names are unique per document. */
  createBranch(documentId: string, name: string, fromCommit?: string): Promise<Branch>;
  /**
   * Makes another branch current: the document's content becomes that
   * branch's head. Returns the metadata (getDocument reads the text: it can
   * be a megabyte, and most callers do not need it).
   */
  switchBranch(documentId: string, name: string): Promise<DocumentMeta>;
  /** Deletes a branch other than the current one; its commits stay reachable by id. */
  deleteBranch(documentId: string, name: string): Promise<void>;
}

// ---------------------------------------------------------------- event log

export interface EventQuery {
  /** Exact types, or prefixes ending in '.' ("document." matches "document.created"). */
  types?: readonly string[];
  afterSeq?: number;
  from?: Date;
  until?: Date;
  /** Newest first when true (default: oldest first). */
  descending?: boolean;
  limit?: number;
}

export interface EventLogOperations {
  /**
   * Appends an event that is not a store mutation (a user message, an
   * assistant tool call, UI state worth restoring). Mutations are logged by
   * the store itself.
   */
  appendEvent(type: string, payload: Record<string, unknown>): Promise<EventRecord>;
  listEvents(query?: EventQuery): Promise<EventRecord[]>;
  /** The most recent event of a type, e.g. the last "ui.state" to restore after a restart. */
  latestEvent(type: string): Promise<EventRecord | null>;
}

// ---------------------------------------------------------------- conversations

export interface NewMessage {
  role: MessageRole;
  content: string;
  metadata?: Record<string, unknown>;
}

export interface ConversationOperations {
  createConversation(title: string): Promise<Conversation>;
  getConversation(id: string): Promise<Conversation>;
  renameConversation(id: string, title: string): Promise<Conversation>;
  /** Newest (updatedAt) first. */
  listConversations(options?: { limit?: number }): Promise<Conversation[]>;
  deleteConversation(id: string): Promise<void>;
  /** Appends a message (logged as "message.<role>") and bumps the conversation's updatedAt. */
  appendMessage(conversationId: string, message: NewMessage): Promise<Message>;
  /** In order. */
  listMessages(conversationId: string, options?: { limit?: number; afterIndex?: number }): Promise<Message[]>;
}
