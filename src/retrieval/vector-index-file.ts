import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SovereignError } from '../core/index.js';
import { createLogger } from '../core/index.js';
import { SealedFileError, type FileCipher } from '../core/crypto/file-cipher.js';
import type { KeyedVectorRow, VectorIndex } from './vector-index.js';

const log = createLogger('retrieval');

/**
 * Version 3 keeps row metadata in typed-array columns instead of JSON: at
 * 200K rows, parsing and validating 200K JSON tuples took seconds. Version 2
 * (JSON rows) is still read, and written again as version 3 at the next
 * save; version 1 (no graph keys) is rebuilt, not read.
 */
const MAGIC = 'SOVVEC03';
const JSON_ROWS_MAGIC = 'SOVVEC02';
const OLDER_MAGICS = new Set(['SOVVEC01']);
const STALE_TEMPORARY_MS = 60 * 60 * 1000;
/** What a vault's sealed vector index names as its additional data: another sealed file moved onto its place does not open. */
const SEALED_AAD = 'sovereign vector index';
/** Magic, then four u32: dimensions, rows, metadata bytes, and (version 3) row-hash bytes. */
const HEADER_BYTES = 8 + 16;
/** Per row: graph key (f64), document index, start, end and hash end offset (u32 each). */
const ROW_COLUMN_BYTES = 8 + 4 * 4;

/** What a semantic index knows about a document, to filter and show hits without asking the store. */
export const documentEntrySchema = z.object({
  title: z.string(),
  docType: z.string(),
  threadId: z.string().nullable(),
  modifiedAt: z.number(),
});
export type DocumentEntry = z.infer<typeof documentEntrySchema>;

const commonMetadata = {
  /** The embedder's id: vectors of another model are not comparable. */
  model: z.string(),
  /** The store the index describes. */
  location: z.string(),
  documents: z.record(z.string(), documentEntrySchema),
  /** The HNSW graph saved with these rows: a file name beside this one, or null when none was saved. */
  graph: z.string().regex(/^[^/\\]+$/).nullable(),
  /** Documents waiting to be (re)embedded: the queue, saved with the vectors it leads to. */
  pending: z.array(z.string()),
};

/**
 * Version 3: documents as parallel arrays (ids, then one array per field;
 * ids past the fields' length are documents only rows name), which parse
 * far faster than one object per document. The row columns refer to ids by
 * index.
 */
const metadataSchema = z.object({
  model: commonMetadata.model,
  location: commonMetadata.location,
  graph: commonMetadata.graph,
  pending: commonMetadata.pending,
  ids: z.array(z.string()),
  titles: z.array(z.string()),
  docTypes: z.array(z.string()),
  threadIds: z.array(z.string().nullable()),
  modifiedAt: z.array(z.number()),
});
type IndexFileMetadata = z.infer<typeof metadataSchema>;

/** Version 2: [documentId, hash, start, end, graph key] per row, in vector order, in the JSON. */
const jsonRowsMetadataSchema = z.object({
  ...commonMetadata,
  rows: z.array(z.tuple([z.string(), z.string(), z.number(), z.number(), z.number().int().nonnegative()])),
});

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
  /** Read from an older format: the next save writes the current one (read side only). */
  outdated?: boolean;
}

/** n rounded up to a multiple of m. */
function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}

/**
 * Writes the index as one binary file: a header, the metadata as JSON, the
 * row columns (graph keys as f64; document index, start, end and the end of
 * each row's hash in the hash bytes as u32), the hashes as UTF-8, and the
 * vectors as little-endian Float32 rows, each part aligned for a typed-array
 * view. It is written to a temporary file, synced and renamed over the old
 * one, so a crash at any moment leaves either the old file or the new one,
 * never half of one. In a vault (`files`) the same bytes are sealed whole
 * with the data key: passage text never is in the file, but titles are, and
 * vectors say what a passage means.
 */
export function writeVectorIndexFile(file: string, contents: IndexFileContents, graph: string | null = null, files: FileCipher | null = null): void {
  const n = contents.rows.length;
  const documentIndex = new Map<string, number>([...contents.documents.keys()].map((id, i) => [id, i]));
  const columns = Buffer.alloc(n * ROW_COLUMN_BYTES);
  const keys = new Float64Array(columns.buffer, columns.byteOffset, n);
  const u32 = (column: number) => new Uint32Array(columns.buffer, columns.byteOffset + n * 8 + column * n * 4, n);
  const [docs, starts, ends, hashEnds] = [u32(0), u32(1), u32(2), u32(3)];
  const hashes = Buffer.from(contents.rows.map((r) => r.hash).join(''), 'utf8');
  // Offsets in UTF-16 code units: the reader decodes all hashes as one string and slices it.
  let hashEnd = 0;
  contents.rows.forEach((row, i) => {
    let d = documentIndex.get(row.documentId);
    if (d === undefined) documentIndex.set(row.documentId, (d = documentIndex.size));
    keys[i] = row.key;
    docs[i] = d;
    starts[i] = row.start;
    ends[i] = row.end;
    hashEnd += row.hash.length;
    hashEnds[i] = hashEnd;
  });
  const entries = [...contents.documents.values()];
  const meta: IndexFileMetadata = {
    model: contents.model,
    location: contents.location,
    graph,
    pending: contents.pending,
    ids: [...documentIndex.keys()],
    titles: entries.map((e) => e.title),
    docTypes: entries.map((e) => e.docType),
    threadIds: entries.map((e) => e.threadId),
    modifiedAt: entries.map((e) => e.modifiedAt),
  };
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  // The columns start on an 8-byte boundary (f64 keys), the vectors on a 4-byte one, so the reader views them in place.
  const metaBytes = roundUp(HEADER_BYTES + json.length, 8) - HEADER_BYTES;
  const hashBytes = roundUp(hashes.length, 4);
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(contents.dimensions, 8);
  header.writeUInt32LE(n, 12);
  header.writeUInt32LE(metaBytes, 16);
  header.writeUInt32LE(hashBytes, 20);
  const vectors = Buffer.from(contents.vectors.buffer, contents.vectors.byteOffset, n * contents.dimensions * 4);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const parts = [header, json, Buffer.alloc(metaBytes - json.length, 0x20), columns, hashes, Buffer.alloc(hashBytes - hashes.length), vectors];
  const fd = fs.openSync(temporary, 'w', 0o600);
  try {
    if (files) fs.writeSync(fd, files.sealBufferSync(Buffer.concat(parts), SEALED_AAD));
    else for (const part of parts) fs.writeSync(fd, part);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
}

/**
 * Reads a file written by writeVectorIndexFile; undefined when there is
 * none. Throws an 'io' SovereignError naming the file when it is damaged.
 * In a vault (`files`) a file that does not open (plain, altered, another
 * vault's) is undefined too: it is derived data, rebuilt from the sealed
 * store, and never trusted.
 */
export function readVectorIndexFile(file: string, files: FileCipher | null = null): IndexFileContents | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SovereignError('io', `cannot read the vector index ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (files) {
    try {
      bytes = files.openBufferSync(bytes, SEALED_AAD);
    } catch (error) {
      if (!(error instanceof SealedFileError)) throw error;
      log.warn('the sealed vector index did not open; rebuilding it', { file, reason: error.message });
      return undefined;
    }
  }
  const damaged = (why: string) => new SovereignError('io', `the vector index ${file} is damaged: ${why}`, { hint: 'Run `sovereign index build` to rebuild it.' });
  const magic = bytes.toString('latin1', 0, 8);
  if (OLDER_MAGICS.has(magic)) {
    log.info('the vector index was written by an older version; rebuilding it', { file });
    return undefined;
  }
  if (bytes.length < HEADER_BYTES || (magic !== MAGIC && magic !== JSON_ROWS_MAGIC)) throw damaged('it is not a Sovereign vector index');
  const dimensions = bytes.readUInt32LE(8);
  const count = bytes.readUInt32LE(12);
  const metaBytes = bytes.readUInt32LE(16);
  const columnStart = HEADER_BYTES + metaBytes;
  const tableBytes = magic === MAGIC ? count * ROW_COLUMN_BYTES + bytes.readUInt32LE(20) : 0;
  const vectorStart = columnStart + tableBytes;
  if (bytes.length !== vectorStart + count * dimensions * 4) throw damaged(`expected ${vectorStart + count * dimensions * 4} bytes, found ${bytes.length}`);
  const metaText = bytes.toString('utf8', HEADER_BYTES, columnStart);
  const parsed = magic === MAGIC ? parseMetadata(metaText, metadataSchema, damaged) : parseMetadata(metaText, jsonRowsMetadataSchema, damaged);
  const rows = 'rows' in parsed ? parsed.rows.map(([documentId, hash, start, end, key]) => ({ documentId, hash, start, end, key })) : readRowColumns(bytes, columnStart, count, parsed.ids, damaged);
  if (rows.length !== count) throw damaged(`the header says ${count} rows, the metadata ${rows.length}`);
  return {
    model: parsed.model,
    location: parsed.location,
    documents: 'rows' in parsed ? new Map(Object.entries(parsed.documents)) : documentsOf(parsed, damaged),
    rows,
    vectors: viewOf(Float32Array, bytes, vectorStart, count * dimensions),
    dimensions,
    pending: parsed.pending,
    ...(parsed.graph ? { graphFile: path.join(path.dirname(file), parsed.graph) } : {}),
    ...(magic === MAGIC ? {} : { outdated: true }),
  };
}

function parseMetadata<T>(text: string, schema: z.ZodType<T>, damaged: (why: string) => SovereignError): T {
  try {
    return schema.parse(JSON.parse(text));
  } catch (error) {
    throw damaged(`its metadata does not parse (${(error as Error).message.slice(0, 200)})`);
  }
}

function documentsOf(meta: IndexFileMetadata, damaged: (why: string) => SovereignError): Map<string, DocumentEntry> {
  const count = meta.titles.length;
  if ([meta.docTypes, meta.threadIds, meta.modifiedAt].some((field) => field.length !== count) || meta.ids.length < count) throw damaged('its document fields differ in length');
  const documents = new Map<string, DocumentEntry>();
  for (let i = 0; i < count; i++) documents.set(meta.ids[i]!, { title: meta.titles[i]!, docType: meta.docTypes[i]!, threadId: meta.threadIds[i]!, modifiedAt: meta.modifiedAt[i]! });
  return documents;
}

/** The rows from their columns; every document index and hash range is checked against the file. */
function readRowColumns(bytes: Buffer, at: number, n: number, rowDocuments: readonly string[], damaged: (why: string) => SovereignError): KeyedVectorRow[] {
  const keys = viewOf(Float64Array, bytes, at, n);
  const [docs, starts, ends, hashEnds] = [0, 1, 2, 3].map((c) => viewOf(Uint32Array, bytes, at + n * 8 + c * n * 4, n)) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const hashStart = at + n * ROW_COLUMN_BYTES;
  // One decode, then slices (cheap in V8) instead of one decode per row. The padding is NULs, trimmed off.
  let hashText = bytes.toString('utf8', hashStart, hashStart + bytes.readUInt32LE(20));
  while (hashText.endsWith('\0')) hashText = hashText.slice(0, -1);
  const hashLimit = hashText.length;
  const rows: KeyedVectorRow[] = new Array<KeyedVectorRow>(n);
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const documentId = rowDocuments[docs[i]!];
    const hashEnd = hashEnds[i]!;
    const key = keys[i]!;
    if (documentId === undefined) throw damaged(`row ${i} names document ${docs[i]} of ${rowDocuments.length}`);
    if (hashEnd < previous || hashEnd > hashLimit) throw damaged(`row ${i} has its hash outside the hash bytes`);
    if (!Number.isInteger(key) || key < 0) throw damaged(`row ${i} has the graph key ${key}`);
    rows[i] = { documentId, hash: hashText.slice(previous, hashEnd), start: starts[i]!, end: ends[i]!, key };
    previous = hashEnd;
  }
  return rows;
}

type TypedArrayOf<T> = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; new (length: number): T; BYTES_PER_ELEMENT: number };

/** A typed array over bytes [at, at + length elements): in place when aligned (a large read owns its buffer), else a copy. */
function viewOf<T extends Float32Array | Float64Array | Uint32Array>(Type: TypedArrayOf<T>, bytes: Buffer, at: number, length: number): T {
  if ((bytes.byteOffset + at) % Type.BYTES_PER_ELEMENT === 0) return new Type(bytes.buffer, bytes.byteOffset + at, length);
  const copy = new Type(length);
  new Uint8Array(copy.buffer).set(bytes.subarray(at, at + length * Type.BYTES_PER_ELEMENT));
  return copy;
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
  removeLeftovers(file, graph);
  return graph;
}

/**
 * A vault's save: the index file alone, sealed with the data key. usearch
 * saves a graph only to a path, in the clear (its f16 vectors are the
 * passages' meaning), and has no buffer form to seal; so no graph is
 * written, and the graph is rebuilt from the sealed vectors after the index
 * opens, a step at a time (VectorIndex.buildGraphStep; seconds for tens of
 * thousands of passages, where embedding them again takes minutes). Graph
 * files a plain workspace left are removed.
 */
export function saveSealedVectorIndex(file: string, index: VectorIndex, contents: Omit<IndexFileContents, 'rows' | 'vectors' | 'dimensions'>, files: FileCipher): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { rows, vectors } = index.compacted();
  writeVectorIndexFile(file, { ...contents, rows, vectors, dimensions: index.dimensions }, null, files);
  removeLeftovers(file, undefined);
}

/** Graph files beside `file` other than `graph`, and temporaries a killed writer left an hour ago or more (no live writer still owns them). */
function removeLeftovers(file: string, graph: string | undefined): void {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(prefix) || name === graph) continue;
    const other = path.join(dir, name);
    if (name.endsWith('.usearch')) fs.rmSync(other, { force: true });
    else if (name.endsWith('.tmp') && Date.now() - (fs.statSync(other, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > STALE_TEMPORARY_MS) fs.rmSync(other, { force: true });
  }
}

/** Removes an index file and its graph files. */
export function removeVectorIndex(file: string): void {
  fs.rmSync(file, { force: true });
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) if (name.startsWith(prefix) && name.endsWith('.usearch')) fs.rmSync(path.join(dir, name), { force: true });
}
