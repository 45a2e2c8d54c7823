/**
 * What went wrong inside the storage engine, read from its error text. The
 * engine (SurrealDB over RocksDB) reports everything as one error type with
 * RocksDB's status text inside, so the text is all there is to go on. Match
 * whole phrases: a bare /lock/ also matches "block checksum mismatch", which
 * once told people with a damaged database to close a program that was not
 * running.
 */
export type EngineErrorKind = 'locked' | 'damaged' | 'permission' | 'disk-full' | 'other';

// RocksDB's lock failures: another process ("While lock file: …/LOCK: Resource
// temporarily unavailable") or this one ("lock hold by current process").
const LOCKED = [/lock hold by current process/i, /While lock file/i, /Resource temporarily unavailable/i, /\/LOCK\b/, /No locks available/i];
// Damaged data: RocksDB's Corruption status and its checksum texts, and a data
// file the manifest names but the folder lacks ("while stat a file for size").
const DAMAGED = [
  /\bCorruption\b/i,
  /checksum mismatch/i,
  /\bCRC\b.*mismatch/i,
  /bad block/i,
  /bad magic number/i,
  /Error while decoding blob/i,
  /truncated (block|record|file)/i,
  /No such file or directory: while (stat|open)/i,
  /\.(sst|blob): No such file or directory/i,
];
const PERMISSION = [/Permission denied/i, /\bEACCES\b/, /Read-only file system/i, /\bEROFS\b/];
const DISK_FULL = [/No space left on device/i, /\bENOSPC\b/];

export function classifyEngineError(detail: string): EngineErrorKind {
  if (LOCKED.some((pattern) => pattern.test(detail))) return 'locked';
  if (DAMAGED.some((pattern) => pattern.test(detail))) return 'damaged';
  if (PERMISSION.some((pattern) => pattern.test(detail))) return 'permission';
  if (DISK_FULL.some((pattern) => pattern.test(detail))) return 'disk-full';
  return 'other';
}

/** The messages of an error and its causes, outermost first, joined by ": ". */
export function engineErrorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error && parts.length < 4) {
    parts.push(current.message);
    current = current.cause;
  }
  if (current !== undefined && !(current instanceof Error)) parts.push(String(current));
  return parts.join(': ');
}

/**
 * The RocksDB status inside an engine error ("Corruption: block checksum
 * mismatch … in …/000008.sst"), without SurrealDB's wrappers ("There was a
 * problem with the key-value store: There was a problem with a transaction:").
 */
export function engineReason(detail: string): string {
  const status = /\b(Corruption|IO error|Invalid argument|Not implemented|Incomplete|Busy|TimedOut|Aborted): /.exec(detail);
  if (status) return detail.slice(status.index);
  const parts = detail.split(': ');
  return parts.slice(Math.max(0, parts.length - 2)).join(': ');
}
