import type { RecordId } from 'surrealdb';
import type { Document, DocumentMeta, DocType } from '../records.js';
import { toDate } from './dates.js';
import { keyOf } from './ids.js';

export interface BranchRow {
  name: string;
  head: string;
  created_at: Date;
}

/** A document as stored. Optional fields are absent (NONE), never null. */
export interface DocumentRow {
  id?: RecordId;
  title: string;
  doc_type: DocType;
  content?: string;
  thread?: string;
  is_owned: boolean;
  provenance?: { source_path: string; original_hash: string; imported_at: Date };
  media_ref?: string;
  created_at: Date;
  modified_at: Date;
  position?: { x: number; y: number; user_placed: boolean };
  branch: string;
  branches: BranchRow[];
}

/** The columns of DocumentMeta: reading them skips the content. */
export const META_FIELDS = 'id, title, doc_type, thread, is_owned, provenance, media_ref, created_at, modified_at, position';

export function metaFromRow(row: DocumentRow): DocumentMeta {
  return {
    id: keyOf(row.id),
    title: row.title,
    docType: row.doc_type,
    threadId: row.thread ?? null,
    isOwned: row.is_owned,
    createdAt: toDate(row.created_at),
    modifiedAt: toDate(row.modified_at),
    position: row.position ? { x: row.position.x, y: row.position.y, userPlaced: row.position.user_placed } : null,
    provenance: row.provenance
      ? { sourcePath: row.provenance.source_path, originalHash: row.provenance.original_hash, importedAt: toDate(row.provenance.imported_at) }
      : null,
    mediaRef: row.media_ref ?? null,
  };
}

export function documentFromRow(row: DocumentRow): Document {
  return { ...metaFromRow(row), content: row.content ?? '' };
}

/** The stored form of a document's fields (without id), dropping nulls so they are stored as NONE. */
export function rowFromDocument(doc: Omit<Document, 'id'>, branch: string, branches: BranchRow[]): DocumentRow {
  const row: DocumentRow = {
    title: doc.title,
    doc_type: doc.docType,
    content: doc.content,
    is_owned: doc.isOwned,
    created_at: doc.createdAt,
    modified_at: doc.modifiedAt,
    branch,
    branches,
  };
  if (doc.threadId !== null) row.thread = doc.threadId;
  if (doc.provenance) {
    row.provenance = {
      source_path: doc.provenance.sourcePath,
      original_hash: doc.provenance.originalHash,
      imported_at: doc.provenance.importedAt,
    };
  }
  if (doc.mediaRef !== null) row.media_ref = doc.mediaRef;
  if (doc.position) row.position = { x: doc.position.x, y: doc.position.y, user_placed: doc.position.userPlaced };
  return row;
}
