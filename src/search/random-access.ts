import fs from 'node:fs';

/**
 * Bytes read by position: a saved search index's file (postings and text
 * read on demand), or in a vault the same bytes decrypted into memory once
 * at open, so nothing of the index is ever on disk in the clear.
 */
export interface RandomAccess {
  readonly size: number;
  /** Reads up to `length` bytes at `position` into `buffer` at `offset`; returns how many were read. */
  read(buffer: NodeJS.TypedArray, offset: number, length: number, position: number): number;
  close(): void;
}

export class FileAccess implements RandomAccess {
  readonly size: number;

  constructor(private readonly fd: number) {
    this.size = fs.fstatSync(fd).size;
  }

  read(buffer: NodeJS.TypedArray, offset: number, length: number, position: number): number {
    return fs.readSync(this.fd, buffer, offset, length, position);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

export class MemoryAccess implements RandomAccess {
  constructor(private readonly bytes: Buffer) {}

  get size(): number {
    return this.bytes.length;
  }

  read(buffer: NodeJS.TypedArray, offset: number, length: number, position: number): number {
    const target = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    const end = Math.min(this.bytes.length, position + length);
    if (position >= end) return 0;
    target.set(this.bytes.subarray(position, end), offset);
    return end - position;
  }

  close(): void {}
}
