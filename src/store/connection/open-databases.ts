/**
 * The embedded engine keeps a database directory locked until the process
 * exits, even after close(), and a second connect to it in the same process
 * hangs. So each directory may be opened once per process; this registry
 * remembers which ones were.
 */
const opened = new Set<string>();

export function claimDatabaseDir(dir: string): boolean {
  if (opened.has(dir)) return false;
  opened.add(dir);
  return true;
}

/** Releases a claim after a failed open (nothing was locked). */
export function releaseDatabaseDir(dir: string): void {
  opened.delete(dir);
}

/**
 * True once this process has opened an embedded (rocksdb) database: such a
 * process does not exit by itself after closing it (an engine thread stays
 * alive), so short-lived commands must call process.exit.
 */
export function hasOpenedEmbeddedStore(): boolean {
  return opened.size > 0;
}
