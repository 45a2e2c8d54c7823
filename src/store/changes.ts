import type { DocumentMeta, Milestone, Relationship, Thread } from './records.js';

/**
 * What a store subscriber is told after a write has committed. Changes are
 * delivered synchronously, in commit order, within the process that owns the
 * store; seq increases by one per change so a consumer can tell it missed
 * nothing. Document changes carry metadata only: fetch content on demand.
 *
 * Writes made by another program against a remote server are not seen.
 */
export type StoreChange =
  | { seq: number; kind: 'document.created'; document: DocumentMeta }
  | {
      seq: number;
      kind: 'document.updated';
      document: DocumentMeta;
      contentChanged: boolean;
      /**
       * When the content changed: the commit whose text it is now. A writer
       * that keeps the ids of its own commits can tell its own change from
       * another's without reading the content back (a megabyte per save).
       */
      head?: string;
    }
  | { seq: number; kind: 'document.deleted'; id: string; threadId: string | null }
  | { seq: number; kind: 'thread.created'; thread: Thread }
  | { seq: number; kind: 'thread.updated'; thread: Thread }
  | { seq: number; kind: 'thread.deleted'; id: string }
  | { seq: number; kind: 'milestone.created'; milestone: Milestone }
  | { seq: number; kind: 'milestone.updated'; milestone: Milestone }
  | { seq: number; kind: 'milestone.deleted'; id: string; threadId: string }
  | { seq: number; kind: 'relationship.created'; relationship: Relationship }
  | { seq: number; kind: 'relationship.deleted'; id: string; from: string; to: string };

export type StoreChangeKind = StoreChange['kind'];

/** Called once per change, in order. A listener that throws does not stop the others. */
export type StoreChangeListener = (change: StoreChange) => void;
