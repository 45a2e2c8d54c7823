import type { RandomAccess } from './random-access.js';

/**
 * Where the plain text of indexed documents lives, by ordinal: in a file
 * (read on demand, so tens of megabytes of text cost no memory) or in memory.
 */
export interface TextSource {
  text(ordinal: number): string;
  readonly count: number;
  close(): void;
}

export class MemoryText implements TextSource {
  constructor(private readonly texts: readonly string[]) {}
  get count(): number {
    return this.texts.length;
  }
  text(ordinal: number): string {
    return this.texts[ordinal] ?? '';
  }
  close(): void {}
}

/** Text stored in a file section as UTF-8 with byte offsets (ordinal i spans offsets[i]..offsets[i+1]). */
export class FileText implements TextSource {
  private open = true;

  constructor(
    private readonly source: RandomAccess,
    private readonly start: number,
    private readonly offsets: Float64Array,
  ) {}

  get count(): number {
    return this.offsets.length - 1;
  }

  text(ordinal: number): string {
    const from = this.offsets[ordinal];
    const to = this.offsets[ordinal + 1];
    if (!this.open || from === undefined || to === undefined || to <= from) return '';
    const bytes = Buffer.allocUnsafe(to - from);
    const read = this.source.read(bytes, 0, bytes.length, this.start + from);
    return bytes.toString('utf8', 0, read);
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.source.close();
  }
}
