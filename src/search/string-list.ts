/** A read-only list of strings by position: a plain array is one, and so is PackedStrings. */
export interface StringList {
  readonly length: number;
  at(index: number): string | undefined;
}

/**
 * Strings packed as UTF-8 bytes with the end offset of each: how the index
 * file keeps ids, titles and terms, so that opening it decodes nothing and a
 * string is decoded when it is asked for. Parsing them all as
 * JSON at open was most of the open time.
 */
export class PackedStrings implements StringList {
  private decoded: string[] | undefined;

  constructor(
    private readonly bytes: Buffer,
    private readonly ends: Uint32Array,
  ) {}

  /** True when the ends rise and stay inside the bytes (a damaged file fails this). */
  static valid(byteLength: number, ends: Uint32Array): boolean {
    let previous = 0;
    for (let i = 0; i < ends.length; i++) {
      if (ends[i]! < previous) return false;
      previous = ends[i]!;
    }
    return previous <= byteLength;
  }

  static pack(list: StringList): { bytes: Buffer; ends: Uint32Array } {
    const parts: Buffer[] = [];
    const ends = new Uint32Array(list.length);
    let end = 0;
    for (let i = 0; i < list.length; i++) {
      const encoded = Buffer.from(list.at(i) ?? '', 'utf8');
      parts.push(encoded);
      ends[i] = end += encoded.length;
    }
    return { bytes: Buffer.concat(parts, end), ends };
  }

  get length(): number {
    return this.ends.length;
  }

  at(index: number): string | undefined {
    if (index < 0 || index >= this.ends.length) return undefined;
    if (this.decoded) return this.decoded[index];
    // Decoding one short string costs about as much as a cache lookup would: a binary search decodes ~16.
    return this.bytes.toString('utf8', index === 0 ? 0 : this.ends[index - 1], this.ends[index]);
  }

  /** Decodes every string once and answers from memory from then on (for scans over all of them). */
  decodeAll(): void {
    this.decoded ??= Array.from({ length: this.ends.length }, (_, i) => this.bytes.toString('utf8', i === 0 ? 0 : this.ends[i - 1], this.ends[i]));
  }
}

/** A base list with strings appended after it. */
export class GrowingStrings implements StringList {
  private readonly added: string[] = [];

  constructor(private readonly base: StringList) {}

  get length(): number {
    return this.base.length + this.added.length;
  }

  at(index: number): string | undefined {
    return index < this.base.length ? this.base.at(index) : this.added[index - this.base.length];
  }

  push(value: string): void {
    this.added.push(value);
  }
}
