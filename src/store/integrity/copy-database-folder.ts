import fs from 'node:fs';
import path from 'node:path';
import { SovereignError, _, format } from '../../core/index.js';

/**
 * Copies a database folder that no process holds open, without its LOCK
 * file (the copy gets its own when opened). Refuses to write into a folder
 * that exists: copies never land on anything.
 */
export function copyDatabaseFolder(from: string, to: string): void {
  try {
    fs.cpSync(from, to, {
      recursive: true,
      errorOnExist: true,
      force: false,
      preserveTimestamps: true,
      filter: (source) => path.basename(source) !== 'LOCK' || path.dirname(source) !== from,
    });
  } catch (error) {
    fs.rmSync(to, { recursive: true, force: true });
    throw new SovereignError('io', format(_('Cannot copy the database {path} to {copy}: {reason}'), { path: from, copy: to, reason: (error as Error).message }), {
      hint: _('The copy needs as much free space as the database folder takes; the original was not changed.'),
      cause: error,
    });
  }
}

/** "2026-12-06T13-58-31Z": a timestamp that sorts and is safe in a file name. */
export function folderStamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}
