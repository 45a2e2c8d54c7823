import fs from 'node:fs';
import type { SealedChunks } from '../core/crypto/sealed-chunks.js';

/**
 * Bytes read by position: a saved search index's file (postings and text
 * read on demand), or in a vault the sealed file, each chunk read and
 * decrypted into memory as reads first reach it, so nothing of the index is
 * ever on disk in the clear and opening decrypts only what it reads.
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

export class ChunkAccess implements RandomAccess {
  constructor(private readonly chunks: SealedChunks) {}

  get size(): number {
    return this.chunks.size;
  }

  /** A chunk that fails authentication throws SealedFileError: the index was altered on disk. */
  read(buffer: NodeJS.TypedArray, offset: number, length: number, position: number): number {
    if (position >= this.chunks.size) return 0;
    return this.chunks.read(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), offset, length, position);
  }

  close(): void {
    this.chunks.close();
  }
}
