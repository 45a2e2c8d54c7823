import fs from 'node:fs';
import path from 'node:path';
import { SovereignError } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { SealedFileError, type FileCipher } from '../core/crypto/file-cipher.js';
import { checkKeys, viewOf, type Damaged, type IndexFileContents, type ParsedContents, type TypedArrayOf } from './index-file-parts.js';
import { DOCUMENT_JSON_MAGIC, JSON_ROWS_MAGIC, OLD_HEADER_BYTES, legacyVectorStart, readLegacyContents } from './legacy-vector-index-file.js';
import { PackedStrings, RowColumns } from './row-columns.js';
import { StoredVectors } from './stored-vectors.js';
import type { VectorIndex } from './vector-index.js';

const log = createLogger('retrieval');

/**
 * Version 4 keeps everything but a little JSON in typed-array columns and
 * one packed string block, and leaves the vectors in the file until the
 * index has opened (StoredVectors): at 200K passages, version 3 took ~1.9 s
 * to read (JSON and zod over 50K documents, 200K row objects, 410 MB of
 * vectors read first). Versions 3 (document fields as JSON) and 2 (rows as
 * JSON) are still read, and written again as version 4 at the next save;
 * version 1 (no graph keys) is rebuilt, not read.
 */
const MAGIC = 'SOVVEC04';
const OLDER_MAGICS = new Set(['SOVVEC01']);
const STALE_TEMPORARY_MS = 60 * 60 * 1000;
/** What a vault's sealed vector index names as its additional data: another sealed file moved onto its place does not open. */
const SEALED_AAD = 'sovereign vector index';
/** Version 4: magic, then six u32: dimensions, rows, documents with fields, document ids, metadata bytes, string bytes. */
const HEADER_BYTES = 8 + 24;
/** Version 4, per row: graph key and passage key (f64), document index, start, end and hash end (u32). */
const ROW_BYTES = 2 * 8 + 4 * 4;
/** Version 4, per document with fields: modified time (f64), id end, title end, type and thread (u32); an id alone (a document only rows name) is one u32. */
const DOCUMENT_BYTES = 8 + 4 * 4;

/** What a semantic index knows about a document, to filter and show hits without asking the store. */
export interface DocumentEntry {
  title: string;
  docType: string;
  threadId: string | null;
  modifiedAt: number;
}

/** Version 4's few values that are not columns; document types and threads are tables the columns index. */
interface IndexFileMetadata {
  /** The embedder's id: vectors of another model are not comparable. */
  model: string;
  /** The store the index describes. */
  location: string;
  /** The HNSW graph saved with these rows: a file name beside this one, or null when none was saved. */
  graph: string | null;
  /** Documents waiting to be (re)embedded: the queue, saved with the vectors it leads to. */
  pending: string[];
  docTypes: string[];
  threadIds: (string | null)[];
}

export type { IndexFileContents } from './index-file-parts.js';

/** An index file as read: its vectors arrive after it opens (see StoredVectors). */
export interface StoredIndex extends IndexFileContents {
  vectors: StoredVectors;
  /** Absolute path of the graph file saved with the rows, if any. */
  graphFile?: string;
  /** Read from an older format: the next save writes the current one. */
  outdated?: boolean;
}

/** n rounded up to a multiple of m. */
function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}

/**
 * Writes the index as one binary file: a header, a little metadata as
 * JSON, then columns (f64: graph keys, passage keys, documents' modified
 * times; u32: each row's document, start, end and hash end, each
 * document's id end, title end, type and thread), one UTF-8 block of row
 * hashes, document ids and titles (ends as byte offsets in it), and the
 * vectors as little-endian Float32 rows, each part aligned
 * for a typed-array view. It is written to a temporary file, synced and
 * renamed over the old one, so a crash at any moment leaves either the old
 * file or the new one, never half of one. In a vault (`files`) the same
 * bytes are sealed whole with the data key: passage text never is in the
 * file, but titles are, and vectors say what a passage means.
 */
export function writeVectorIndexFile(file: string, contents: IndexFileContents & { vectors: Float32Array }, graph: string | null = null, files: FileCipher | null = null): void {
  const rows = contents.rows.view();
  const n = contents.rows.slots;
  const entries = [...contents.documents];
  const ids = entries.map(([id]) => id);
  const fileIndex = new Map(ids.map((id, i) => [id, i]));
  const documentOf = new Map<number, number>();
  for (let slot = 0; slot < n; slot++) {
    const own = rows.document[slot]!;
    if (own < 0) throw new RangeError(`row ${slot} is dead: write compacted rows`);
    if (documentOf.has(own)) continue;
    const id = rows.ids[own]!;
    let at = fileIndex.get(id);
    if (at === undefined) fileIndex.set(id, (at = ids.push(id) - 1));
    documentOf.set(own, at);
  }
  const d = entries.length;
  const typeTable = new Map<string, number>();
  const threadTable = new Map<string | null, number>();
  const tableIndex = <K>(table: Map<K, number>, value: K) => table.get(value) ?? table.set(value, table.size).get(value)!;
  const names = Buffer.from(ids.join('') + entries.map(([, e]) => e.title).join(''), 'utf8');
  const text = Buffer.concat([rows.hashes.bytes, names]);

  const tableBytes = n * ROW_BYTES + d * DOCUMENT_BYTES + (ids.length - d) * 4;
  const table = Buffer.alloc(tableBytes);
  let at = 0;
  const column = <T extends Float64Array | Uint32Array>(Type: { new (buffer: ArrayBufferLike, offset: number, length: number): T; BYTES_PER_ELEMENT: number }, length: number): T => {
    const view = new Type(table.buffer, table.byteOffset + at, length);
    at += length * Type.BYTES_PER_ELEMENT;
    return view;
  };
  column(Float64Array, n).set(rows.key);
  column(Float64Array, n).set(rows.passage);
  const modifiedAt = column(Float64Array, d);
  const documentColumn = column(Uint32Array, n);
  column(Uint32Array, n).set(rows.start);
  column(Uint32Array, n).set(rows.end);
  column(Uint32Array, n).set(rows.hashes.ends);
  const idEnds = column(Uint32Array, ids.length);
  const titleEnds = column(Uint32Array, d);
  const types = column(Uint32Array, d);
  const threads = column(Uint32Array, d);
  for (let slot = 0; slot < n; slot++) documentColumn[slot] = documentOf.get(rows.document[slot]!)!;
  let end = rows.hashes.bytes.length;
  ids.forEach((id, i) => (idEnds[i] = end += Buffer.byteLength(id)));
  entries.forEach(([, entry], i) => {
    titleEnds[i] = end += Buffer.byteLength(entry.title);
    modifiedAt[i] = entry.modifiedAt;
    types[i] = tableIndex(typeTable, entry.docType);
    threads[i] = tableIndex(threadTable, entry.threadId);
  });
  const meta: IndexFileMetadata = { model: contents.model, location: contents.location, graph, pending: contents.pending, docTypes: [...typeTable.keys()], threadIds: [...threadTable.keys()] };
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  // The columns start on an 8-byte boundary (f64 first), the vectors on a 4-byte one, so the reader views them in place.
  const metaBytes = roundUp(HEADER_BYTES + json.length, 8) - HEADER_BYTES;
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'latin1');
  [contents.dimensions, n, d, ids.length, metaBytes, text.length].forEach((value, i) => header.writeUInt32LE(value, 8 + i * 4));
  const vectors = Buffer.from(contents.vectors.buffer, contents.vectors.byteOffset, n * contents.dimensions * 4);
  const parts = [header, json, Buffer.alloc(metaBytes - json.length, 0x20), table, text, Buffer.alloc(roundUp(text.length, 4) - text.length), vectors];
  writeAtomically(file, parts, files);
}

function writeAtomically(file: string, parts: Buffer[], files: FileCipher | null): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
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

/** Where a file's vectors start and how many rows and dimensions it has, from its first bytes; every version's layout. */
interface Layout {
  magic: string;
  dimensions: number;
  count: number;
  /** Bytes before the vectors: what opening reads. */
  vectorStart: number;
}

function layoutOf(head: Buffer, damaged: Damaged): Layout {
  const magic = head.toString('latin1', 0, 8);
  if (magic === MAGIC && head.length >= HEADER_BYTES) {
    const [dimensions, count, documents, ids, metaBytes, stringBytes] = [0, 1, 2, 3, 4, 5].map((i) => head.readUInt32LE(8 + i * 4)) as [number, number, number, number, number, number];
    if (ids < documents) throw damaged(`it names ${ids} documents but has fields for ${documents}`);
    const tableBytes = count * ROW_BYTES + documents * DOCUMENT_BYTES + (ids - documents) * 4;
    return { magic, dimensions, count, vectorStart: HEADER_BYTES + metaBytes + tableBytes + roundUp(stringBytes, 4) };
  }
  if ((magic === DOCUMENT_JSON_MAGIC || magic === JSON_ROWS_MAGIC) && head.length >= OLD_HEADER_BYTES) {
    return { magic, dimensions: head.readUInt32LE(8), count: head.readUInt32LE(12), vectorStart: legacyVectorStart(magic, head) };
  }
  throw damaged('it is not a Sovereign vector index');
}

/**
 * Reads a file written by writeVectorIndexFile; undefined when there is
 * none. Throws an 'io' SovereignError naming the file when it is damaged.
 * A plain file's vectors are read after it opens (StoredVectors), from the
 * file kept open for them. In a vault (`files`) the file is read whole and
 * opened with the key, and one that does not open (plain, altered, another
 * vault's) is undefined too: it is derived data, rebuilt from the sealed
 * store, and never trusted.
 */
export function readVectorIndexFile(file: string, files: FileCipher | null = null): StoredIndex | undefined {
  const damaged: Damaged = (why) => new SovereignError('io', `the vector index ${file} is damaged: ${why}`, { hint: 'Run `sovereign index build` to rebuild it.' });
  const cannotRead = (error: unknown) => new SovereignError('io', `cannot read the vector index ${file}: ${(error as Error).message}`, { cause: error });
  if (files) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw cannotRead(error);
    }
    try {
      bytes = files.openBufferSync(bytes, SEALED_AAD);
    } catch (error) {
      if (!(error instanceof SealedFileError)) throw error;
      log.warn('the sealed vector index did not open; rebuilding it', { file, reason: error.message });
      return undefined;
    }
    if (OLDER_MAGICS.has(bytes.toString('latin1', 0, 8))) return undefined;
    const layout = layoutOf(bytes, damaged);
    checkLength(layout, bytes.length, damaged);
    return parsed(file, layout, bytes, StoredVectors.inMemory(viewOf(Float32Array, bytes, layout.vectorStart, layout.count * layout.dimensions)), damaged);
  }
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw cannotRead(error);
  }
  let handedOver = false;
  try {
    const size = fs.fstatSync(fd).size;
    const head = readAt(fd, 0, Math.min(size, HEADER_BYTES));
    if (OLDER_MAGICS.has(head.toString('latin1', 0, 8))) {
      log.info('the vector index was written by an older version; rebuilding it', { file });
      return undefined;
    }
    const layout = layoutOf(head, damaged);
    checkLength(layout, size, damaged);
    const table = readAt(fd, 0, layout.vectorStart);
    const vectors = StoredVectors.fromFile(fd, layout.vectorStart, layout.count * layout.dimensions);
    // The vectors own the file now; parsed() closes it should the rest fail.
    handedOver = true;
    return parsed(file, layout, table, vectors, damaged);
  } catch (error) {
    throw error instanceof SovereignError ? error : cannotRead(error);
  } finally {
    if (!handedOver) fs.closeSync(fd);
  }
}

function checkLength(layout: Layout, size: number, damaged: Damaged): void {
  const expected = layout.vectorStart + layout.count * layout.dimensions * 4;
  if (size !== expected) throw damaged(`expected ${expected} bytes, found ${size}`);
}

/** `length` bytes of an open file from `position`, in a buffer of their own (so typed-array views of them are aligned). */
function readAt(fd: number, position: number, length: number): Buffer {
  // Not zero-filled first: every byte is read over, or the read fails.
  const bytes = Buffer.allocUnsafeSlow(length);
  for (let at = 0; at < length; ) {
    const got = fs.readSync(fd, bytes, at, length - at, position + at);
    if (got === 0) throw new Error(`the file ended at byte ${position + at}, before ${position + length}`);
    at += got;
  }
  return bytes;
}

/** The index a file's bytes before its vectors describe. */
function parsed(file: string, layout: Layout, bytes: Buffer, vectors: StoredVectors, damaged: Damaged): StoredIndex {
  try {
    const contents = layout.magic === MAGIC ? readColumns(bytes, layout, damaged) : readLegacyContents(layout.magic, bytes, layout, damaged);
    const { graph, ...rest } = contents;
    return { ...rest, vectors, ...(graph ? { graphFile: path.join(path.dirname(file), graph) } : {}), ...(layout.magic === MAGIC ? {} : { outdated: true }) };
  } catch (error) {
    vectors.close();
    throw error;
  }
}

/**
 * Version 4's metadata, checked field by field here rather than with zod:
 * loading zod costs the index's worker ~130 ms, a fifth of opening 200K
 * passages, and these are six fields of the file's own.
 */
function metadataOf(text: string, damaged: Damaged): IndexFileMetadata {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw damaged(`its metadata does not parse (${(error as Error).message.slice(0, 200)})`);
  }
  const meta = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof IndexFileMetadata, unknown>>;
  const strings = (list: unknown, nullable: boolean) => Array.isArray(list) && list.every((s) => typeof s === 'string' || (nullable && s === null));
  const graph = meta.graph === null || (typeof meta.graph === 'string' && /^[^/\\]+$/.test(meta.graph));
  if (typeof meta.model !== 'string' || typeof meta.location !== 'string' || !graph || !strings(meta.pending, false) || !strings(meta.docTypes, false) || !strings(meta.threadIds, true)) {
    throw damaged('its metadata lacks a field or holds one of the wrong kind');
  }
  return meta as IndexFileMetadata;
}

function readColumns(bytes: Buffer, layout: Layout, damaged: Damaged): ParsedContents {
  const n = layout.count;
  const [documents, idCount, metaBytes, stringBytes] = [2, 3, 4, 5].map((i) => bytes.readUInt32LE(8 + i * 4)) as [number, number, number, number];
  const meta = metadataOf(bytes.toString('utf8', HEADER_BYTES, HEADER_BYTES + metaBytes), damaged);
  let at = HEADER_BYTES + metaBytes;
  const column = <T extends Float64Array | Uint32Array>(Type: TypedArrayOf<T>, length: number): T => {
    const view = viewOf(Type, bytes, at, length);
    at += length * Type.BYTES_PER_ELEMENT;
    return view;
  };
  const key = column(Float64Array, n);
  const passage = column(Float64Array, n);
  const modifiedAt = column(Float64Array, documents);
  const document = column(Uint32Array, n);
  const start = column(Uint32Array, n);
  const end = column(Uint32Array, n);
  const hashEnds = column(Uint32Array, n);
  const idEnds = column(Uint32Array, idCount);
  const titleEnds = column(Uint32Array, documents);
  const types = column(Uint32Array, documents);
  const threads = column(Uint32Array, documents);
  const text = bytes.subarray(at, at + stringBytes);
  // Every end rises from the one before it, across hashes, ids and titles, and stays inside the block; each string is decoded when read.
  let previous = 0;
  for (const [ends, what] of [[hashEnds, 'row'], [idEnds, 'document id'], [titleEnds, 'title']] as const) {
    for (let i = 0; i < ends.length; i++) {
      if (ends[i]! < previous || ends[i]! > text.length) throw damaged(`${what} ${i} ends outside the string block`);
      previous = ends[i]!;
    }
  }
  checkKeys(key, damaged);
  for (let i = 0; i < n; i++) if (document[i]! >= idCount) throw damaged(`row ${i} names document ${document[i]} of ${idCount}`);
  const lastHashEnd = n === 0 ? 0 : hashEnds[n - 1]!;
  const ids = new PackedStrings(text, idEnds, lastHashEnd);
  const idList = Array.from({ length: idCount }, (_, i) => ids.at(i));
  const titles = new PackedStrings(text, titleEnds, idCount === 0 ? lastHashEnd : idEnds[idCount - 1]!);
  const entries = new Map<string, DocumentEntry>();
  for (let i = 0; i < documents; i++) {
    const docType = meta.docTypes[types[i]!];
    const threadId = meta.threadIds[threads[i]!];
    if (docType === undefined || threadId === undefined) throw damaged(`document ${i} names a type or thread the file does not list`);
    entries.set(idList[i]!, { title: titles.at(i), docType, threadId, modifiedAt: modifiedAt[i]! });
  }
  const rows = new RowColumns({ count: n, ids: idList, document: new Int32Array(document.buffer, document.byteOffset, n), key, passage, start, end, hashes: new PackedStrings(text, hashEnds) });
  return { model: meta.model, location: meta.location, graph: meta.graph, pending: meta.pending, documents: entries, rows, dimensions: layout.dimensions };
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
