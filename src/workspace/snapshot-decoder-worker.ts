// The model snapshot's decoder thread (see decodeSnapshotOffThread in
// model-snapshot.ts): parses the file's JSON and checks its columns, so that
// the window's thread, busy building the window, only builds the objects.
import { parentPort, workerData } from 'node:worker_threads';
import { SnapshotError, packColumns, parseSnapshotColumns } from './snapshot-columns.js';
import type { DecoderAnswer, DecoderRequest } from './snapshot-decoder-protocol.js';

const { bytes, location } = workerData as DecoderRequest;
let answer: DecoderAnswer;
let transfer: ArrayBuffer[] = [];
try {
  const file = parseSnapshotColumns(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), location);
  if (file) {
    const packed = packColumns(file);
    answer = { kind: 'columns', columns: packed.columns };
    transfer = packed.transfer;
  } else answer = { kind: 'other' };
} catch (error) {
  answer = error instanceof SnapshotError ? { kind: 'damaged', reason: error.message } : { kind: 'failed', reason: String(error) };
}
parentPort!.postMessage(answer, transfer);
