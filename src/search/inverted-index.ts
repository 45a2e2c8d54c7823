// records.js, not the store's index: the search module must load without SurrealDB.
import { DOC_TYPES, type DocType } from '../store/records.js';
import { Growable } from './growable.js';
import { MemoryPostings, type PostingLists } from './posting-lists.js';
import { GrowingStrings, type StringList } from './string-list.js';
import { MemoryText, type TextSource } from './text-source.js';
import { PostingChains } from './posting-chains.js';
import { MAX_CONTENT_COUNT, MAX_TITLE_COUNT, TITLE_SHIFT, forEachIndexTerm, indexTerms, isStopWord, withinOneEdit } from './tokenize.js';

/** What the index keeps of a document. */
export interface IndexedDocument {
  id: string;
  title: string;
  /** Text for snippets (possibly shortened; makeSnippet strips markup). */
  text: string;
  /** The full content, tokenised for matching. */
  content: string;
  docType: DocType;
  threadId: string | null;
  modifiedAt: number;
}

/**
 * The frozen, compact form of an index: one row per live document and one
 * posting list per term, all in typed arrays. This is what is saved.
 */
export interface IndexColumns {
  ids: StringList;
  titles: StringList;
  threadTable: string[];
  docTypes: Uint8Array;
  /** Index into threadTable, -1 for no thread. */
  threads: Int32Array;
  modified: Float64Array;
  /** Content length in terms, for BM25 length normalisation. */
  lengths: Float32Array;
  /** Sorted. Term i's postings are termOffsets[i] .. termOffsets[i+1] in postings. */
  terms: StringList;
  termOffsets: Uint32Array;
  /** Document ordinals, ascending within a term. */
  /** Document ordinals ascending within a term, with title and content counts packed (see termFrequencies). */
  postings: PostingLists;
  text: TextSource;
}

export interface RawHit {
  ordinal: number;
  score: number;
}

export interface HitFilter {
  docTypes?: ReadonlySet<DocType>;
  threadIds?: ReadonlySet<string | null>;
  from?: number;
  until?: number;
}

interface Expansion {
  term: number;
  /** The idf this term scores with (already weighted). */
  idf: number;
  /** A completion of the word being typed (not shown as a matched word in snippets). */
  completion: boolean;
}

/** One word of a query and the terms it stands for. */
interface Group {
  expansions: Expansion[];
  /** Postings to visit: the cheapest required group goes first and picks the candidates. */
  cost: number;
  /** A stop word next to other words: it ranks the candidates the others found, never selects. */
  optional: boolean;
}

const K1 = 1.2;
const B = 0.75;
/**
 * A title match outweighs any number of mentions in the content: BM25
 * saturates a content term at (K1 + 1) x idf, a single title match scores
 * TITLE_BOOST x idf.
 */
const TITLE_BOOST = 3;
const CONTENT_MASK = (1 << TITLE_SHIFT) - 1;
/** Weight of a completion of the word being typed, and of a one-typo neighbour. */
const PREFIX_WEIGHT = 0.5;
const TYPO_WEIGHT = 0.4;
/** Words shorter than this are matched exactly: a typo there changes the word. */
const MIN_TYPO_LENGTH = 4;
/**
 * Most completions a word being typed expands to, the most common first: a
 * one-letter prefix has thousands, and visiting all their postings would
 * cost a keystroke tens of milliseconds for completions nobody is typing.
 */
const MAX_COMPLETIONS = 32;

function lowerBound(sorted: StringList, key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted.at(mid)! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * An inverted index with BM25 ranking, built for search-as-you-type over
 * tens of thousands of documents: a frozen base (typed arrays, loaded from
 * a file without parsing) plus documents added since, appended. A changed
 * document gets a new ordinal and its old one is marked dead, so posting
 * lists stay sorted and nothing is rewritten until `columns()` compacts.
 */
export class InvertedIndex {
  private readonly ids: GrowingStrings;
  private readonly titles: GrowingStrings;
  private readonly threadTable: string[];
  private readonly threadIndex = new Map<string, number>();
  private readonly docTypes: Growable<Uint8Array>;
  private readonly threads: Growable<Int32Array>;
  private readonly modified: Growable<Float64Array>;
  private readonly lengths: Growable<Float32Array>;
  private readonly alive: Growable<Uint8Array>;
  /** Built on first use: opening a saved index must not hash every id. */
  private ordinalMap: Map<string, number> | undefined;
  private live = 0;
  /** Bumped by every change, so a caller can tell the index changed under it. */
  version = 0;
  private totalLength = 0;

  private readonly baseTerms: StringList;
  private readonly baseOffsets: Uint32Array;
  private readonly basePostings: PostingLists;
  private readonly baseText: TextSource;
  private readonly baseCount: number;
  private readonly newTermIds = new Map<string, number>();
  private readonly newTerms: string[] = [];
  /** Base terms met again by upsert, by text: the binary search over the base runs once per term, not per word. */
  private readonly baseTermIds = new Map<string, number>();
  /** Postings added since the base was frozen, by term id. */
  private readonly chains = new PostingChains();
  // Per-upsert scratch, one slot per term id: a document's terms are counted
  // here, not in a Map per document (the build's largest cost before).
  // `termStamp` marks the terms the current document touched.
  private termStamp = new Uint32Array(0);
  private termTf = new Uint16Array(0);
  private stopTerm = new Uint8Array(0);
  private docStamp = 0;
  private readonly touched: number[] = [];
  private readonly newText = new Map<number, string>();

  // Per-query scratch, one slot per ordinal; `stamp` marks the slots this query touched.
  private stamp = new Uint32Array(0);
  private matched = new Uint8Array(0);
  private score = new Float32Array(0);
  private generation = 0;

  constructor(base: IndexColumns = InvertedIndex.emptyColumns()) {
    const n = base.ids.length;
    this.ids = new GrowingStrings(base.ids);
    this.titles = new GrowingStrings(base.titles);
    this.threadTable = base.threadTable;
    base.threadTable.forEach((id, i) => this.threadIndex.set(id, i));
    this.docTypes = new Growable(Uint8Array, base.docTypes);
    this.threads = new Growable(Int32Array, base.threads);
    this.modified = new Growable(Float64Array, base.modified);
    this.lengths = new Growable(Float32Array, base.lengths);
    this.alive = new Growable(Uint8Array, new Uint8Array(n).fill(1));
    for (let i = 0; i < n; i++) {
      this.totalLength += base.lengths[i]!;
    }
    this.live = n;
    this.baseCount = n;
    this.baseTerms = base.terms;
    this.baseOffsets = base.termOffsets;
    this.basePostings = base.postings;
    this.baseText = base.text;
  }

  static emptyColumns(): IndexColumns {
    return {
      ids: [], titles: [], threadTable: [], docTypes: new Uint8Array(0), threads: new Int32Array(0), modified: new Float64Array(0),
      lengths: new Float32Array(0), terms: [], termOffsets: new Uint32Array(1),
      postings: new MemoryPostings(new Uint32Array(1), new Uint32Array(0), new Uint16Array(0)),
      text: new MemoryText([]),
    };
  }

  get size(): number {
    return this.live;
  }

  /** Documents added or replaced since the base was frozen (what compaction would fold in). */
  get pendingCount(): number {
    return this.ids.length - this.baseCount;
  }

  private ordinalOf(): Map<string, number> {
    if (!this.ordinalMap) {
      // Nothing changed before the first call (every change goes through here), so every base document is alive.
      this.ordinalMap = new Map();
      for (let d = 0; d < this.baseCount; d++) this.ordinalMap.set(this.ids.at(d)!, d);
    }
    return this.ordinalMap;
  }

  has(id: string): boolean {
    return this.ordinalOf().has(id);
  }

  /** The ordinal of an indexed document, or undefined when it is not (or no longer) indexed. */
  find(id: string): number | undefined {
    return this.ordinalOf().get(id);
  }

  /** Adds a document, replacing the one with the same id; `counted`: its termFrequencies when already computed (off the main loop). */
  upsert(doc: IndexedDocument, counted?: { terms: Map<string, number>; length: number }): void {
    this.remove(doc.id);
    this.version++;
    const ordinal = this.ids.length;
    const length = counted ? this.takeCounts(counted) : this.countTerms(doc.title, doc.content);
    this.ids.push(doc.id);
    this.titles.push(doc.title);
    this.docTypes.push(Math.max(0, DOC_TYPES.indexOf(doc.docType)));
    this.threads.push(this.threadOrdinal(doc.threadId));
    this.modified.push(doc.modifiedAt);
    this.lengths.push(length);
    this.alive.push(1);
    this.newText.set(ordinal, doc.text);
    this.ordinalOf().set(doc.id, ordinal);
    this.live++;
    this.totalLength += length;
    const { touched, termTf, chains } = this;
    for (let k = 0; k < touched.length; k++) chains.add(touched[k]!, ordinal, termTf[touched[k]!]!);
  }

  /**
   * Takes a change that left what is indexed alone (same title, type and
   * thread; the store said the content did not change): only its
   * modification time moves, without reading or tokenising the text again.
   * Returns false when the document must be indexed afresh instead (not
   * indexed, or its title, type or thread changed).
   */
  touch(doc: { id: string; title: string; docType: DocType; threadId: string | null; modifiedAt: number }): boolean {
    const d = this.find(doc.id);
    if (d === undefined || this.title(d) !== doc.title || this.docType(d) !== doc.docType || this.threadId(d) !== doc.threadId) return false;
    if (this.modified.data[d] !== doc.modifiedAt) {
      this.modified.data[d] = doc.modifiedAt;
      this.version++;
    }
    return true;
  }

  /**
   * Counts a document's terms (stop words included) into termTf, packed as
   * termFrequencies packs them, saturating, and lists them in `touched`.
   * Returns the content's length in terms that are not stop words (for BM25
   * length normalisation: counting stop words too would change how every
   * content word ranks, only because stop words became searchable).
   */
  private countTerms(title: string, content: string): number {
    this.touched.length = 0;
    const stamp = ++this.docStamp;
    const count = (term: string, increment: number, limit: (packed: number) => boolean): number => {
      const id = this.internTerm(term);
      if (this.termStamp[id] !== stamp) {
        this.termStamp[id] = stamp;
        this.termTf[id] = 0;
        this.touched.push(id);
      }
      const packed = this.termTf[id]!;
      if (limit(packed)) this.termTf[id] = packed + increment;
      return id;
    };
    const titleRoom = (packed: number) => packed >>> TITLE_SHIFT < MAX_TITLE_COUNT;
    const contentRoom = (packed: number) => (packed & MAX_CONTENT_COUNT) < MAX_CONTENT_COUNT;
    forEachIndexTerm(title, (term) => void count(term, 1 << TITLE_SHIFT, titleRoom));
    let length = 0;
    forEachIndexTerm(content, (term) => {
      // The id first: counting may grow (replace) stopTerm.
      const id = count(term, 1, contentRoom);
      if (this.stopTerm[id] === 0) length++;
    });
    return length;
  }

  /** Loads counts termFrequencies made elsewhere (the tokeniser thread, for a long document) into the scratch countTerms fills. */
  private takeCounts(counted: { terms: Map<string, number>; length: number }): number {
    this.touched.length = 0;
    const stamp = ++this.docStamp;
    for (const [term, packed] of counted.terms) {
      const id = this.internTerm(term);
      this.termStamp[id] = stamp;
      this.termTf[id] = packed;
      this.touched.push(id);
    }
    return counted.length;
  }

  /** A term's id, adding it when it is new; the scratch arrays grow with the terms. */
  private internTerm(term: string): number {
    let id = this.newTermIds.get(term) ?? this.baseTermIds.get(term);
    if (id !== undefined) return id;
    const at = lowerBound(this.baseTerms, term);
    if (this.baseTerms.at(at) === term) this.baseTermIds.set(term, (id = at));
    else id = this.addTerm(term);
    if (id >= this.termStamp.length) this.growTermScratch(id + 1);
    if (this.stopTerm[id] === 0 && isStopWord(term)) this.stopTerm[id] = 1;
    return id;
  }

  private growTermScratch(least: number): void {
    const capacity = Math.max(least, this.baseTerms.length, this.termStamp.length * 2, 1024);
    const stamp = new Uint32Array(capacity);
    stamp.set(this.termStamp);
    this.termStamp = stamp;
    const tf = new Uint16Array(capacity);
    tf.set(this.termTf);
    this.termTf = tf;
    const stop = new Uint8Array(capacity);
    stop.set(this.stopTerm);
    this.stopTerm = stop;
  }

  remove(id: string): void {
    const ordinal = this.ordinalOf().get(id);
    if (ordinal === undefined) return;
    this.version++;
    this.ordinalOf().delete(id);
    this.alive.data[ordinal] = 0;
    this.live--;
    this.totalLength -= this.lengths.data[ordinal]!;
    this.newText.delete(ordinal);
  }

  private threadOrdinal(threadId: string | null): number {
    if (threadId === null) return -1;
    let index = this.threadIndex.get(threadId);
    if (index === undefined) {
      index = this.threadTable.length;
      this.threadTable.push(threadId);
      this.threadIndex.set(threadId, index);
    }
    return index;
  }

  private termId(term: string): number | undefined {
    const at = lowerBound(this.baseTerms, term);
    if (this.baseTerms.at(at) === term) return at;
    return this.newTermIds.get(term);
  }

  private addTerm(term: string): number {
    const id = this.baseTerms.length + this.newTerms.length;
    this.newTerms.push(term);
    this.newTermIds.set(term, id);
    return id;
  }

  private termString(id: number): string {
    return id < this.baseTerms.length ? this.baseTerms.at(id)! : this.newTerms[id - this.baseTerms.length]!;
  }

  private documentFrequency(term: number): number {
    const base = term < this.baseTerms.length ? this.baseOffsets[term + 1]! - this.baseOffsets[term]! : 0;
    return base + this.chains.count(term);
  }

  /** Calls visit(ordinal, tf) for every posting of a term, in ordinal order (dead ones included). */
  private forEachPosting(term: number, visit: (ordinal: number, tf: number) => void): void {
    if (term < this.baseTerms.length) {
      const { ordinals, tfs } = this.basePostings.of(term);
      for (let p = 0; p < ordinals.length; p++) visit(ordinals[p]!, tfs[p]!);
    }
    this.chains.forEach(term, visit);
  }

  private idf(df: number, weight: number): number {
    const n = this.ids.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5)) * weight;
  }

  /**
   * The terms a word being typed completes to (itself excluded), at most
   * MAX_COMPLETIONS, the ones in the most documents first.
   */
  private completions(word: string, own: number | undefined): number[] {
    const chosen: number[] = [];
    const frequency: number[] = [];
    // A stop word completion ("be", "by" for "b") is in nearly every document: it would select
    // everything and narrow nothing, so it counts only when nothing else completes ("wi" → "with").
    const stopWords: number[] = [];
    const consider = (term: number) => {
      if (term === own) return;
      if (isStopWord(this.termString(term))) {
        stopWords.push(term);
        return;
      }
      const df = this.documentFrequency(term);
      if (chosen.length === MAX_COMPLETIONS && df <= frequency[MAX_COMPLETIONS - 1]!) return;
      let at = Math.min(chosen.length, MAX_COMPLETIONS - 1);
      while (at > 0 && frequency[at - 1]! < df) {
        chosen[at] = chosen[at - 1]!;
        frequency[at] = frequency[at - 1]!;
        at--;
      }
      chosen[at] = term;
      frequency[at] = df;
    };
    const end = lowerBound(this.baseTerms, word + '\uffff');
    for (let i = lowerBound(this.baseTerms, word); i < end; i++) consider(i);
    this.newTermIds.forEach((id, term) => {
      if (term.startsWith(word)) consider(id);
    });
    if (chosen.length === 0) return stopWords;
    // Completions enough to cover every document once: past that, each more costs time and adds little.
    let covered = 0;
    const enough = chosen.findIndex((term) => (covered += this.documentFrequency(term)) >= this.live);
    return enough < 0 ? chosen : chosen.slice(0, enough + 1);
  }

  /** The terms a query word stands for: itself, its completions when it is being typed, or its one-typo neighbours. */
  private expand(word: string, typing: boolean): Expansion[] {
    const out: Expansion[] = [];
    const own = this.termId(word);
    if (own !== undefined) out.push({ term: own, idf: this.idf(this.documentFrequency(own), 1), completion: false });
    if (typing) {
      // The completions count as one word, the prefix: they share its idf (the
      // documents they cover together), so a rare completion does not outrank
      // a common one only for being rare; title and frequency still order them.
      const completions = this.completions(word, own);
      const covered = Math.min(this.ids.length, completions.reduce((sum, term) => sum + this.documentFrequency(term), 0));
      const idf = this.idf(covered, PREFIX_WEIGHT);
      for (const term of completions) out.push({ term, idf, completion: true });
    }
    if (out.length === 0 && word.length >= MIN_TYPO_LENGTH) {
      const visit = (term: string, id: number) => {
        if (Math.abs(term.length - word.length) <= 1 && withinOneEdit(term, word)) out.push({ term: id, idf: this.idf(this.documentFrequency(id), TYPO_WEIGHT), completion: false });
      };
      for (let i = 0; i < this.baseTerms.length; i++) visit(this.baseTerms.at(i)!, i);
      this.newTermIds.forEach((id, term) => visit(term, id));
    }
    return out;
  }

  /**
   * Documents containing every word of the query (the last one as a prefix
   * while it is being typed, any word with one typo when it matches
   * nothing exactly), best BM25 score first. Also returns the terms that
   * matched, for snippets. With anyWord, a document needs only one of the
   * words (a natural-language question rarely shares all its words with
   * the answer: hybrid search asks this way).
   */
  search(query: string, limit: number, filter?: HitFilter, anyWord = false): { hits: RawHit[]; terms: string[] } {
    const all = indexTerms(query);
    if (all.length === 0) return { hits: [], terms: [] };
    const words = [...new Set(all)];
    // The last word is being typed unless the query ends in a space or punctuation.
    const typing = !/[^\p{L}\p{N}]$/u.test(query) ? all.at(-1) : undefined;
    const groups: Group[] = [];
    const optional: Group[] = [];
    // Stop words select only in a query made of nothing else ("the who");
    // the word being typed always selects: "be" is on its way to "because".
    const onlyStopWords = words.every((word) => isStopWord(word) && word !== typing);
    for (const word of words) {
      if (isStopWord(word) && word !== typing && !onlyStopWords) {
        const own = this.termId(word);
        if (own !== undefined) optional.push({ expansions: [{ term: own, idf: this.idf(this.documentFrequency(own), 1), completion: false }], cost: 0, optional: true });
        continue;
      }
      const expansions = this.expand(word, word === typing);
      groups.push({ expansions, cost: expansions.reduce((sum, e) => sum + this.documentFrequency(e.term), 0), optional: false });
    }
    if (anyWord) groups.splice(0, groups.length, ...groups.filter((g) => g.expansions.length > 0));
    if (groups.length === 0 || groups.some((g) => g.expansions.length === 0)) return { hits: [], terms: [] };
    groups.sort((a, b) => a.cost - b.cost);
    const need = groups.length;
    groups.push(...optional);

    this.prepareScratch();
    const gen = this.generation;
    const { stamp, matched, score } = this;
    const alive = this.alive.data;
    const lengths = this.lengths.data;
    const average = this.live > 0 ? this.totalLength / this.live : 1;
    const candidates: number[] = [];
    groups.forEach((group, g) => {
      for (const { term, idf } of group.expansions) {
        this.forEachPosting(term, (d, tf) => {
          if (alive[d] === 0) return;
          const t = tf >>> TITLE_SHIFT;
          const c = tf & CONTENT_MASK;
          const s =
            idf *
            ((t ? (TITLE_BOOST * t * (K1 + 1)) / (t + K1) : 0) + (c ? (c * (K1 + 1)) / (c + K1 * (1 - B + (B * lengths[d]!) / average)) : 0));
          if (group.optional) {
            if (stamp[d] === gen && (anyWord || matched[d] === need)) score[d]! += s;
          } else if (g === 0 || anyWord) {
            if (stamp[d] !== gen) {
              stamp[d] = gen;
              matched[d] = 1;
              score[d] = s;
              candidates.push(d);
            } else score[d]! += s;
          } else if (stamp[d] === gen && matched[d]! >= g) {
            matched[d] = g + 1;
            score[d]! += s;
          }
        });
      }
    });

    const top: RawHit[] = [];
    for (const d of candidates) {
      if ((!anyWord && matched[d] !== need) || (filter && !this.passes(d, filter))) continue;
      const s = score[d]!;
      if (top.length === limit && s <= top[limit - 1]!.score) continue;
      let at = top.length < limit ? top.length : limit - 1;
      while (at > 0 && top[at - 1]!.score < s) {
        if (at < limit) top[at] = top[at - 1]!;
        at--;
      }
      top[at] = { ordinal: d, score: s };
    }
    const selecting = groups.slice(0, need);
    const terms = selecting.flatMap((g) => g.expansions.filter((e) => !e.completion).map((e) => this.termString(e.term)));
    // The word being typed, so a snippet shows where its completion occurs.
    if (typing !== undefined && !terms.includes(typing) && selecting.length > 0) terms.push(typing);
    return { hits: top, terms };
  }

  private prepareScratch(): void {
    const n = this.ids.length;
    if (this.stamp.length < n) {
      const capacity = Math.max(1024, n * 1.25) | 0;
      this.stamp = new Uint32Array(capacity);
      this.matched = new Uint8Array(capacity);
      this.score = new Float32Array(capacity);
      this.generation = 0;
    }
    if (++this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
  }

  private passes(d: number, filter: HitFilter): boolean {
    if (filter.docTypes && !filter.docTypes.has(DOC_TYPES[this.docTypes.data[d]!]!)) return false;
    if (filter.threadIds && !filter.threadIds.has(this.threadId(d))) return false;
    const modified = this.modified.data[d]!;
    if (filter.from !== undefined && modified < filter.from) return false;
    if (filter.until !== undefined && modified >= filter.until) return false;
    return true;
  }

  id(d: number): string {
    return this.ids.at(d)!;
  }
  title(d: number): string {
    return this.titles.at(d)!;
  }
  docType(d: number): DocType {
    return DOC_TYPES[this.docTypes.data[d]!]!;
  }
  threadId(d: number): string | null {
    const t = this.threads.data[d]!;
    return t < 0 ? null : this.threadTable[t]!;
  }
  modifiedAt(d: number): number {
    return this.modified.data[d]!;
  }
  text(d: number): string {
    return d < this.baseCount ? this.baseText.text(d) : (this.newText.get(d) ?? '');
  }

  /**
   * The live documents as frozen columns (dead ordinals dropped, the rest
   * renumbered in order, terms merged and sorted). Text is read lazily
   * through the returned source, which reads this index: use it before
   * changing the index again.
   */
  columns(): IndexColumns {
    const total = this.ids.length;
    const remap = new Int32Array(total).fill(-1);
    const live: number[] = [];
    for (let d = 0; d < total; d++) if (this.alive.data[d]) remap[d] = live.push(d) - 1;
    const n = live.length;
    const threadsUsed = new Map<number, number>();
    const threadTable: string[] = [];
    const out = {
      ids: live.map((d) => this.ids.at(d)!),
      titles: live.map((d) => this.titles.at(d)!),
      docTypes: Uint8Array.from(live, (d) => this.docTypes.data[d]!),
      threads: Int32Array.from(live, (d) => {
        const t = this.threads.data[d]!;
        if (t < 0) return -1;
        let index = threadsUsed.get(t);
        if (index === undefined) threadsUsed.set(t, (index = threadTable.push(this.threadTable[t]!) - 1));
        return index;
      }),
      modified: Float64Array.from(live, (d) => this.modified.data[d]!),
      lengths: Float32Array.from(live, (d) => this.lengths.data[d]!),
    };
    const allTerms: [string, number][] = Array.from({ length: this.baseTerms.length }, (_, i): [string, number] => [this.baseTerms.at(i)!, i]);
    this.newTerms.forEach((term, i) => allTerms.push([term, this.baseTerms.length + i]));
    if (this.newTerms.length) allTerms.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const terms: string[] = [];
    // A counting sort by term: each term's base postings, then room for its
    // added ones, which one pass over them in the order they came fills.
    const termCount = this.baseTerms.length + this.newTerms.length;
    const addedLive = new Uint32Array(termCount);
    this.chains.countLive(remap, addedLive);
    const addedAt = new Uint32Array(termCount);
    // Sized for every posting, dead ones included, and filled in place (no appends per posting).
    const capacity = this.baseOffsets[this.baseTerms.length]! + this.chains.length;
    const offsets = new Uint32Array(allTerms.length + 1);
    const postings = new Uint32Array(capacity);
    const tfs = new Uint16Array(capacity);
    let filled = 0;
    for (const [term, id] of allTerms) {
      const before = filled;
      if (id < this.baseTerms.length) {
        const { ordinals, tfs: baseTfs } = this.basePostings.of(id);
        for (let p = 0; p < ordinals.length; p++) {
          const d = remap[ordinals[p]!]!;
          if (d < 0) continue;
          postings[filled] = d;
          tfs[filled++] = baseTfs[p]!;
        }
      }
      addedAt[id] = filled;
      filled += addedLive[id]!;
      if (filled > before) offsets[terms.push(term)] = filled;
    }
    this.chains.scatter(remap, addedAt, postings, tfs);
    const text: TextSource = { count: n, text: (ordinal) => this.text(live[ordinal]!), close: () => undefined };
    return {
      ...out, threadTable, terms, termOffsets: offsets.subarray(0, terms.length + 1),
      postings: new MemoryPostings(offsets.subarray(0, terms.length + 1), postings.subarray(0, filled), tfs.subarray(0, filled)), text,
    };
  }

  close(): void {
    this.basePostings.close();
    this.baseText.close();
  }
}
