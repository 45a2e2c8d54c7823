import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SovereignError } from '../core/index.js';
import { createLogger } from '../core/index.js';
import type { KeyedVectorRow, VectorIndex } from './vector-index.js';

const log = createLogger('retrieval');

/** Version 2 added graph keys to rows and the graph file; a version 1 file is rebuilt, not read. */
const MAGIC = 'SOVVEC02';
const OLDER_MAGICS = new Set(['SOVVEC01']);
const STALE_TEMPORARY_MS = 60 * 60 * 1000;
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
  /** [documentId, hash, start, end, graph key] per row, in vector order. */
  rows: z.array(z.tuple([z.string(), z.string(), z.number(), z.number(), z.number().int().nonnegative()])),
  /** The HNSW graph saved with these rows: a file name beside this one, or null when none was saved. */
  graph: z.string().regex(/^[^/\\]+$/).nullable(),
  /** Documents waiting to be (re)embedded: the queue, saved with the vectors it leads to. */
  pending: z.array(z.string()),
});
export type IndexFileMetadata = z.infer<typeof metadataSchema>;

export interface IndexFileContents {
  model: string;
  location: string;
  documents: Map<string, DocumentEntry>;
  rows: KeyedVectorRow[];
  vectors: Float32Array;
  dimensions: number;
  pending: string[];
  /** Absolute path of the graph file saved with the rows, if any (read side only). */
  graphFile?: string;
}

/**
 * Writes the index as one binary file: a header, the metadata as JSON, and
 * the vectors as little-endian Float32 rows. It is written to a temporary
 * file, synced and renamed over the old one, so a crash at any moment
 * leaves either the old file or the new one, never half of one.
 */
export function writeVectorIndexFile(file: string, contents: IndexFileContents, graph: string | null = null): void {
  const meta: IndexFileMetadata = {
    model: contents.model,
    location: contents.location,
    documents: Object.fromEntries(contents.documents),
    rows: contents.rows.map((r) => [r.documentId, r.hash, r.start, r.end, r.key]),
    graph,
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
  const magic = bytes.toString('latin1', 0, 8);
  if (OLDER_MAGICS.has(magic)) {
    log.info('the vector index was written by an older version; rebuilding it', { file });
    return undefined;
  }
  if (bytes.length < HEADER_BYTES || magic !== MAGIC) throw damaged('it is not a Sovereign vector index');
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
  // View in place when the read buffer is aligned (a large read owns its buffer), else copy: at 200K x 512-d a copy is 400 MB.
  const aligned = (bytes.byteOffset + vectorStart) % 4 === 0;
  const vectors = aligned ? new Float32Array(bytes.buffer, bytes.byteOffset + vectorStart, count * dimensions) : new Float32Array(count * dimensions);
  if (!aligned) new Uint8Array(vectors.buffer).set(bytes.subarray(vectorStart));
  return {
    model: meta.model,
    location: meta.location,
    documents: new Map(Object.entries(meta.documents)),
    rows: meta.rows.map(([documentId, hash, start, end, key]) => ({ documentId, hash, start, end, key })),
    vectors,
    dimensions,
    pending: meta.pending,
    ...(meta.graph ? { graphFile: path.join(path.dirname(file), meta.graph) } : {}),
  };
}

/**
 * Saves an index as two files that never disagree: the graph goes to a new
 * file (temporary, synced, renamed), then the index file that names it is
 * replaced; only then are older graph files removed. A kill at any moment
 * leaves an index file naming a graph that exists. An unchanged graph is
 * not written again.
 */
export function saveVectorIndex(file: string, index: VectorIndex, contents: Omit<IndexFileContents, 'rows' | 'vectors' | 'dimensions'>, previousGraph: string | undefined): string {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  let graph = previousGraph && fs.existsSync(path.join(dir, previousGraph)) && !index.graphChanged ? previousGraph : undefined;
  if (!graph) {
    graph = `${path.basename(file)}.${Date.now().toString(36)}-${process.pid}.usearch`;
    index.saveGraph(path.join(dir, graph));
  }
  const { rows, vectors } = index.compacted();
  writeVectorIndexFile(file, { ...contents, rows, vectors, dimensions: index.dimensions }, graph);
  const prefix = `${path.basename(file)}.`;
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(prefix) || name === graph) continue;
    const other = path.join(dir, name);
    if (name.endsWith('.usearch')) fs.rmSync(other, { force: true });
    // A temporary file a killed writer left; an hour old, no live writer still owns it.
    else if (name.endsWith('.tmp') && Date.now() - (fs.statSync(other, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > STALE_TEMPORARY_MS) fs.rmSync(other, { force: true });
  }
  return graph;
}

/** Removes an index file and its graph files. */
export function removeVectorIndex(file: string): void {
  fs.rmSync(file, { force: true });
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) if (name.startsWith(prefix) && name.endsWith('.usearch')) fs.rmSync(path.join(dir, name), { force: true });
}
