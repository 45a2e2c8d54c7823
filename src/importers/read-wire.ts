import { SovereignError, type ErrorKind } from '../core/index.js';
import type { ImportedDocument } from './importer.js';
import type { ImportLimits } from './file-reading.js';

/** What the reading thread is started with. */
export interface ReadThreadData {
  limits: ImportLimits;
  scratchRoot: string;
}

/** An error as it crosses between threads: a SovereignError keeps its kind, message and hint. */
export type WireError = { kind: ErrorKind; message: string; hint?: string; detail?: Record<string, unknown> } | { kind: null; message: string; code?: string };

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

export function toWireError(error: unknown): WireError {
  if (error instanceof SovereignError) {
    return { kind: error.kind, message: error.message, ...(error.hint ? { hint: error.hint } : {}), ...(error.detail ? { detail: structuredCloneable(error.detail) } : {}) };
  }
  const code = (error as { code?: unknown } | null)?.code;
  return { kind: null, message: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}) };
}

export function fromWireError(wire: WireError): Error {
  if (wire.kind !== null) return new SovereignError(wire.kind, wire.message, { ...(wire.hint ? { hint: wire.hint } : {}), ...(wire.detail ? { detail: wire.detail } : {}) });
  return Object.assign(new Error(wire.message), wire.code ? { code: wire.code } : {});
}

/** A Buffer arrives on the other side as a plain Uint8Array: the importers and the attachment store want Buffers. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** An error's detail with anything that cannot be cloned (a function, a handle) dropped. */
function structuredCloneable(detail: Record<string, unknown>): Record<string, unknown> {
  try {
    return structuredClone(detail);
  } catch {
    return JSON.parse(JSON.stringify(detail)) as Record<string, unknown>;
  }
}
