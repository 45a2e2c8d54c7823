/** A passage of a document that was put in an answer's prompt, under the number the answer cites it by ([1], [2], …). */
export interface Citation {
  /** 1-based: the number in the prompt and in the answer's brackets. */
  number: number;
  documentId: string;
  title: string;
  /** The headings above the passage, outermost first. */
  headingPath: string[];
  /** The character range of the document's content that was quoted: [start, end). */
  start: number;
  end: number;
  /** The quoted text, flattened to one short line for lists and terminals. */
  snippet: string;
}

const SNIPPET_CHARS = 160;

/** One line of at most SNIPPET_CHARS characters (pure). */
export function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS - 1)}…` : flat;
}
