import fs from 'node:fs';
import path from 'node:path';
import type { IndexColumns } from './inverted-index.js';
import { DOC_TYPES } from '../store/records.js';
import { SealedFileError, type FileCipher } from '../core/crypto/index.js';
import { FilePostings } from './posting-lists.js';
import { ChunkAccess, FileAccess, type RandomAccess } from './random-access.js';
import { PackedStrings } from './string-list.js';
import { FileText } from './text-source.js';

/**
 * The saved search index: typed-array sections that load by reading bytes
 * (no parsing per posting; the postings themselves are read per term), ids,
 * titles and terms as packed UTF-8 (decoded when asked for), the documents'
 * plain text (read per hit, never loaded), and a small JSON header at the
 * end saying where each section starts:
 *
 *   MAGIC | sections… | text | text offsets | header JSON | u32 header length | MAGIC
 */
const MAGIC = Buffer.from('SOVIDX03');
/** Bump when the layout or the tokenising changes: older files are rebuilt. */
export const INDEX_FORMAT = 6;

type Section =
  | 'docTypes' | 'threads' | 'modified' | 'lengths' | 'termOffsets' | 'postings' | 'tfs' | 'textOffsets'
  | 'ids' | 'idEnds' | 'titles' | 'titleEnds' | 'terms' | 'termEnds';

interface Header {
  format: number;
  location: string;
  /** The event-log seq the index reflects. */
  watermark: number;
  documents: number;
  termCount: number;
  threadTable: string[];
  textStart: number;
  /** [byte offset in the file, element count] */
  sections: Record<Section, [number, number]>;
}

export class IndexFileError extends Error {}

/** What a vault's sealed index names as its additional data: another sealed file moved onto its place does not open. */
const SEALED_AAD = 'sovereign search index';
/**
 * Plaintext per sealed chunk of a vault's index. A search reads a few
 * postings lists and the text of each hit it shows, one document at a time,
 * and a chunk is decrypted whole to read any byte of it: at the files'
 * default 256 KiB, showing 20 hits decrypted ~5 MB the first time (about
 * 10 ms here), for ~20 KB of text. At 16 KiB a hit costs one or two small
 * chunks, a long posting list the same bytes as before, and the 21 bytes
 * of frame and tag per chunk add 0.13% to the file.
 */
const SEALED_CHUNK_BYTES = 16 * 1024;

function bytes(array: ArrayBufferView): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * Writes the columns to `file` atomically (a temporary file renamed over
 * it). In a vault (`files`) the whole file is built in memory and written
 * sealed with the data key.
 */
export async function writeIndexFile(file: string, columns: IndexColumns, location: string, watermark: number, files: FileCipher | null = null): Promise<{ textStart: number; textOffsets: Float64Array }> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await fs.promises.open(tmp, 'w', 0o600);
  let position = 0;
  const held: Buffer[] = [];
  const write = async (buffer: Buffer) => {
    if (files) held.push(Buffer.from(buffer));
    else await handle.write(buffer, 0, buffer.length, position);
    position += buffer.length;
  };
  let textStart = 0;
  const textOffsets = new Float64Array(columns.ids.length + 1);
  const align = async () => {
    if (position % 8) await write(Buffer.alloc(8 - (position % 8)));
  };
  try {
    await write(MAGIC);
    const sections = {} as Header['sections'];
    const put = async (name: Section, array: ArrayBufferView & { length: number }) => {
      await align();
      sections[name] = [position, array.length];
      await write(bytes(array));
    };
    await put('docTypes', columns.docTypes);
    await put('threads', columns.threads);
    await put('modified', columns.modified);
    await put('lengths', columns.lengths);
    await put('termOffsets', columns.termOffsets);
    const postings = columns.postings.all();
    await put('postings', postings.ordinals);
    await put('tfs', postings.tfs);
    // Ids, titles and terms as packed UTF-8, decoded when asked for (see PackedStrings).
    for (const [name, list] of [['ids', columns.ids], ['titles', columns.titles], ['terms', columns.terms]] as const) {
      const packed = PackedStrings.pack(list);
      await put(name, packed.bytes);
      await put(STRING_ENDS[name], packed.ends);
    }
    const n = columns.ids.length;
    textStart = position;
    let chunk: Buffer[] = [];
    let chunkBytes = 0;
    for (let d = 0; d < n; d++) {
      const encoded = Buffer.from(columns.text.text(d), 'utf8');
      chunk.push(encoded);
      chunkBytes += encoded.length;
      textOffsets[d + 1] = textOffsets[d]! + encoded.length;
      if (chunkBytes > 1 << 20 || d === n - 1) {
        await write(Buffer.concat(chunk));
        chunk = [];
        chunkBytes = 0;
      }
    }
    await put('textOffsets', textOffsets);
    const header: Header = {
      format: INDEX_FORMAT, location, watermark, documents: n, termCount: columns.terms.length, threadTable: columns.threadTable, textStart, sections,
    };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(json.length);
    await write(Buffer.concat([json, length, MAGIC]));
    if (files) await handle.writeFile(await files.sealBuffer(Buffer.concat(held), SEALED_AAD, SEALED_CHUNK_BYTES));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(tmp, file);
  return { textStart, textOffsets };
}

const STRING_ENDS = { ids: 'idEnds', titles: 'titleEnds', terms: 'termEnds' } as const;

const ELEMENT = {
  ids: Uint8Array, idEnds: Uint32Array, titles: Uint8Array, titleEnds: Uint32Array, terms: Uint8Array, termEnds: Uint32Array, docTypes: Uint8Array, threads: Int32Array, modified: Float64Array, lengths: Float32Array, termOffsets: Uint32Array, postings: Uint32Array, tfs: Uint16Array, textOffsets: Float64Array } as const;

/**
 * Reads a saved index. Returns undefined when the file is missing or was
 * written for another format or database; throws IndexFileError when it is
 * damaged. The returned text source keeps the file open. In a vault
 * (`files`) the sealed file is decrypted into memory once and read from
 * there; one that does not open is damaged (IndexFileError), never trusted.
 */
export async function readIndexFile(file: string, location: string, files: FileCipher | null = null): Promise<{ columns: IndexColumns; watermark: number } | undefined> {
  const source = files ? await openSealed(file, files) : await openPlain(file);
  if (!source) return undefined;
  const handle = { read: (buffer: Uint8Array, offset: number, length: number, position: number) => readAt(source, buffer, offset, length, position) };
  let keep = false;
  try {
    const size = source.size;
    const tail = Buffer.alloc(12);
    if (size < 28) throw new IndexFileError('too short');
    await handle.read(tail, 0, 12, size - 12);
    if (!tail.subarray(4).equals(MAGIC)) throw new IndexFileError('not a search index');
    const headerLength = tail.readUInt32LE(0);
    if (headerLength > size - 28) throw new IndexFileError('bad header length');
    const json = Buffer.alloc(headerLength);
    await handle.read(json, 0, headerLength, size - 12 - headerLength);
    let header: Header;
    try {
      header = JSON.parse(json.toString('utf8')) as Header;
    } catch {
      throw new IndexFileError('unreadable header');
    }
    if (header.format !== INDEX_FORMAT || header.location !== location) return undefined;
    const end = size - 12 - headerLength;
    const n = header.documents;
    const t = header.termCount;
    if (!Number.isInteger(n) || n < 0 || !Number.isInteger(t) || t < 0 || !Array.isArray(header.threadTable)) throw new IndexFileError('bad header');
    if (header.textStart < 8 || header.textStart > end) throw new IndexFileError('bad text start');
    // The per-document and per-term sections are read now; the postings stay on disk until a term is asked for, the text until a hit is shown.
    const place = (name: Section, expected: number): number => {
      const [offset, count] = header.sections?.[name] ?? [NaN, NaN];
      const limit = name === 'textOffsets' ? end : header.textStart;
      if (count !== expected || !Number.isInteger(offset) || offset % 8 !== 0 || offset < 8 || offset + count * ELEMENT[name].BYTES_PER_ELEMENT > limit) {
        throw new IndexFileError(`bad section ${name}`);
      }
      return offset;
    };
    const view = <K extends Section>(name: K, expected: number): InstanceType<(typeof ELEMENT)[K]> => {
      const offset = place(name, expected);
      const kind = ELEMENT[name];
      const own = new Uint8Array(expected * kind.BYTES_PER_ELEMENT);
      if (source.read(own, 0, own.length, offset) !== own.length) throw new IndexFileError('truncated');
      return new kind(own.buffer, 0, expected) as InstanceType<(typeof ELEMENT)[K]>;
    };
    const strings = (name: 'ids' | 'titles' | 'terms', count: number): PackedStrings => {
      const ends = view(STRING_ENDS[name], count);
      const byteLength = header.sections?.[name]?.[1] ?? NaN;
      if (!PackedStrings.valid(byteLength, ends)) throw new IndexFileError(`bad section ${name}`);
      return new PackedStrings(Buffer.from(view(name, byteLength).buffer), ends);
    };
    const termOffsets = view('termOffsets', t + 1);
    const p = termOffsets[t]!;
    if (termOffsets[0] !== 0) throw new IndexFileError('bad term offsets');
    for (let i = 0; i < t; i++) if (termOffsets[i]! > termOffsets[i + 1]!) throw new IndexFileError('bad term offsets');
    const postings = new FilePostings(source, termOffsets, place('postings', p), place('tfs', p), n);
    const textOffsets = view('textOffsets', n + 1);
    if (textOffsets[n]! + header.textStart > end) throw new IndexFileError('bad text offsets');
    const threads = view('threads', n);
    const docTypes = view('docTypes', n);
    for (let d = 0; d < n; d++) if (threads[d]! >= header.threadTable.length || threads[d]! < -1 || docTypes[d]! >= DOC_TYPES.length) throw new IndexFileError('bad document row');
    const columns: IndexColumns = {
      ids: strings('ids', n),
      titles: strings('titles', n),
      threadTable: header.threadTable,
      terms: strings('terms', t),
      docTypes,
      threads,
      modified: view('modified', n),
      lengths: view('lengths', n),
      termOffsets,
      postings,
      text: new FileText(source, header.textStart, textOffsets),
    };
    keep = true;
    return { columns, watermark: Number(header.watermark) || 0 };
  } finally {
    // FileText closes the descriptor when the index closes.
    if (!keep) source.close();
  }
}

async function openPlain(file: string): Promise<RandomAccess | undefined> {
  try {
    // A raw descriptor rather than a FileHandle: the text source keeps it, and a FileHandle would be closed when collected.
    return new FileAccess(await new Promise<number>((resolve, reject) => fs.open(file, 'r', (error, opened) => (error ? reject(error) : resolve(opened)))));
  } catch {
    return undefined;
  }
}

/** The sealed index, read and decrypted a chunk at a time as reads reach it (see SealedChunks); the descriptor stays open with the index. */
async function openSealed(file: string, files: FileCipher): Promise<RandomAccess | undefined> {
  const sealed = await openPlain(file);
  if (!sealed) return undefined;
  try {
    return new ChunkAccess(files.openChunks(sealed, SEALED_AAD));
  } catch (error) {
    sealed.close();
    if (error instanceof SealedFileError) throw new IndexFileError(`the sealed index did not open: ${error.message}`);
    throw error;
  }
}

async function readAt(source: RandomAccess, buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
  if (source.read(buffer, offset, length, position) !== length) throw new IndexFileError('truncated');
  return length;
}
