/** A stretch of a document that is embedded and found as one unit. */
export interface Passage {
  documentId: string;
  /** The headings above the passage, outermost first. */
  headingPath: string[];
  /** Character range in the document's content: [start, end). */
  start: number;
  end: number;
  /** What is embedded: the title and heading path, then the passage's own text. */
  text: string;
  /** sha256 (hex) of text: equal hashes embed to equal vectors, so an edit re-embeds only what changed. */
  hash: string;
}
