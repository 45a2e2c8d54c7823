import { groupPassageKeys, passageKey, type PassageKeys } from './known-passages.js';

/** Where a stored vector came from. */
export interface VectorRow {
  documentId: string;
  /** Content hash of the passage text (see Passage.hash). */
  hash: string;
  start: number;
  end: number;
}

/** A row with its key in the graph: keys are never reused, so a replaced passage can't be confused with its successor. */
export interface KeyedVectorRow extends VectorRow {
  key: number;
}

/**
 * The rows of a vector index as parallel columns, one entry per slot (the
 * vector at the same slot), as the index file stores them: opening 200K
 * rows is then a few typed-array views (strings are decoded when read),
 * where 200K row objects and their lookup maps took ~0.4 s. Slots only grow; a
 * removed row keeps its slot, marked dead, until the index is compacted.
 *
 * Graph keys rise with the slot (a new row always takes the next key and
 * the next slot, and compaction keeps the order), so a key's slot is found
 * by binary search and needs no map.
 */
export class RowColumns {
  private count: number;
  private readonly ids: string[];
  private idIndex: Map<string, number> | undefined;
  /** Index into `ids`; -1 marks a dead (removed) row. */
  private document: Int32Array;
  private key: Float64Array;
  /** passageKey(hash) of each row: what the indexing side's KnownPassages holds. */
  private passage: Float64Array;
  private start: Uint32Array;
  private end: Uint32Array;
  private readonly hashes: PackedStrings;

  /** Columns of `count` rows (typed arrays may be longer: capacity); `ids` are the documents the document column indexes. */
  constructor(columns: { count: number; ids: string[]; document: Int32Array; key: Float64Array; passage: Float64Array; start: Uint32Array; end: Uint32Array; hashes: PackedStrings }) {
    this.count = columns.count;
    this.ids = columns.ids;
    this.document = columns.document;
    this.key = columns.key;
    this.passage = columns.passage;
    this.start = columns.start;
    this.end = columns.end;
    this.hashes = columns.hashes;
  }

  static empty(): RowColumns {
    return new RowColumns({ count: 0, ids: [], document: new Int32Array(64), key: new Float64Array(64), passage: new Float64Array(64), start: new Uint32Array(64), end: new Uint32Array(64), hashes: PackedStrings.empty() });
  }

  /** Columns holding these rows in this order (their keys must rise). */
  static of(rows: readonly KeyedVectorRow[]): RowColumns {
    const columns = RowColumns.empty();
    for (const row of rows) columns.append(row.documentId, row.hash, row.start, row.end, row.key);
    return columns;
  }

  /** Slots in use, dead rows included. */
  get slots(): number {
    return this.count;
  }

  isLive(slot: number): boolean {
    return this.document[slot]! >= 0;
  }

  documentAt(slot: number): string {
    return this.ids[this.document[slot]!]!;
  }

  hashAt(slot: number): string {
    return this.hashes.at(slot);
  }

  keyAt(slot: number): number {
    return this.key[slot]!;
  }

  passageKeyAt(slot: number): number {
    return this.passage[slot]!;
  }

  startAt(slot: number): number {
    return this.start[slot]!;
  }

  endAt(slot: number): number {
    return this.end[slot]!;
  }

  rowAt(slot: number): KeyedVectorRow {
    return { documentId: this.documentAt(slot), hash: this.hashAt(slot), start: this.start[slot]!, end: this.end[slot]!, key: this.key[slot]! };
  }

  /** The live rows, in slot order. */
  rows(): KeyedVectorRow[] {
    const rows: KeyedVectorRow[] = [];
    for (let slot = 0; slot < this.count; slot++) if (this.isLive(slot)) rows.push(this.rowAt(slot));
    return rows;
  }

  /** The columns themselves, `slots` long: what the index file stores. */
  view(): { ids: readonly string[]; document: Int32Array; key: Float64Array; passage: Float64Array; start: Uint32Array; end: Uint32Array; hashes: { bytes: Buffer; ends: Uint32Array } } {
    const n = this.count;
    return { ids: this.ids, document: this.document.subarray(0, n), key: this.key.subarray(0, n), passage: this.passage.subarray(0, n), start: this.start.subarray(0, n), end: this.end.subarray(0, n), hashes: this.hashes.packed(n) };
  }

  /** The live rows' passage keys by document, in arrays of their own (a view would carry the file's whole buffer through postMessage). */
  passageKeys(): PassageKeys {
    let live = 0;
    for (let slot = 0; slot < this.count; slot++) if (this.isLive(slot)) live++;
    const documentOf = new Uint32Array(live);
    const keys = new Float64Array(live);
    for (let slot = 0, at = 0; slot < this.count; slot++) {
      if (!this.isLive(slot)) continue;
      documentOf[at] = this.document[slot]!;
      keys[at++] = this.passage[slot]!;
    }
    return groupPassageKeys([...this.ids], documentOf, keys);
  }

  /** The slot of a live row's key, or undefined. */
  slotOfKey(key: number): number | undefined {
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = this.key[middle]!;
      if (at === key) return this.isLive(middle) ? middle : undefined;
      if (at < key) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /** Adds a row at the next slot; its key must be above every key held. */
  append(documentId: string, hash: string, start: number, end: number, key: number): number {
    if (this.count > 0 && key <= this.key[this.count - 1]!) throw new RangeError(`graph key ${key} does not rise above ${this.key[this.count - 1]}`);
    this.reserve(this.count + 1);
    const slot = this.count++;
    this.document[slot] = this.indexOfDocument(documentId);
    this.key[slot] = key;
    this.passage[slot] = passageKey(hash);
    this.start[slot] = start;
    this.end[slot] = end;
    this.hashes.set(slot, hash);
    return slot;
  }

  /** Marks a row dead: it keeps its slot until compaction, and its key is never found again. */
  kill(slot: number): void {
    this.document[slot] = -1;
  }

  /** The live rows alone, packed, and the slot each came from (the document table is kept as is). */
  compacted(): { columns: RowColumns; from: Uint32Array } {
    let live = 0;
    for (let slot = 0; slot < this.count; slot++) if (this.isLive(slot)) live++;
    const from = new Uint32Array(live);
    for (let slot = 0, at = 0; slot < this.count; slot++) if (this.isLive(slot)) from[at++] = slot;
    const pick = <T extends Int32Array | Uint32Array | Float64Array>(column: T, Type: { new (length: number): T }): T => {
      const packed = new Type(Math.max(live, 1));
      from.forEach((slot, at) => (packed[at] = column[slot]!));
      return packed;
    };
    const columns = new RowColumns({
      count: live,
      ids: [...this.ids],
      document: pick(this.document, Int32Array),
      key: pick(this.key, Float64Array),
      passage: pick(this.passage, Float64Array),
      start: pick(this.start, Uint32Array),
      end: pick(this.end, Uint32Array),
      hashes: PackedStrings.of(Array.from(from, (slot) => this.hashes.at(slot))),
    });
    return { columns, from };
  }

  private indexOfDocument(documentId: string): number {
    this.idIndex ??= new Map(this.ids.map((id, i) => [id, i]));
    let at = this.idIndex.get(documentId);
    if (at === undefined) {
      at = this.ids.push(documentId) - 1;
      this.idIndex.set(documentId, at);
    }
    return at;
  }

  private reserve(slots: number): void {
    if (slots <= this.key.length) return;
    const capacity = Math.max(slots, this.key.length * 2);
    this.document = grown(Int32Array, this.document, capacity);
    this.key = grown(Float64Array, this.key, capacity);
    this.passage = grown(Float64Array, this.passage, capacity);
    this.start = grown(Uint32Array, this.start, capacity);
    this.end = grown(Uint32Array, this.end, capacity);
  }
}

function grown<T extends Int32Array | Uint32Array | Float64Array>(Type: { new (length: number): T }, from: T, capacity: number): T {
  const to = new Type(capacity);
  to.set(from);
  return to;
}

/**
 * A column of strings as the file stores them: UTF-8 bytes and each
 * string's end offset in them, the first starting at `first`; a string is
 * decoded when read. Strings set since are held apart. Decoding one of 200K
 * hashes when a hit needs it is cheap; decoding all 13 MB of them when the
 * file opened took ~45 ms and they are rarely all needed.
 */
export class PackedStrings {
  private readonly later = new Map<number, string>();

  constructor(
    private readonly bytes: Buffer,
    private readonly ends: Uint32Array,
    private readonly first = 0,
  ) {}

  static empty(): PackedStrings {
    return new PackedStrings(Buffer.alloc(0), new Uint32Array(0));
  }

  /** The strings packed into one block. */
  static of(strings: readonly string[]): PackedStrings {
    const ends = new Uint32Array(strings.length);
    let end = 0;
    strings.forEach((s, i) => (ends[i] = end += Buffer.byteLength(s)));
    return new PackedStrings(Buffer.from(strings.join('')), ends);
  }

  at(i: number): string {
    const set = this.later.get(i);
    if (set !== undefined || i >= this.ends.length) return set ?? '';
    return this.bytes.toString('utf8', i === 0 ? this.first : this.ends[i - 1]!, this.ends[i]!);
  }

  set(i: number, value: string): void {
    this.later.set(i, value);
  }

  /** The first `count` strings as one block and their end offsets in it (what the file stores). */
  packed(count: number): { bytes: Buffer; ends: Uint32Array } {
    // A file's block also holds other columns' strings after these: the bytes are reused only when they are exactly these strings.
    const exact = this.later.size === 0 && this.first === 0 && count === this.ends.length && (count === 0 ? this.bytes.length === 0 : this.ends[count - 1] === this.bytes.length);
    if (exact) return { bytes: this.bytes, ends: this.ends };
    return PackedStrings.of(Array.from({ length: count }, (_, i) => this.at(i))).packed(count);
  }
}
