import fs from 'node:fs';
import { _, format, type SovereignConfig } from '../../core/index.js';
import { copyDatabaseFolder, folderStamp } from './copy-database-folder.js';
import { databaseLockHolder } from './database-lock.js';
import { inspectDatabaseFolder, type ManifestProblem } from './database-folder.js';
import { describeManifestProblem } from './guard-database-folder.js';
import { probeDatabase } from './probe-database.js';

export type DatabaseState = 'ok' | 'empty' | ManifestProblem | 'damaged' | 'locked';

export interface DatabaseCheck {
  path: string;
  state: DatabaseState;
  /** One sentence on the state, for people. */
  message: string;
  /** Documents read in full (state 'ok'). */
  documents?: number;
  threads?: number;
  /** The process holding the database open (state 'locked'). */
  lockedBy?: number;
  /** The engine's words (state 'damaged'). */
  reason?: string;
}

/**
 * Says what state a database folder is in without changing a byte of it:
 * the folder's CURRENT/manifest is inspected by name, and the data is read
 * from a copy (beside the folder, removed afterwards) in a child process.
 * A folder another process holds open is reported as locked and not read.
 */
export async function checkDatabase(dir: string, config: SovereignConfig['store'], now = new Date()): Promise<DatabaseCheck> {
  const folder = inspectDatabaseFolder(dir);
  if (folder.dataFiles.length === 0) {
    return { path: dir, state: 'empty', message: format(_('{path} holds no database yet; one is created on first use.'), { path: dir }) };
  }
  if (folder.problem !== undefined) {
    return { path: dir, state: folder.problem, message: describeManifestProblem(folder, folder.problem) };
  }
  const holder = databaseLockHolder(dir);
  if (holder !== undefined) {
    return { path: dir, state: 'locked', lockedBy: holder, message: format(_('The database is open in process {pid}; close it to check the data.'), { pid: holder }) };
  }
  const copy = `${dir}.check-${folderStamp(now)}`;
  try {
    copyDatabaseFolder(dir, copy);
    const probe = await probeDatabase(copy, config);
    if (probe.ok) {
      return {
        path: dir,
        state: 'ok',
        documents: probe.documents,
        threads: probe.threads,
        message: format(_('The database opens and all {count} documents can be read.'), { count: probe.documents }),
      };
    }
    return { path: dir, state: 'damaged', reason: probe.message, message: format(_('Some data cannot be read: {reason}'), { reason: probe.message }) };
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}
