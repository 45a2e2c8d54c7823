import type { RecordId } from 'surrealdb';
import type { FieldCipher } from '../field-cipher.js';
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
  provenance?: { source_path: string; original_hash: string; imported_at: Date; importer?: string; importer_version?: string; source_key?: string };
  tags?: string[];
  media_ref?: string;
  created_at: Date;
  modified_at: Date;
  position?: { x: number; y: number; user_placed: boolean };
  branch: string;
  branches: BranchRow[];
}

/** The columns of DocumentMeta: reading them skips the content. */
export const META_FIELDS = 'id, title, doc_type, thread, is_owned, provenance, media_ref, created_at, modified_at, position, tags';

/**
 * Every column but the content: what a history write (a commit, a branch)
 * reads. A note's text can be a megabyte, and decoding a reply that size
 * holds the main loop for a tenth of a second.
 */
export const WITHOUT_CONTENT = META_FIELDS + ', branch, branches';

/** Sealed fields are bound to `document:<id>`: the record they were written for. */
export function documentRecordName(id: string): string {
  return `document:${id}`;
}

export function metaFromRow(row: DocumentRow, cipher: FieldCipher): DocumentMeta {
  const id = keyOf(row.id);
  const record = documentRecordName(id);
  return {
    id,
    title: cipher.open(record, 'title', row.title),
    docType: row.doc_type,
    threadId: row.thread ?? null,
    isOwned: row.is_owned,
    createdAt: toDate(row.created_at),
    modifiedAt: toDate(row.modified_at),
    position: row.position ? { x: row.position.x, y: row.position.y, userPlaced: row.position.user_placed } : null,
    provenance: row.provenance
      ? {
          sourcePath: cipher.open(record, 'provenance.source_path', row.provenance.source_path),
          originalHash: cipher.open(record, 'provenance.original_hash', row.provenance.original_hash),
          importedAt: toDate(row.provenance.imported_at),
          ...(row.provenance.importer !== undefined ? { importer: row.provenance.importer } : {}),
          ...(row.provenance.importer_version !== undefined ? { importerVersion: row.provenance.importer_version } : {}),
          ...(row.provenance.source_key !== undefined ? { sourceKey: cipher.open(record, 'provenance.source_key', row.provenance.source_key) } : {}),
        }
      : null,
    mediaRef: row.media_ref === undefined ? null : cipher.open(record, 'media_ref', row.media_ref),
    ...(row.tags !== undefined && row.tags.length > 0 ? { tags: row.tags } : {}),
  };
}

export function documentFromRow(row: DocumentRow, cipher: FieldCipher): Document {
  const meta = metaFromRow(row, cipher);
  return { ...meta, content: row.content === undefined ? '' : cipher.open(documentRecordName(meta.id), 'content', row.content) };
}

/**
 * The stored form of document `id`'s fields (without the id itself), dropping
 * nulls so they are stored as NONE. The words (title, content, where it came
 * from) and the content hashes (the original's and the attachment's: a hash
 * tells whoever has the same file that the vault holds it) go through the
 * cipher; dates, type, thread and position stay plain because the engine
 * filters and orders by them.
 */
export function rowFromDocument(id: string, doc: Omit<Document, 'id'>, branch: string, branches: BranchRow[], cipher: FieldCipher): DocumentRow {
  const record = documentRecordName(id);
  const row: DocumentRow = {
    title: cipher.seal(record, 'title', doc.title),
    doc_type: doc.docType,
    content: cipher.seal(record, 'content', doc.content),
    is_owned: doc.isOwned,
    created_at: doc.createdAt,
    modified_at: doc.modifiedAt,
    branch,
    branches,
  };
  if (doc.threadId !== null) row.thread = doc.threadId;
  if (doc.provenance) {
    row.provenance = {
      source_path: cipher.seal(record, 'provenance.source_path', doc.provenance.sourcePath),
      original_hash: cipher.seal(record, 'provenance.original_hash', doc.provenance.originalHash),
      imported_at: doc.provenance.importedAt,
    };
    if (doc.provenance.importer !== undefined) row.provenance.importer = doc.provenance.importer;
    if (doc.provenance.importerVersion !== undefined) row.provenance.importer_version = doc.provenance.importerVersion;
    if (doc.provenance.sourceKey !== undefined) row.provenance.source_key = cipher.seal(record, 'provenance.source_key', doc.provenance.sourceKey);
  }
  if (doc.tags !== undefined && doc.tags.length > 0) row.tags = doc.tags;
  if (doc.mediaRef !== null) row.media_ref = cipher.seal(record, 'media_ref', doc.mediaRef);
  if (doc.position) row.position = { x: doc.position.x, y: doc.position.y, user_placed: doc.position.userPlaced };
  return row;
}
