import fsp from 'node:fs/promises';
import path from 'node:path';
import { SovereignError, _, format, isSovereignError, messageOf } from '../core/index.js';
import { BACKUP_EXTENSION, type BackupHeader } from './backup-format.js';
import { readBackupHeader } from './open-backup.js';

export interface BackupListing {
  file: string;
  bytes: number;
  /** Null when the header cannot be read (the reason is in `problem`). */
  header: BackupHeader | null;
  problem?: string;
}

/** The backups in a folder, oldest first, from their headers (no passphrase needed). */
export async function listBackups(dir: string): Promise<BackupListing[]> {
  let names: string[];
  try {
    names = (await fsp.readdir(dir)).filter((name) => name.endsWith(BACKUP_EXTENSION)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SovereignError('invalid-input', format(_('Cannot list the backups in {dir}: {reason}'), { dir, reason: messageOf(error) }), { cause: error });
  }
  const listings: BackupListing[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const stat = await fsp.stat(file);
    if (!stat.isFile()) continue;
    const bytes = stat.size;
    try {
      listings.push({ file, bytes, header: await readBackupHeader(file) });
    } catch (error) {
      if (!isSovereignError(error)) throw error;
      listings.push({ file, bytes, header: null, problem: error.message });
    }
  }
  return listings;
}

/** Removes all but the newest `keep` backups in the folder; returns the files removed. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const backups = await listBackups(dir);
  const removed = backups.slice(0, Math.max(0, backups.length - keep)).map((backup) => backup.file);
  for (const file of removed) await fsp.rm(file, { force: true });
  return removed;
}

/** Where backups go unless the person picks a folder: beside the workspace, outside its database folder. */
export function defaultBackupDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}
