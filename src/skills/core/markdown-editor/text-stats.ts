/** What the editor's footer counts. */
export interface TextStats {
  words: number;
  /** User-perceived characters (grapheme clusters): "é" typed as e + accent is one. */
  characters: number;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * Texts are segmented a piece at a time. V8 (Node 20) copies the whole input
 * string into every segment it yields (the segment's `input`), so one
 * Intl.Segmenter pass over n characters costs O(n²): 100 KB took 2.6 s, and
 * a 1 MB note held the main loop for minutes. Pieces of about 16 KB keep
 * each copy small and the whole count linear.
 */
const PIECE_CHARS = 16_384;

/**
 * Where the next piece ends: just after a line break, where neither a
 * grapheme cluster (GB4, GB5) nor a word (WB3a, WB3b) can continue, so
 * counting the pieces apart gives the same numbers as counting the whole.
 * A line longer than a piece is kept whole.
 */
function pieceEnd(text: string, start: number): number {
  if (text.length - start <= PIECE_CHARS) return text.length;
  const lastBreak = text.lastIndexOf('\n', start + PIECE_CHARS - 1);
  if (lastBreak >= start) return lastBreak + 1;
  const nextBreak = text.indexOf('\n', start + PIECE_CHARS);
  return nextBreak < 0 ? text.length : nextBreak + 1;
}

function countPiece(piece: string, into: TextStats): void {
  for (const _segment of graphemes.segment(piece)) into.characters++;
  for (const segment of words.segment(piece)) if (segment.isWordLike) into.words++;
}

/**
 * Counts words and characters the way a reader would: words by the Unicode
 * word-break rules (so "don't" is one word and CJK text counts per word, not
 * per space-separated run), characters as grapheme clusters.
 */
export function textStats(text: string): TextStats {
  const stats = { words: 0, characters: 0 };
  for (let start = 0; start < text.length; ) {
    const end = pieceEnd(text, start);
    countPiece(text.slice(start, end), stats);
    start = end;
  }
  return stats;
}

/**
 * textStats without holding the main loop: one piece per turn of the event
 * loop, so typing, drawing and autosave run in between. Resolves undefined
 * when isStale() says a newer text has superseded this one.
 */
export async function textStatsInTurns(text: string, isStale: () => boolean = () => false): Promise<TextStats | undefined> {
  const stats = { words: 0, characters: 0 };
  for (let start = 0; start < text.length; ) {
    if (isStale()) return undefined;
    const end = pieceEnd(text, start);
    countPiece(text.slice(start, end), stats);
    start = end;
    // A timer, not setImmediate: under node-gtk the GLib loop drives libuv, and timers are what it polls for.
    if (start < text.length) await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  return isStale() ? undefined : stats;
}
