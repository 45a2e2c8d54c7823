// Words too common to narrow a search. They are indexed (a query of only stop
// words, "the who", must find something) but a query that has other words
// uses them only to rank, never to select, so "the budget" stays as fast as "budget".
const STOP_WORDS = new Set(
  'a an and are as at be but by for from has have i in is it its of on or that the this to was were will with we you'.split(' '),
);

/** Longer "words" are hashes, URLs or base64: nobody types them. */
const MAX_TERM = 40;

// Scripts written without spaces between words: a run of them is a phrase, not a word.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
// Every code point of those scripts lies above U+0E00: below it, the regex above need not run.
const FIRST_UNSPACED = 0x0e00;
// ICU's word breaking costs more than linear on long input in Node 20; phrases are cut into pieces this long.
const SEGMENT_PIECE = 256;

let segmenter: Intl.Segmenter | undefined;

function hasUnspacedScript(run: string): boolean {
  for (let i = 0; i < run.length; i++) if (run.charCodeAt(i) >= FIRST_UNSPACED) return UNSPACED.test(run);
  return false;
}

/** The words of a run in an unspaced script, by ICU's dictionary-based word breaking (Intl.Segmenter). */
function* segmentWords(run: string): Generator<string> {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  for (let start = 0; start < run.length; ) {
    let end = Math.min(run.length, start + SEGMENT_PIECE);
    // Not between the two halves of a surrogate pair.
    if (end < run.length && (run.charCodeAt(end) & 0xfc00) === 0xdc00) end++;
    for (const part of segmenter.segment(run.slice(start, end))) if (part.isWordLike) yield part.segment;
    start = end;
  }
}

/** Whether an ASCII code unit is a letter or digit (after lower-casing, so a-z and 0-9). */
function isAsciiWordUnit(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
}

/** Letters and digits in any script, matched from where it is asked to (for the runs the ASCII scan cannot judge). */
const WORD_AT = /[\p{L}\p{N}]+/uy;

/**
 * Calls visit with every indexed term of a text in order, stop words
 * included: lower-cased runs of letters and digits (pure). A run in Chinese,
 * Japanese, Thai and other scripts written without spaces is split into its
 * words. ASCII runs are found by a scan over code units with no match
 * objects; a run that meets anything beyond ASCII is matched by the Unicode
 * regular expression from its start, so both find the same words.
 */
export function forEachIndexTerm(text: string, visit: (term: string) => void): void {
  const lower = text.toLowerCase();
  const n = lower.length;
  let i = 0;
  while (i < n) {
    const first = lower.charCodeAt(i);
    if (first < 0x80 && !isAsciiWordUnit(first)) {
      i++;
      continue;
    }
    let j = i;
    while (j < n) {
      const c = lower.charCodeAt(j);
      if (c >= 0x80 || !isAsciiWordUnit(c)) break;
      j++;
    }
    if (j === n || lower.charCodeAt(j) < 0x80) {
      if (j - i <= MAX_TERM) visit(lower.slice(i, j));
      i = j;
      continue;
    }
    WORD_AT.lastIndex = i;
    const match = WORD_AT.exec(lower);
    if (match === null) {
      // Not a letter or digit: step over it (both halves of a surrogate pair).
      i += (first & 0xfc00) === 0xd800 && (lower.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      continue;
    }
    const run = match[0];
    if (hasUnspacedScript(run)) {
      for (const word of segmentWords(run)) if (word.length <= MAX_TERM) visit(word);
    } else if (run.length <= MAX_TERM) visit(run);
    i += run.length;
  }
}

/** Every indexed term of a text in order, stop words included (see forEachIndexTerm; pure). */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  forEachIndexTerm(text, (term) => out.push(term));
  return out;
}

/** The terms of a text that narrow a search: indexTerms without the stop words (pure). */
export function tokenize(text: string): string[] {
  return indexTerms(text).filter((term) => !STOP_WORDS.has(term));
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}

/** A term's frequencies in one document, packed in 16 bits: title count (4 bits) and content count (12 bits). */
export const TITLE_SHIFT = 12;
export const MAX_TITLE_COUNT = 15;
export const MAX_CONTENT_COUNT = (1 << TITLE_SHIFT) - 1;

/**
 * Each term of a document (stop words included) with its packed title and
 * content counts, and the content's length in terms that are not stop words
 * (for BM25 length normalisation: counting stop words too would change how
 * every content word ranks, only because stop words became searchable).
 */
export function termFrequencies(title: string, content: string): { terms: Map<string, number>; length: number } {
  // One map, counts packed as they are stored, saturating: three maps per document cost a tenth of the build.
  const terms = new Map<string, number>();
  for (const term of indexTerms(title)) {
    const packed = terms.get(term) ?? 0;
    if (packed >>> TITLE_SHIFT < MAX_TITLE_COUNT) terms.set(term, packed + (1 << TITLE_SHIFT));
  }
  let length = 0;
  for (const term of indexTerms(content)) {
    const packed = terms.get(term) ?? 0;
    if ((packed & MAX_CONTENT_COUNT) < MAX_CONTENT_COUNT) terms.set(term, packed + 1);
    if (!STOP_WORDS.has(term)) length++;
  }
  return { terms, length };
}

/** True when a and b differ by at most one insertion, deletion, substitution or swap of neighbours (pure). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) return a.slice(i + 1) === b.slice(i + 1) || (i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
