import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SovereignError } from '../core/index.js';
import type { VectorRow } from './vector-index.js';

const MAGIC = 'SOVVEC01';
/** Magic, then four u32: dimensions, rows, metadata bytes, reserved. */
const HEADER_BYTES = 8 + 16;

/** What a semantic index knows about a document, to filter and show hits without asking the store. */
export const documentEntrySchema = z.object({
  title: z.string(),
  docType: z.string(),
  threadId: z.string().nullable(),
  modifiedAt: z.number(),
});
export type DocumentEntry = z.infer<typeof documentEntrySchema>;

const metadataSchema = z.object({
  /** The embedder's id: vectors of another model are not comparable. */
  model: z.string(),
  /** The store the index describes. */
  location: z.string(),
  documents: z.record(z.string(), documentEntrySchema),
  /** [documentId, hash, start, end] per row, in vector order. */
  rows: z.array(z.tuple([z.string(), z.string(), z.number(), z.number()])),
  /** Documents waiting to be (re)embedded: the queue, saved with the vectors it leads to. */
  pending: z.array(z.string()),
});
export type IndexFileMetadata = z.infer<typeof metadataSchema>;

export interface IndexFileContents {
  model: string;
  location: string;
  documents: Map<string, DocumentEntry>;
  rows: VectorRow[];
  vectors: Float32Array;
  dimensions: number;
  pending: string[];
}

/**
 * Writes the index as one binary file: a header, the metadata as JSON, and
 * the vectors as little-endian Float32 rows. It is written to a temporary
 * file, synced and renamed over the old one, so a crash at any moment
 * leaves either the old file or the new one, never half of one.
 */
export function writeVectorIndexFile(file: string, contents: IndexFileContents): void {
  const meta: IndexFileMetadata = {
    model: contents.model,
    location: contents.location,
    documents: Object.fromEntries(contents.documents),
    rows: contents.rows.map((r) => [r.documentId, r.hash, r.start, r.end]),
    pending: contents.pending,
  };
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  // Vectors start on a 4-byte boundary so the reader can view them in place.
  const padded = Math.ceil((HEADER_BYTES + json.length) / 4) * 4 - HEADER_BYTES;
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(contents.dimensions, 8);
  header.writeUInt32LE(contents.rows.length, 12);
  header.writeUInt32LE(padded, 16);
  const vectors = Buffer.from(contents.vectors.buffer, contents.vectors.byteOffset, contents.rows.length * contents.dimensions * 4);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w');
  try {
    fs.writeSync(fd, header);
    fs.writeSync(fd, json);
    fs.writeSync(fd, Buffer.alloc(padded - json.length, 0x20));
    fs.writeSync(fd, vectors);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
}

/** Reads a file written by writeVectorIndexFile; undefined when there is none. Throws an 'io' SovereignError naming the file when it is damaged. */
export function readVectorIndexFile(file: string): IndexFileContents | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SovereignError('io', `cannot read the vector index ${file}: ${(error as Error).message}`, { cause: error });
  }
  const damaged = (why: string) => new SovereignError('io', `the vector index ${file} is damaged: ${why}`, { hint: 'Run `sovereign index build` to rebuild it.' });
  if (bytes.length < HEADER_BYTES || bytes.toString('latin1', 0, 8) !== MAGIC) throw damaged('it is not a Sovereign vector index');
  const dimensions = bytes.readUInt32LE(8);
  const count = bytes.readUInt32LE(12);
  const metaBytes = bytes.readUInt32LE(16);
  const vectorStart = HEADER_BYTES + metaBytes;
  if (bytes.length !== vectorStart + count * dimensions * 4) throw damaged(`expected ${vectorStart + count * dimensions * 4} bytes, found ${bytes.length}`);
  let meta: IndexFileMetadata;
  try {
    meta = metadataSchema.parse(JSON.parse(bytes.toString('utf8', HEADER_BYTES, vectorStart)));
  } catch (error) {
    throw damaged(`its metadata does not parse (${(error as Error).message.slice(0, 200)})`);
  }
  if (meta.rows.length !== count) throw damaged(`the header says ${count} rows, the metadata ${meta.rows.length}`);
  // Copy into a fresh, aligned buffer the index can grow from.
  const vectors = new Float32Array(count * dimensions);
  new Uint8Array(vectors.buffer).set(bytes.subarray(vectorStart));
  return {
    model: meta.model,
    location: meta.location,
    documents: new Map(Object.entries(meta.documents)),
    rows: meta.rows.map(([documentId, hash, start, end]) => ({ documentId, hash, start, end })),
    vectors,
    dimensions,
    pending: meta.pending,
  };
}
