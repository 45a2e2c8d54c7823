import { createHash } from 'node:crypto';
import { marked, type Token, type Tokens } from 'marked';
import type { Passage } from './passage.js';

export interface ChunkOptions {
  /**
   * Most words in a passage. Sentence encoders (and bge-small's 512-token
   * window) read a few hundred tokens; English runs ~1.3 tokens a word, so
   * 200 words stay inside the window with room for the heading path.
   */
  maxWords?: number;
  /** Words repeated from the end of one passage at the start of the next, so a sentence cut at a border is found from either side. */
  overlapWords?: number;
}

const MAX_WORDS = 200;
const OVERLAP_WORDS = 40;
const WORD = /\S+/g;

/** A run of content that is never split further: a block, or a window of words of a block too long for one passage. */
interface Unit {
  start: number;
  end: number;
  words: number;
  headingPath: string[];
}

function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/** Windows of at most max words over content[start, end), overlapping by overlap words. */
function wordWindows(content: string, start: number, end: number, max: number, overlap: number, headingPath: string[]): Unit[] {
  const spans: [number, number][] = [];
  for (const m of content.slice(start, end).matchAll(WORD)) spans.push([start + m.index, start + m.index + m[0].length]);
  const step = Math.max(1, max - overlap);
  const out: Unit[] = [];
  for (let i = 0; i < spans.length; i += step) {
    const last = Math.min(spans.length, i + max) - 1;
    out.push({ start: spans[i]![0], end: spans[last]![1], words: last - i + 1, headingPath });
    if (last === spans.length - 1) break;
  }
  return out;
}

/** Top-level markdown blocks with their ranges in content, and the heading path each sits under. */
function units(content: string, max: number, overlap: number): Unit[] {
  const tokens: Token[] = marked.lexer(content);
  const path: { depth: number; text: string }[] = [];
  const out: Unit[] = [];
  let cursor = 0;
  for (const token of tokens) {
    // The lexer's raw text reproduces the source; find it rather than trust the sum of lengths (tabs and CRLF are normalised).
    const at = content.indexOf(token.raw, cursor);
    const start = at >= 0 ? at : cursor;
    const end = at >= 0 ? at + token.raw.length : Math.min(content.length, cursor + token.raw.length);
    cursor = end;
    if (token.type === 'space') continue;
    if (token.type === 'heading') {
      const heading = token as Tokens.Heading;
      while (path.length > 0 && path[path.length - 1]!.depth >= heading.depth) path.pop();
      path.push({ depth: heading.depth, text: heading.text.trim() });
      continue;
    }
    const headingPath = path.map((h) => h.text);
    // Trim the block's surrounding whitespace from its range.
    const body = content.slice(start, end);
    const lead = body.length - body.trimStart().length;
    const s = start + lead;
    const e = start + body.trimEnd().length;
    if (e <= s) continue;
    const words = countWords(content.slice(s, e));
    if (words > max) out.push(...wordWindows(content, s, e, max, overlap, headingPath));
    else out.push({ start: s, end: e, words, headingPath });
  }
  return out;
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function passage(documentId: string, title: string, content: string, headingPath: string[], start: number, end: number): Passage {
  const context = [title, ...headingPath].filter((s) => s.length > 0).join(' › ');
  const body = content.slice(start, end);
  const text = context && body ? `${context}\n\n${body}` : context || body;
  return { documentId, headingPath, start, end, text, hash: createHash('sha256').update(text).digest('hex') };
}

/**
 * Splits a markdown document into passages along its structure: blocks
 * under the same heading are packed together up to maxWords, a block too
 * long for one passage is cut into overlapping windows of words, and a new
 * heading always starts a new passage. Consecutive passages of a section
 * share up to overlapWords of trailing blocks. A document with no body text
 * yields one passage of its title alone, so it can still be found.
 */
export function chunkMarkdown(documentId: string, title: string, content: string, options: ChunkOptions = {}): Passage[] {
  const max = Math.max(1, options.maxWords ?? MAX_WORDS);
  const overlap = Math.min(max - 1, Math.max(0, options.overlapWords ?? OVERLAP_WORDS));
  const all = units(content, max, overlap);
  if (all.length === 0) return title.trim() ? [passage(documentId, title, content, [], 0, 0)] : [];
  const out: Passage[] = [];
  let group: Unit[] = [];
  let words = 0;
  const flush = () => {
    out.push(passage(documentId, title, content, group[0]!.headingPath, group[0]!.start, group[group.length - 1]!.end));
  };
  for (const unit of all) {
    const sameSection = group.length > 0 && samePath(group[0]!.headingPath, unit.headingPath);
    if (group.length > 0 && (!sameSection || words + unit.words > max)) {
      flush();
      // Carry trailing blocks into the next passage of the same section, as long as they fit the overlap and leave room to progress.
      const carried: Unit[] = [];
      let carriedWords = 0;
      if (sameSection) {
        for (let i = group.length - 1; i >= 1; i--) {
          const u = group[i]!;
          if (carriedWords + u.words > overlap || carriedWords + u.words + unit.words > max) break;
          carried.unshift(u);
          carriedWords += u.words;
        }
      }
      group = carried;
      words = carriedWords;
    }
    group.push(unit);
    words += unit.words;
  }
  if (group.length > 0) flush();
  return out;
}
