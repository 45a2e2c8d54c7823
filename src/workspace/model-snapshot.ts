import fs from 'node:fs';
import path from 'node:path';
import type { FileCipher } from '../core/crypto/index.js';
import { DOC_TYPES, RELATION_KINDS, type DocumentMeta, type Relationship } from '../store/index.js';

/**
 * Bump when the layout changes: older snapshots are ignored (the model loads
 * from the database). 2: tags, and the importer, its version and the key
 * within the file in provenance (format 1 dropped them, so a model opened
 * from it had no tags until the next database load).
 */
const SNAPSHOT_FORMAT = 2;

/**
 * The workspace model's documents and links, saved column by column so that
 * a 50K-document workspace opens from one JSON.parse instead of a database
 * scan. Links refer to documents by row, so each id string exists once.
 */
interface SnapshotFile {
  format: number;
  location: string;
  /** The event-log seq the snapshot reflects. */
  watermark: number;
  ids: string[];
  titles: string[];
  types: number[];
  threadTable: string[];
  /** Index into threadTable, -1 for none. */
  threads: number[];
  owned: number[];
  created: number[];
  modified: number[];
  /** [row, x, y, userPlaced] for documents that have a position. */
  positions: [number, number, number, number][];
  /** [row, sourcePath, originalHash, importedAt, importer, importerVersion, sourceKey]; null where absent. */
  provenance: [number, string, string, number, string | null, string | null, string | null][];
  /** Each distinct tag once (a vault's tags repeat over thousands of notes). */
  tagTable: string[];
  /** [row, ...indexes into tagTable] for documents that have tags. */
  tags: number[][];
  media: [number, string][];
  linkIds: string[];
  linkKinds: number[];
  /** Document rows; -1 never occurs (links end at existing documents). */
  linkFrom: number[];
  linkTo: number[];
  linkStrength: number[];
}

export interface ModelSnapshot {
  watermark: number;
  documents: DocumentMeta[];
  relationships: Relationship[];
}

export class SnapshotError extends Error {}

export function encodeSnapshot(location: string, watermark: number, documents: Iterable<DocumentMeta>, relationships: Iterable<Relationship>): string {
  const file: SnapshotFile = {
    format: SNAPSHOT_FORMAT, location, watermark, ids: [], titles: [], types: [], threadTable: [], threads: [], owned: [], created: [], modified: [],
    positions: [], provenance: [], tagTable: [], tags: [], media: [], linkIds: [], linkKinds: [], linkFrom: [], linkTo: [], linkStrength: [],
  };
  const rowOf = new Map<string, number>();
  const threadOf = new Map<string, number>();
  const tagOf = new Map<string, number>();
  for (const doc of documents) {
    const row = file.ids.length;
    rowOf.set(doc.id, row);
    file.ids.push(doc.id);
    file.titles.push(doc.title);
    file.types.push(DOC_TYPES.indexOf(doc.docType));
    let thread = -1;
    if (doc.threadId !== null) {
      thread = threadOf.get(doc.threadId) ?? -1;
      if (thread < 0) threadOf.set(doc.threadId, (thread = file.threadTable.push(doc.threadId) - 1));
    }
    file.threads.push(thread);
    file.owned.push(doc.isOwned ? 1 : 0);
    file.created.push(doc.createdAt.getTime());
    file.modified.push(doc.modifiedAt.getTime());
    if (doc.position) file.positions.push([row, doc.position.x, doc.position.y, doc.position.userPlaced ? 1 : 0]);
    if (doc.provenance) {
      const { sourcePath, originalHash, importedAt, importer, importerVersion, sourceKey } = doc.provenance;
      file.provenance.push([row, sourcePath, originalHash, importedAt.getTime(), importer ?? null, importerVersion ?? null, sourceKey ?? null]);
    }
    if (doc.tags !== undefined && doc.tags.length > 0) {
      const indexes = doc.tags.map((tag) => {
        let index = tagOf.get(tag);
        if (index === undefined) tagOf.set(tag, (index = file.tagTable.push(tag) - 1));
        return index;
      });
      file.tags.push([row, ...indexes]);
    }
    if (doc.mediaRef !== null) file.media.push([row, doc.mediaRef]);
  }
  for (const link of relationships) {
    const from = rowOf.get(link.from);
    const to = rowOf.get(link.to);
    if (from === undefined || to === undefined) continue;
    file.linkIds.push(link.id);
    file.linkKinds.push(RELATION_KINDS.indexOf(link.kind));
    file.linkFrom.push(from);
    file.linkTo.push(to);
    file.linkStrength.push(link.strength);
  }
  return JSON.stringify(file);
}

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new SnapshotError(what);
}

/**
 * Reads a snapshot written by encodeSnapshot for the same database.
 * Undefined for another format or database; SnapshotError when damaged.
 */
export function decodeSnapshot(text: string, location: string): ModelSnapshot | undefined {
  let file: SnapshotFile;
  try {
    file = JSON.parse(text) as SnapshotFile;
  } catch {
    throw new SnapshotError('not JSON');
  }
  check(typeof file === 'object' && file !== null, 'not an object');
  if (file.format !== SNAPSHOT_FORMAT || file.location !== location) return undefined;
  const n = file.ids?.length;
  for (const key of ['titles', 'types', 'threads', 'owned', 'created', 'modified'] as const) check(Array.isArray(file[key]) && file[key].length === n, key);
  const m = file.linkIds?.length;
  for (const key of ['linkKinds', 'linkFrom', 'linkTo', 'linkStrength'] as const) check(Array.isArray(file[key]) && file[key].length === m, key);
  check(
    Array.isArray(file.threadTable) && Array.isArray(file.positions) && Array.isArray(file.provenance) && Array.isArray(file.media) && Array.isArray(file.tagTable) && Array.isArray(file.tags),
    'extras',
  );
  const documents: DocumentMeta[] = new Array<DocumentMeta>(n);
  for (let i = 0; i < n; i++) {
    const docType = DOC_TYPES[file.types[i]!];
    const thread = file.threads[i]!;
    check(typeof file.ids[i] === 'string' && typeof file.titles[i] === 'string' && docType !== undefined && (thread === -1 || file.threadTable[thread] !== undefined), `document ${i}`);
    const createdAt = new Date(file.created[i]!);
    documents[i] = {
      id: file.ids[i]!,
      title: file.titles[i]!,
      docType,
      threadId: thread < 0 ? null : file.threadTable[thread]!,
      isOwned: file.owned[i] === 1,
      createdAt,
      // A document not edited since it was stored (modifiedAt defaults to createdAt) shares one Date: a V8 Date
      // with its number is 112 bytes, and the model's objects are read-only.
      modifiedAt: file.modified[i] === file.created[i] ? createdAt : new Date(file.modified[i]!),
      position: null,
      provenance: null,
      mediaRef: null,
    };
  }
  for (const [row, x, y, placed] of file.positions) {
    check(documents[row] !== undefined, 'position');
    documents[row]!.position = { x, y, userPlaced: placed === 1 };
  }
  for (const [row, sourcePath, originalHash, importedAt, importer, importerVersion, sourceKey] of file.provenance) {
    check(documents[row] !== undefined, 'provenance');
    documents[row]!.provenance = {
      sourcePath,
      originalHash,
      importedAt: new Date(importedAt),
      ...(typeof importer === 'string' ? { importer } : {}),
      ...(typeof importerVersion === 'string' ? { importerVersion } : {}),
      ...(typeof sourceKey === 'string' ? { sourceKey } : {}),
    };
  }
  for (const [row, ...indexes] of file.tags) {
    const tags = indexes.map((index) => file.tagTable[index]);
    check(row !== undefined && documents[row] !== undefined && tags.every((tag) => typeof tag === 'string'), 'tags');
    documents[row]!.tags = tags as string[];
  }
  for (const [row, ref] of file.media) {
    check(documents[row] !== undefined, 'media');
    documents[row]!.mediaRef = ref;
  }
  const relationships: Relationship[] = new Array<Relationship>(m);
  for (let i = 0; i < m; i++) {
    const from = documents[file.linkFrom[i]!];
    const to = documents[file.linkTo[i]!];
    const kind = RELATION_KINDS[file.linkKinds[i]!];
    check(from !== undefined && to !== undefined && kind !== undefined && typeof file.linkIds[i] === 'string', `link ${i}`);
    relationships[i] = { id: file.linkIds[i]!, kind, from: from.id, to: to.id, strength: Number(file.linkStrength[i]) };
  }
  return { watermark: Number(file.watermark) || 0, documents, relationships };
}

/** What a vault's sealed snapshot names as its additional data: a sealed search index moved onto its place does not open. */
const SNAPSHOT_AAD = 'sovereign workspace model snapshot';

/** Writes the snapshot (sealed whole with `files` in a vault) to a temporary name, then renames it: a kill leaves the old file or the new one. */
export async function writeSnapshotFile(file: string, text: string, files: FileCipher | null = null): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.promises.writeFile(tmp, files ? await files.sealBuffer(Buffer.from(text, 'utf8'), SNAPSHOT_AAD) : text, { mode: 0o600 });
  await fs.promises.rename(tmp, file);
}

/**
 * The snapshot's text, or undefined when there is none. In a vault a file
 * that does not open (altered, truncated, plain, another key's) throws a
 * SealedFileError: the caller rebuilds from the database and says why.
 */
export async function readSnapshotFile(file: string, files: FileCipher | null = null): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(file);
  } catch {
    return undefined;
  }
  return (files ? await files.openBuffer(bytes, SNAPSHOT_AAD) : bytes).toString('utf8');
}
