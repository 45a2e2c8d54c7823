import type { SovereignError } from '../core/errors.js';
import type { RowColumns } from './row-columns.js';
import type { DocumentEntry } from './vector-index-file.js';

/** Makes the error for a damaged index file, naming it, from what is wrong. */
export type Damaged = (why: string) => SovereignError;

export interface IndexFileContents {
  model: string;
  location: string;
  documents: Map<string, DocumentEntry>;
  /** Live rows only, keys rising. */
  rows: RowColumns;
  dimensions: number;
  pending: string[];
}

/** What any version of the file holds before its vectors. */
export type ParsedContents = IndexFileContents & { graph: string | null };

/** Graph keys are whole, non-negative and rise row by row (see RowColumns). */
export function checkKeys(keys: Float64Array, damaged: Damaged): void {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (!Number.isInteger(key) || key < 0) throw damaged(`row ${i} has the graph key ${key}`);
    if (i > 0 && key <= keys[i - 1]!) throw damaged(`row ${i} has the graph key ${key}, not above the row before it`);
  }
}

export type TypedArrayOf<T> = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; new (length: number): T; BYTES_PER_ELEMENT: number };

/** A typed array over bytes [at, at + length elements): in place when aligned, else a copy. */
export function viewOf<T extends Float32Array | Float64Array | Uint32Array>(Type: TypedArrayOf<T>, bytes: Buffer, at: number, length: number): T {
  if ((bytes.byteOffset + at) % Type.BYTES_PER_ELEMENT === 0) return new Type(bytes.buffer, bytes.byteOffset + at, length);
  const copy = new Type(length);
  new Uint8Array(copy.buffer).set(bytes.subarray(at, at + length * Type.BYTES_PER_ELEMENT));
  return copy;
}

