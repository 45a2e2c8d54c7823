import type { RecordId } from 'surrealdb';
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

export function commitRow(documentId: string, branch: string, parents: string[], content: string, options: SaveOptions, now: Date): CommitRow {
  return {
    document: documentId,
    branch,
    parents,
    author: options.author === undefined ? 'user' : checkEnum('author', options.author, AUTHORS),
    message: options.message === undefined ? (parents.length === 0 ? 'Created' : 'Saved') : checkText('message', options.message, { empty: true, max: 2000 }),
    created_at: now,
    content,
  };
}

export function commitFromRow(row: CommitRow): Commit {
  return {
    id: keyOf(row.id),
    documentId: row.document,
    branch: row.branch,
    parents: row.parents,
    author: row.author,
    message: row.message,
    createdAt: toDate(row.created_at),
    content: row.content,
  };
}
