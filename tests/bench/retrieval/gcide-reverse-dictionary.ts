import fs from 'node:fs';
import zlib from 'node:zlib';

/** Debian's dict-gcide: the GNU Collaborative International Dictionary of English (Webster 1913 + WordNet), written by no one on the team. */
export const GCIDE_DIR = '/usr/share/dictd';

export interface ReverseDictionaryTask {
  /** One document per headword: the title is the headword, the content its entry without the definition used as the query. */
  documents: { title: string; content: string }[];
  /** A definition with the headword removed; target indexes documents. */
  queries: { query: string; target: number }[];
}

/** dictd's index numbers: base64 digits, most significant first. */
function decodeNumber(text: string): number {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let n = 0;
  for (const c of text) n = n * 64 + digits.indexOf(c);
  return n;
}

/** Source markers end each sense paragraph in GCIDE: "[1913 Webster]", "[WordNet 1.5]", "[PJC]". */
const SOURCE_MARKER = /^\s*\[[^\]]+\]\s*$/m;

function senses(body: string): string[] {
  return body
    .split(SOURCE_MARKER)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
}

/** The query: the sense's words without the headword or any word sharing its stem, and without sense numbers and field labels. */
function withoutHeadword(sense: string, headword: string): string {
  const stem = headword.toLowerCase().slice(0, Math.max(4, headword.length - 2));
  let text = sense;
  // Etymologies and usage notes in brackets, then leading part-of-speech abbreviations ("n.", "v. t.").
  for (let before = ''; before !== text; ) [before, text] = [text, text.replace(/\[[^[\]]*\]/g, ' ')];
  return text
    // The tail of an etymology opened on the headword line, which is not part of the sense.
    .replace(/^[^[]*\]/, '')
    .replace(/[{}]/g, '')
    .replace(/^\s*(?:[a-z]{1,4}\.\s*)+/, '')
    .replace(/^\s*\d+\.\s*/, '')
    .replace(/\([A-Z][a-z]*\.\)/g, '')
    .split(/\s+/)
    .filter((w) => !w.toLowerCase().replace(/[^a-z]/g, '').startsWith(stem))
    .join(' ')
    .replace(/--\S.*$/, '')
    .trim();
}

/**
 * A reverse-dictionary task over a fixed, spread-out selection of GCIDE
 * entries: single-word headwords whose entry has at least two senses. The
 * first sense (headword removed) is the query; the document is the headword
 * and the rest of its entry, so the query text is not in the document and
 * the two must be matched by what they mean or by shared vocabulary.
 */
export function loadReverseDictionary(size: number): ReverseDictionaryTask {
  const index = fs.readFileSync(`${GCIDE_DIR}/gcide.index`, 'utf8').split('\n');
  const dict = zlib.gunzipSync(fs.readFileSync(`${GCIDE_DIR}/gcide.dict.dz`));
  const candidates: { headword: string; first: string; rest: string }[] = [];
  const seen = new Set<string>();
  for (const line of index) {
    const [headword, offset, length] = line.split('\t');
    if (!headword || !offset || !length || !/^[a-z]{5,}$/.test(headword) || seen.has(headword)) continue;
    seen.add(headword);
    const entry = dict.toString('utf8', decodeNumber(offset), decodeNumber(offset) + decodeNumber(length));
    const firstLineEnd = entry.indexOf('\n');
    const parts = senses(entry.slice(firstLineEnd + 1));
    if (parts.length < 2) continue;
    const first = withoutHeadword(parts[0]!, headword);
    if (first.split(' ').length < 6) continue;
    candidates.push({ headword, first, rest: parts.slice(1).join('\n\n').replace(/[{}]/g, '') });
  }
  // Every k-th candidate: spread over the alphabet, the same selection every run.
  const step = Math.max(1, Math.floor(candidates.length / size));
  const chosen = candidates.filter((_, i) => i % step === 0).slice(0, size);
  return {
    documents: chosen.map((c) => ({ title: c.headword, content: c.rest })),
    queries: chosen.map((c, i) => ({ query: c.first, target: i })),
  };
}
