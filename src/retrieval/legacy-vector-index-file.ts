import { createRequire } from 'node:module';
import type * as zod from 'zod';
import { RowColumns, type KeyedVectorRow } from './row-columns.js';
import { checkKeys, viewOf, type Damaged, type ParsedContents } from './index-file-parts.js';
import type { DocumentEntry } from './vector-index-file.js';

/**
 * Reading the two formats before version 4, met once after an upgrade (the
 * next save writes version 4). Their metadata is JSON checked with zod,
 * required here only when such a file is met: loading zod costs the index's
 * worker ~130 ms, a fifth of opening 200K passages in version 4.
 */
export const DOCUMENT_JSON_MAGIC = 'SOVVEC03';
export const JSON_ROWS_MAGIC = 'SOVVEC02';
/** Versions 2 and 3: magic, then four u32: dimensions, rows, metadata bytes, and (version 3) row-hash bytes. */
export const OLD_HEADER_BYTES = 8 + 16;
/** Version 3, per row: graph key (f64), document index, start, end and hash end offset (u32 each). */
const V3_ROW_BYTES = 8 + 4 * 4;

type Zod = typeof zod;

function schemas(z: Zod) {
  const common = {
    model: z.string(),
    location: z.string(),
    graph: z.string().regex(/^[^/\\]+$/).nullable(),
    pending: z.array(z.string()),
  };
  return {
    /** Version 3: documents as parallel arrays (ids past the fields' length are documents only rows name). */
    documentJson: z.object({ ...common, ids: z.array(z.string()), titles: z.array(z.string()), docTypes: z.array(z.string()), threadIds: z.array(z.string().nullable()), modifiedAt: z.array(z.number()) }),
    /** Version 2: [documentId, hash, start, end, graph key] per row, in vector order, and documents by id. */
    jsonRows: z.object({
      ...common,
      documents: z.record(z.string(), z.object({ title: z.string(), docType: z.string(), threadId: z.string().nullable(), modifiedAt: z.number() })),
      rows: z.array(z.tuple([z.string(), z.string(), z.number(), z.number(), z.number().int().nonnegative()])),
    }),
  };
}

/** Bytes before the vectors of a version 2 or 3 file, from its header. */
export function legacyVectorStart(magic: string, head: Buffer): number {
  const columnBytes = magic === DOCUMENT_JSON_MAGIC ? head.readUInt32LE(12) * V3_ROW_BYTES + head.readUInt32LE(20) : 0;
  return OLD_HEADER_BYTES + head.readUInt32LE(16) + columnBytes;
}

/** The contents of a version 2 or 3 file's bytes before its vectors. */
export function readLegacyContents(magic: string, bytes: Buffer, layout: { count: number; dimensions: number }, damaged: Damaged): ParsedContents {
  const z = createRequire(import.meta.url)('zod') as Zod;
  return magic === DOCUMENT_JSON_MAGIC ? readDocumentJson(bytes, layout, damaged, schemas(z).documentJson) : readJsonRows(bytes, layout, damaged, schemas(z).jsonRows);
}

function parseMetadata<T>(text: string, schema: { parse(value: unknown): T }, damaged: Damaged): T {
  try {
    return schema.parse(JSON.parse(text));
  } catch (error) {
    throw damaged(`its metadata does not parse (${(error as Error).message.slice(0, 200)})`);
  }
}

/** Version 3: documents in the JSON, rows in columns without passage keys (computed here). */
function readDocumentJson(bytes: Buffer, layout: { count: number; dimensions: number }, damaged: Damaged, schema: ReturnType<typeof schemas>['documentJson']): ParsedContents {
  const n = layout.count;
  const metaBytes = bytes.readUInt32LE(16);
  const meta = parseMetadata(bytes.toString('utf8', OLD_HEADER_BYTES, OLD_HEADER_BYTES + metaBytes), schema, damaged);
  const count = meta.titles.length;
  if ([meta.docTypes, meta.threadIds, meta.modifiedAt].some((field) => field.length !== count) || meta.ids.length < count) throw damaged('its document fields differ in length');
  const documents = new Map<string, DocumentEntry>();
  for (let i = 0; i < count; i++) documents.set(meta.ids[i]!, { title: meta.titles[i]!, docType: meta.docTypes[i]!, threadId: meta.threadIds[i]!, modifiedAt: meta.modifiedAt[i]! });
  const at = OLD_HEADER_BYTES + metaBytes;
  const keys = viewOf(Float64Array, bytes, at, n);
  const [docs, starts, ends, hashEnds] = [0, 1, 2, 3].map((c) => viewOf(Uint32Array, bytes, at + n * 8 + c * n * 4, n)) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const hashStart = at + n * V3_ROW_BYTES;
  // The padding is NULs, trimmed off.
  let hashText = bytes.toString('utf8', hashStart, hashStart + bytes.readUInt32LE(20));
  while (hashText.endsWith('\0')) hashText = hashText.slice(0, -1);
  checkKeys(keys, damaged);
  const rows: KeyedVectorRow[] = [];
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const documentId = meta.ids[docs[i]!];
    if (documentId === undefined) throw damaged(`row ${i} names document ${docs[i]} of ${meta.ids.length}`);
    if (hashEnds[i]! < previous || hashEnds[i]! > hashText.length) throw damaged(`row ${i} has its hash outside the hash bytes`);
    rows.push({ documentId, hash: hashText.slice(previous, hashEnds[i]!), start: starts[i]!, end: ends[i]!, key: keys[i]! });
    previous = hashEnds[i]!;
  }
  return { model: meta.model, location: meta.location, graph: meta.graph, pending: meta.pending, documents, rows: RowColumns.of(rows), dimensions: layout.dimensions };
}

/** Version 2: rows and documents in the JSON. */
function readJsonRows(bytes: Buffer, layout: { count: number; dimensions: number }, damaged: Damaged, schema: ReturnType<typeof schemas>['jsonRows']): ParsedContents {
  const meta = parseMetadata(bytes.toString('utf8', OLD_HEADER_BYTES, OLD_HEADER_BYTES + bytes.readUInt32LE(16)), schema, damaged);
  if (meta.rows.length !== layout.count) throw damaged(`the header says ${layout.count} rows, the metadata ${meta.rows.length}`);
  checkKeys(Float64Array.from(meta.rows, (row) => row[4]), damaged);
  const rows = RowColumns.of(meta.rows.map(([documentId, hash, start, end, key]) => ({ documentId, hash, start, end, key })));
  return { model: meta.model, location: meta.location, graph: meta.graph, pending: meta.pending, documents: new Map(Object.entries(meta.documents)), rows, dimensions: layout.dimensions };
}
