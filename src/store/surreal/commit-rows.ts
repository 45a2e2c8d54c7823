import type { RecordId } from 'surrealdb';
import type { FieldCipher } from '../field-cipher.js';
import type { SaveOptions } from '../graph-store.js';
import type { Author, Commit } from '../records.js';
import { toDate } from './dates.js';
import { keyOf } from './ids.js';
import { checkEnum, checkText } from './validate.js';
import { AUTHORS } from '../records.js';

export interface CommitRow {
  id?: RecordId;
  document: string;
  branch: string;
  parents: string[];
  author: Author;
  message: string;
  created_at: Date;
  content: string;
}

/** Sealed fields are bound to `commit:<id>`. */
function commitRecordName(id: string): string {
  return `commit:${id}`;
}

/** Commit `commitId` as stored: its message and content go through the cipher. */
export function commitRow(
  commitId: string,
  documentId: string,
  branch: string,
  parents: string[],
  content: string,
  options: SaveOptions,
  now: Date,
  cipher: FieldCipher,
): CommitRow {
  const record = commitRecordName(commitId);
  const message = options.message === undefined ? (parents.length === 0 ? 'Created' : 'Saved') : checkText('message', options.message, { empty: true, max: 2000 });
  return {
    document: documentId,
    branch,
    parents,
    author: options.author === undefined ? 'user' : checkEnum('author', options.author, AUTHORS),
    message: cipher.seal(record, 'message', message),
    created_at: now,
    content: cipher.seal(record, 'content', content),
  };
}

export function commitFromRow(row: CommitRow, cipher: FieldCipher): Commit {
  const id = keyOf(row.id);
  const record = commitRecordName(id);
  return {
    id,
    documentId: row.document,
    branch: row.branch,
    parents: row.parents,
    author: row.author,
    message: cipher.open(record, 'message', row.message),
    createdAt: toDate(row.created_at),
    content: cipher.open(record, 'content', row.content),
  };
}

/**
 * The commit just written as `row`, whose text the writer holds: only the
 * message is opened (in a vault, opening the sealed text again would decrypt
 * a megabyte for nothing).
 */
export function writtenCommit(commitId: string, row: CommitRow, content: string, cipher: FieldCipher): Commit {
  return {
    id: commitId,
    documentId: row.document,
    branch: row.branch,
    parents: row.parents,
    author: row.author,
    message: cipher.open(commitRecordName(commitId), 'message', row.message),
    createdAt: row.created_at,
    content,
  };
}
