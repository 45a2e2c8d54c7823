/**
 * The record kinds of a Sovereign workspace as the rest of the program sees
 * them: plain data, no SurrealDB types. Ids are opaque strings (the record
 * key without its table name); only src/store turns them into RecordIds.
 */
export const DOC_TYPES = ['markdown', 'text', 'pdf', 'docx', 'html', 'image'] as const;
export type DocType = (typeof DOC_TYPES)[number];

export const RELATION_KINDS = ['references', 'derived_from', 'continues', 'related'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

export interface Provenance {
  sourcePath: string;
  /** sha256 of the original file, hex. */
  originalHash: string;
  importedAt: Date;
  /** The importer that read it and its version (absent on documents imported before they were recorded). */
  importer?: string;
  importerVersion?: string;
  /** Which document of a multi-document file this is (a JSON Canvas node id); absent for one-document files. */
  sourceKey?: string;
}

/** Where a card sits in its thread's band; userPlaced means a person dragged it there. */
export interface CardPosition {
  x: number;
  y: number;
  userPlaced: boolean;
}

/** Everything about a document except its content: what the canvas, search overlay and Shell provider need. */
export interface DocumentMeta {
  id: string;
  title: string;
  docType: DocType;
  threadId: string | null;
  /** Owned documents were written here; external ones were imported from elsewhere. */
  isOwned: boolean;
  createdAt: Date;
  modifiedAt: Date;
  position: CardPosition | null;
  provenance: Provenance | null;
  /** Reference to an attached media file (image, original PDF), relative to the data dir. */
  mediaRef: string | null;
  /** Tags without '#', from the source (front matter, #tags); absent when it had none. */
  tags?: string[];
}

export interface Document extends DocumentMeta {
  content: string;
}

export interface Thread {
  id: string;
  name: string;
  description: string;
  /** A CSS colour, e.g. "#3584e4". */
  colour: string;
  order: number;
}

export interface Milestone {
  id: string;
  threadId: string;
  date: Date;
  label: string;
}

export interface Relationship {
  id: string;
  kind: RelationKind;
  from: string;
  to: string;
  /** 0..1 */
  strength: number;
}

/** Who made a commit or sent a message. */
export const AUTHORS = ['user', 'assistant'] as const;
export type Author = (typeof AUTHORS)[number];

/**
 * One saved state of a document's content. Every save is a commit; commits
 * are never changed or removed while their document exists. A merge commit
 * has two parents, the root commit none.
 */
export interface Commit {
  id: string;
  documentId: string;
  /** The branch the commit was made on (its name at the time). */
  branch: string;
  parents: string[];
  author: Author;
  message: string;
  createdAt: Date;
  /** The full content at this commit (a snapshot: any two commits diff without replay). */
  content: string;
}

/** A named line of a document's history; head is its latest commit. */
export interface Branch {
  id: string;
  documentId: string;
  name: string;
  head: string;
  createdAt: Date;
}

/** The name every document's first branch gets. */
export const DEFAULT_BRANCH = 'main';

/**
 * One entry of the append-only event log. Types are dotted, e.g.
 * "document.created", "message.user", "assistant.tool_call", "ui.state".
 * seq is strictly increasing across restarts and orders the log.
 */
export interface EventRecord {
  seq: number;
  type: string;
  at: Date;
  payload: Record<string, unknown>;
}

export interface Conversation {
  id: string;
  title: string;
  createdAt: Date;
  updatedAt: Date;
}

export const MESSAGE_ROLES = ['user', 'assistant', 'system', 'tool'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

export interface Message {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  /** Tool calls, model name, cited document ids…: whatever the assistant layer needs to keep. */
  metadata: Record<string, unknown>;
  createdAt: Date;
  /** Orders messages within a conversation. */
  index: number;
}
