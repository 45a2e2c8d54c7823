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
 * a 1 MB note held the main loop for minutes. A piece of n characters costs
 * about n per segment, so the whole count costs its length times the piece
 * size: a 1 MB note took ~21 s of CPU in 16 KB pieces, ~3.3 s in 1 KB
 * pieces and ~2.2 s in 256-character ones (the rest is the segments' own
 * cost), on a loaded 2-core machine. The worker that counts competes with
 * the window for those two cores, so pieces are a few lines long.
 */
const PIECE_CHARS = 256;

/**
 * A piece without this is ASCII with no carriage return: each of its UTF-16
 * units is a grapheme cluster of its own (only CR LF joins two ASCII
 * characters, GB3), so its characters are its length and only its words
 * need ICU. Typical prose and markdown skip half the segmenting this way.
 */
const NOT_ONE_UNIT_PER_GRAPHEME = /[^\x00-\x0c\x0e-\x7f]/;

/**
 * Where the next piece ends: just after a line break, where neither a
 * grapheme cluster (GB4, GB5) nor a word (WB3a, WB3b) can continue, so
 * counting the pieces apart gives the same numbers as counting the whole.
 * A line longer than a piece (a paragraph of prose is one line) ends its
 * pieces after a space that an ASCII letter or digit follows: no grapheme
 * rule joins those two, and the only word rule that keeps a space with its
 * neighbour (WB3d) joins spaces to spaces. A line with neither is kept whole.
 */
function pieceEnd(text: string, start: number): number {
  if (text.length - start <= PIECE_CHARS) return text.length;
  const lastBreak = text.lastIndexOf('\n', start + PIECE_CHARS - 1);
  if (lastBreak >= start) return lastBreak + 1;
  SPACE_BEFORE_WORD.lastIndex = start + PIECE_CHARS;
  const space = SPACE_BEFORE_WORD.exec(text);
  const nextBreak = text.indexOf('\n', start + PIECE_CHARS);
  if (space && (nextBreak < 0 || space.index < nextBreak)) return space.index + 1;
  return nextBreak < 0 ? text.length : nextBreak + 1;
}

/** A space followed by an ASCII letter or digit (see pieceEnd), searched from lastIndex. */
const SPACE_BEFORE_WORD = / (?=[A-Za-z0-9])/g;

function countPiece(piece: string, into: TextStats): void {
  if (NOT_ONE_UNIT_PER_GRAPHEME.test(piece)) for (const _segment of graphemes.segment(piece)) into.characters++;
  else into.characters += piece.length;
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
