import type { DocumentMeta } from '../../../store/index.js';

/**
 * Above this many characters a document opens read-only: a text view holds
 * the whole buffer in memory and lays it out on the main loop, and at tens
 * of megabytes that freezes the window for seconds. 5 M characters is
 * ~5 MB of markdown, a few thousand pages.
 */
export const EDITABLE_LIMIT_CHARS = 5_000_000;

/** How much of a too-large document the read-only view shows: one label, laid out at once, so a few pages. */
export const READ_ONLY_PREVIEW_CHARS = 20_000;

export type Editability =
  | { kind: 'editable' }
  /** Imported: read-only until made one's own ("Make It Mine"). */
  | { kind: 'external' }
  /** Not text (PDF, image, …): this editor does not open it. */
  | { kind: 'not-text' }
  | { kind: 'too-large'; characters: number; limit: number };

const TEXT_TYPES = new Set(['markdown', 'text']);

/** Whether the markdown editor edits a document, and if not, why. */
export function editability(meta: Pick<DocumentMeta, 'docType' | 'isOwned'>, characters: number): Editability {
  if (!TEXT_TYPES.has(meta.docType)) return { kind: 'not-text' };
  if (characters > EDITABLE_LIMIT_CHARS) return { kind: 'too-large', characters, limit: EDITABLE_LIMIT_CHARS };
  if (!meta.isOwned) return { kind: 'external' };
  return { kind: 'editable' };
}
