import type { Action } from './user-intent.js';

/**
 * What the person is looking at and did last, so that "export this",
 * "move it to Research" and "undo that" resolve. Ids are checked against
 * the workspace before use.
 */
export interface AssistantContext {
  documentId?: string;
  threadId?: string;
  /** Selected documents (a canvas selection), if any. */
  selection?: readonly string[];
  /** Most recent last; "undo that" needs at least one. */
  lastActions?: readonly { action: Action; summary: string }[];
}
