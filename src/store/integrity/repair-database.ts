import fs from 'node:fs';
import path from 'node:path';
import { SovereignError, _, format, type SovereignConfig } from '../../core/index.js';
import { copyDatabaseFolder, folderStamp } from './copy-database-folder.js';
import { databaseLockHolder } from './database-lock.js';
import { inspectDatabaseFolder, manifestNumber } from './database-folder.js';
import { probeDatabase } from './probe-database.js';

export interface RepairResult {
  /** False when the database opened as it was: nothing was moved. */
  repaired: boolean;
  path: string;
  /** Where the original folder now is, untouched (when repaired). */
  original?: string;
  /** The manifest the repaired CURRENT names. */
  manifest?: string;
  documents: number;
}

/**
 * Repairs a database whose CURRENT is lost or wrong, working on copies only.
 * Each candidate manifest, newest first, gets its own copy of the folder
 * (`database.repair-<time>`) with CURRENT rewritten to name it; the copy is
 * opened in a child process and every document read. The first copy that
 * reads is swapped in, and the original is kept, byte for byte, as
 * `database.broken-<time>`. When no copy reads, the original stays where it
 * was and the copies are removed.
 */
export async function repairDatabase(dir: string, config: SovereignConfig['store'], now = new Date()): Promise<RepairResult> {
  const folder = inspectDatabaseFolder(dir);
  if (folder.dataFiles.length === 0) {
    throw new SovereignError('not-found', format(_('There is no database to repair in {path}.'), { path: dir }));
  }
  const holder = databaseLockHolder(dir);
  if (holder !== undefined) {
    throw new SovereignError('database-locked', format(_('The database {path} is open in process {pid}.'), { path: dir, pid: holder }), {
      hint: _('Close the other Sovereign window or service, then repair.'),
    });
  }
  if (folder.manifests.length === 0) {
    throw new SovereignError('database', format(_('The database {path} cannot be repaired: it has no MANIFEST file left. Nothing was changed.'), { path: dir }), {
      hint: _('Restore the folder from a backup.'),
    });
  }
  const stamp = folderStamp(now);
  const copy = `${dir}.repair-${stamp}`;
  const candidates = [...folder.manifests].sort((a, b) => manifestNumber(b) - manifestNumber(a));
  let failure = '';
  for (const [index, manifest] of candidates.entries()) {
    fs.rmSync(copy, { recursive: true, force: true });
    copyDatabaseFolder(dir, copy);
    // RocksDB's CURRENT is the manifest's name and a newline.
    fs.writeFileSync(path.join(copy, 'CURRENT'), `${manifest}\n`);
    const probe = await probeDatabase(copy, config);
    if (!probe.ok) {
      failure = probe.message;
      continue;
    }
    // A manifest a failed open created describes an empty database: only settle for one when nothing else reads.
    if (probe.documents === 0 && index < candidates.length - 1) continue;
    if (folder.problem === undefined && manifest === folder.current) {
      fs.rmSync(copy, { recursive: true, force: true });
      return { repaired: false, path: dir, manifest, documents: probe.documents };
    }
    const original = `${dir}.broken-${stamp}`;
    fs.renameSync(dir, original);
    try {
      fs.renameSync(copy, dir);
    } catch (error) {
      fs.renameSync(original, dir);
      throw error;
    }
    return { repaired: true, path: dir, original, manifest, documents: probe.documents };
  }
  fs.rmSync(copy, { recursive: true, force: true });
  throw new SovereignError('database', format(_('The database {path} could not be repaired: {reason}. Nothing was changed.'), { path: dir, reason: failure || _('no manifest describes any documents') }), {
    hint: _('Restore the folder from a backup. The damaged folder is still where it was.'),
    detail: { path: dir },
  });
}

