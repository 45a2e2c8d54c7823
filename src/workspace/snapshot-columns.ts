// Nothing here may import the store (or anything heavy): the snapshot's
// decoder worker loads this module alone (see snapshot-decoder-worker.ts).

/**
 * Bump when the layout changes: older snapshots are ignored (the model loads
 * from the database). 2: tags, and the importer, its version and the key
 * within the file in provenance (format 1 dropped them, so a model opened
 * from it had no tags until the next database load).
 */
export const SNAPSHOT_FORMAT = 2;

/**
 * The workspace model's documents and links, saved column by column so that
 * a 50K-document workspace opens from one JSON.parse instead of a database
 * scan. Links refer to documents by row, so each id string exists once.
 */
export interface SnapshotFile {
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

/**
 * A snapshot's columns as the model is built from them: either the parsed
 * file, or the decoder worker's copy, whose numeric columns come back as
 * typed arrays (handed over without a copy, where a JSON array of 100K
 * numbers costs the receiving thread as much as parsing it).
 */
export type SnapshotColumns = Omit<SnapshotFile, NumericColumn> & Record<NumericColumn, ArrayLike<number>>;

const NUMERIC_COLUMNS = ['types', 'threads', 'owned', 'created', 'modified', 'linkKinds', 'linkFrom', 'linkTo', 'linkStrength'] as const;
type NumericColumn = (typeof NUMERIC_COLUMNS)[number];

export class SnapshotError extends Error {}

export function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new SnapshotError(what);
}

/**
 * Parses a snapshot and checks that its columns are there and agree in
 * length. Undefined for another format or database; SnapshotError when
 * damaged. Values are checked where the model is built from them.
 */
export function parseSnapshotColumns(text: string, location: string): SnapshotFile | undefined {
  let file: SnapshotFile;
  try {
    file = JSON.parse(text) as SnapshotFile;
  } catch {
    throw new SnapshotError('not JSON');
  }
  check(typeof file === 'object' && file !== null, 'not an object');
  if (file.format !== SNAPSHOT_FORMAT || file.location !== location) return undefined;
  const n = file.ids?.length;
  check(Array.isArray(file.ids), 'ids');
  for (const key of ['titles', 'types', 'threads', 'owned', 'created', 'modified'] as const) check(Array.isArray(file[key]) && file[key].length === n, key);
  const m = file.linkIds?.length;
  check(Array.isArray(file.linkIds), 'linkIds');
  for (const key of ['linkKinds', 'linkFrom', 'linkTo', 'linkStrength'] as const) check(Array.isArray(file[key]) && file[key].length === m, key);
  check(
    Array.isArray(file.threadTable) && Array.isArray(file.positions) && Array.isArray(file.provenance) && Array.isArray(file.media) && Array.isArray(file.tagTable) && Array.isArray(file.tags),
    'extras',
  );
  return file;
}

/**
 * The columns with every numeric one as a Float64Array (exact for every
 * JSON number; NaN where the file held anything else, which the model's
 * range checks refuse as they refused the value), and the buffers to
 * transfer.
 */
export function packColumns(file: SnapshotFile): { columns: SnapshotColumns; transfer: ArrayBuffer[] } {
  const columns: SnapshotColumns = { ...file };
  const transfer: ArrayBuffer[] = [];
  for (const key of NUMERIC_COLUMNS) {
    const values = Float64Array.from(file[key], (value: unknown) => (typeof value === 'number' ? value : NaN));
    columns[key] = values;
    transfer.push(values.buffer);
  }
  return { columns, transfer };
}
