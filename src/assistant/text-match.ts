/**
 * Fuzzy matching of what a person typed against titles and thread names:
 * any case, accents optional, typos, partial words and partial titles.
 * Pure functions; nothing here reads the workspace.
 */

/** Lower case, accents folded ("Müller" → "muller"), so typing without them still matches. */
export function foldCase(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Words of a text, folded; punctuation and extra spaces dropped. */
export function words(text: string): string[] {
  return foldCase(text).split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions, the commonest typo: "opne"), stopping early once it
 * exceeds `max` (callers only care about 1 or 2).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  // Three rows reused across calls: this runs for every word of every candidate title.
  if (rows.length < 3 * width) rows = new Int32Array(6 * width);
  let prevPrev = 0;
  let prev = width;
  let row = 2 * width;
  for (let j = 0; j < width; j++) rows[prev + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[row] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(rows[prev + j]! + 1, rows[row + j - 1]! + 1, rows[prev + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[prevPrev + j - 2]! + 1);
      rows[row + j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  return rows[prev + b.length]!;
}
let rows = new Int32Array(96);

/**
 * How well one typed word matches one word of a name, 0..1. The steps are
 * ordered by how sure a reader would be that the word was meant: the word
 * itself, the start of it ("quot" for "quotes"), one typo in a word long
 * enough that one typo cannot turn it into another common word (4+
 * letters), two typos only in long words (7+).
 */
export function wordScore(typed: string, word: string): number {
  if (typed === word) return 1;
  // Numbers match only exactly: "2026" one typo away from "2025" names another year, not a misspelling.
  if (DIGITS.test(typed)) return 0;
  if (typed.length >= 3 && word.startsWith(typed)) return 0.9;
  const shorter = Math.min(typed.length, word.length);
  const lengthGap = Math.abs(typed.length - word.length);
  if (shorter < 4 || lengthGap > 2) return 0;
  // One edit leaves one of the first two letters where it was or shifts it by one: a cheap test before the distance.
  const nearStart = typed[0] === word[0] || typed[1] === word[1] || typed[0] === word[1] || typed[1] === word[0];
  if (lengthGap <= 1 && nearStart && editDistance(typed, word, 1) <= 1) return 0.85;
  if (shorter >= 7 && editDistance(typed, word, 2) <= 2) return 0.7;
  return 0;
}

const DIGITS = /^\p{N}+$/u;

/**
 * How well the typed words name a title, 0..1. Mostly how much of what was
 * typed is found in the title (extra typed words cost most), and a little
 * how much of the title was named, so that the full title outranks a
 * longer one that merely contains it. The whole title typed exactly is 1.
 */
export function nameScore(typed: readonly string[], name: readonly string[]): number {
  if (typed.length === 0 || name.length === 0) return 0;
  if (typed.length === name.length && typed.every((word, i) => word === name[i])) return 1;
  const used = new Array<boolean>(name.length).fill(false);
  let found = 0;
  let named = 0;
  for (const word of typed) {
    let best = 0;
    let bestAt = -1;
    for (let i = 0; i < name.length; i++) {
      if (used[i]) continue;
      const score = wordScore(word, name[i]!);
      if (score > best) {
        best = score;
        bestAt = i;
        if (score === 1) break;
      }
    }
    if (bestAt >= 0) {
      used[bestAt] = true;
      named += best;
    }
    found += best;
  }
  // Capped below 1 so that only the exact title scores 1.
  return Math.min(0.99, TYPED_WEIGHT * (found / typed.length) + (1 - TYPED_WEIGHT) * (named / name.length));
}

/**
 * The share of the score that comes from the typed words being found. At
 * 0.7, every typed word found in a title twice as long as what was typed
 * still scores 0.85 (above the 0.7 the router acts at), while one typed
 * word of two missing drops a match below it.
 */
const TYPED_WEIGHT = 0.7;
