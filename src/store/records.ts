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
