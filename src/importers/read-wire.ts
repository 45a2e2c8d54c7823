import type { WireError } from '../core/index.js';
import type { ImportedDocument } from './importer.js';
import type { ImportLimits } from './file-reading.js';

/** What the reading thread is started with. */
export interface ReadThreadData {
  limits: ImportLimits;
  scratchRoot: string;
}

/** A read file as it crosses: the importer by id, the bytes as a transferred Uint8Array. */
export interface WireReadFile {
  source: { requested: string; real: string; name: string; extension: string; bytes: Uint8Array; sha256: string; modifiedAt: Date };
  importerId: string;
  imported: ImportedDocument[] | null;
  warnings: WireError[];
}

export type ToReadThread = { type: 'read'; id: number; path: string } | { type: 'must-parse'; id: number; parse: boolean } | { type: 'cancel' };

export type FromReadThread =
  | { type: 'ask'; id: number; importerId: string; real: string; sha256: string }
  | { type: 'read'; id: number; file: WireReadFile }
  | { type: 'failed'; id: number; error: WireError };

/** A Buffer arrives on the other side as a plain Uint8Array: the importers and the attachment store want Buffers. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
