import fs from 'node:fs';
import path from 'node:path';

/**
 * Copies a database folder that no process holds open, without its LOCK
 * file (the copy gets its own when opened). Refuses to write into a folder
 * that exists: copies never land on anything.
 */
export function copyDatabaseFolder(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    errorOnExist: true,
    force: false,
    preserveTimestamps: true,
    filter: (source) => path.basename(source) !== 'LOCK' || path.dirname(source) !== from,
  });
}

/** "2026-12-06T13-58-31Z": a timestamp that sorts and is safe in a file name. */
export function folderStamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}
