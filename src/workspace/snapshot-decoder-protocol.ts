import type { SnapshotColumns } from './snapshot-columns.js';

/** What the snapshot's decoder thread is given: the file's bytes (transferred) and the database it must name. */
export interface DecoderRequest {
  bytes: Uint8Array;
  location: string;
}

/** Its one answer: the checked columns, another format or database, a damaged file, or a failure of its own. */
export type DecoderAnswer =
  | { kind: 'columns'; columns: SnapshotColumns }
  | { kind: 'other' }
  | { kind: 'damaged'; reason: string }
  | { kind: 'failed'; reason: string };
