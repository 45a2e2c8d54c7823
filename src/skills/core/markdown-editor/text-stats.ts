/** What the editor's footer counts. */
export interface TextStats {
  words: number;
  /** User-perceived characters (grapheme clusters): "é" typed as e + accent is one. */
  characters: number;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * Counts words and characters the way a reader would: words by the Unicode
 * word-break rules (so "don't" is one word and CJK text counts per word, not
 * per space-separated run), characters as grapheme clusters.
 */
export function textStats(text: string): TextStats {
  let characters = 0;
  for (const _segment of graphemes.segment(text)) characters++;
  let wordCount = 0;
  for (const segment of words.segment(text)) if (segment.isWordLike) wordCount++;
  return { words: wordCount, characters };
}
