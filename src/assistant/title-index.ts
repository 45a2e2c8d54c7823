import type { DocumentMeta, Thread } from '../store/index.js';
import type { WorkspaceModel } from '../workspace/index.js';
import { wordScore, words } from './text-match.js';

/** Folded title words, computed once per document object (the model shares them until a change replaces them). */
const titleWords = new WeakMap<DocumentMeta | Thread, string[]>();

/** A name's words without articles and nouns like "note" (unless that is all the name is). */
export function nameWords(item: DocumentMeta | Thread, name: string, ignore: ReadonlySet<string>): string[] {
  let cached = titleWords.get(item);
  if (!cached) {
    const all = words(name);
    const kept = all.filter((word) => !ignore.has(word));
    cached = kept.length > 0 ? kept : all;
    titleWords.set(item, cached);
  }
  return cached;
}

const NUMBER = /^\p{N}+$/u;
/** Typed words whose matching title words are remembered: a command bar routes the same words at every keystroke. */
const REMEMBERED_WORDS = 2000;

/**
 * Which documents use each title word, as integer postings, so a lookup
 * touches only the titles that share a (possibly misspelt) word with what
 * was typed instead of all 50K, and counts shared words in typed arrays
 * rather than in maps keyed by objects (a common word like "report" in
 * 5,000 titles is then ~5,000 array writes, not 5,000 hash inserts).
 */
export class TitleIndex {
  readonly documents: DocumentMeta[] = [];
  /** Words per title (as nameWords gives them), the bound on how much of a title a match can name. */
  readonly lengths: Uint16Array;
  /** Words with a letter, matched with wordScore (typos, prefixes). */
  private readonly postings = new Map<string, number[]>();
  /** Numbers ("2026", "14"), looked up exactly: they match nothing else. */
  private readonly numbers = new Map<string, number[]>();
  private readonly matchedWords = new Map<string, number[][]>();
  /**
   * Scratch reused across lookups: a lookup allocates next to nothing, so
   * that routing at every keystroke does not fill the young generation (at
   * 50K titles, fresh arrays of touched documents were 0.1-0.9 MB a
   * command, and the scavenges they caused were the routing bench's p99).
   */
  private readonly counts: Uint8Array;
  private readonly stamps: Int32Array;
  private readonly touched: Int32Array;
  /** Scratch for the caller's ordering of touched documents (workspace-candidates.ts). */
  readonly ordered: Int32Array;
  private stamp = 0;

  constructor(model: WorkspaceModel, ignore: ReadonlySet<string>) {
    for (const doc of model.documents()) this.documents.push(doc);
    this.lengths = new Uint16Array(this.documents.length);
    this.counts = new Uint8Array(this.documents.length);
    this.stamps = new Int32Array(this.documents.length);
    this.touched = new Int32Array(this.documents.length);
    this.ordered = new Int32Array(this.documents.length);
    for (const [at, doc] of this.documents.entries()) {
      const title = nameWords(doc, doc.title, ignore);
      this.lengths[at] = Math.min(title.length, 0xffff);
      for (const word of new Set(title)) {
        const map = NUMBER.test(word) ? this.numbers : this.postings;
        const list = map.get(word);
        if (list) list.push(at);
        else map.set(word, [at]);
      }
    }
  }

  /**
   * The documents (as indexes into `documents`) with a title word that a
   * typed word matches, and for each how many of the typed words it matches
   * (in `counts`, valid until the next call). The caller reads `counts` for
   * the returned indexes only. `touched` is a view of scratch, valid until
   * the next call too.
   */
  sharedWords(typed: readonly string[]): { touched: Int32Array; counts: Uint8Array } {
    const touched = this.touched;
    let size = 0;
    const counts = this.counts;
    for (const typedWord of typed) {
      // A stamp per typed word: a title with two words that one typed word matches ("plan", "planning") counts once.
      const stamp = ++this.stamp;
      // Indexed loops: iterators allocate per element until the code is optimised.
      const lists = this.postingsMatching(typedWord);
      for (let l = 0; l < lists.length; l++) {
        const list = lists[l]!;
        for (let i = 0; i < list.length; i++) {
          const at = list[i]!;
          if (this.stamps[at] === stamp) continue;
          this.stamps[at] = stamp;
          const count = counts[at]!;
          if (count === 0) touched[size++] = at;
          // Saturates: a title matching 255 typed words is as good a match as it gets.
          if (count < 255) counts[at] = count + 1;
        }
      }
    }
    return { touched: touched.subarray(0, size), counts };
  }

  /** Resets the counts of the documents a lookup touched (cheaper than clearing 50K). */
  release(touched: Int32Array): void {
    for (let i = 0; i < touched.length; i++) this.counts[touched[i]!] = 0;
  }

  private postingsMatching(typedWord: string): number[][] {
    if (NUMBER.test(typedWord)) return [this.numbers.get(typedWord) ?? []];
    let lists = this.matchedWords.get(typedWord);
    if (!lists) {
      lists = [];
      for (const [word, list] of this.postings) if (wordScore(typedWord, word) > 0) lists.push(list);
      if (this.matchedWords.size >= REMEMBERED_WORDS) this.matchedWords.clear();
      this.matchedWords.set(typedWord, lists);
    }
    return lists;
  }
}

const indexes = new WeakMap<WorkspaceModel, { index: TitleIndex | undefined }>();

/**
 * The model's title index: built on first use and dropped when the
 * workspace changes (rebuilt at the next command: a command bar routes many
 * keystrokes between changes).
 */
export function titleIndex(model: WorkspaceModel, ignore: ReadonlySet<string>): TitleIndex {
  let entry = indexes.get(model);
  if (!entry) {
    const created: { index: TitleIndex | undefined } = { index: undefined };
    model.onChange(() => (created.index = undefined));
    indexes.set(model, created);
    entry = created;
  }
  entry.index ??= new TitleIndex(model, ignore);
  return entry.index;
}
