import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { SovereignError, _, format, type SovereignConfig } from '../core/index.js';
import { databaseLockHolder, importSnapshot } from '../store/index.js';
import { readBackupContents } from './backup-contents.js';
import { checkDocumentCount } from './document-count.js';
import { openBackup, readBackupHeader } from './open-backup.js';
import { attachmentsDir } from './workspace-files.js';

export interface RestoreBackupOptions {
  dataDir: string;
  /** The embedded database folder to restore into. */
  databaseDir: string;
  store: SovereignConfig['store'];
  passphrase: string;
  /** Move a non-empty workspace aside instead of refusing. */
  replace?: boolean;
  now?: Date;
  /** Bytes of the backup file read so far, and its size. */
  onProgress?: (read: number, total: number) => void;
  /** Cancels: the half-built copy is removed and the workspace stays as it was. */
  signal?: AbortSignal;
}

export interface RestoredBackup {
  documents: number;
  attachments: number;
  /** Where the replaced database and attachments were moved, when `replace` moved any. */
  movedAside: string[];
}

/**
 * Restores a backup into the workspace. Everything is first written beside
 * it (database.restore-<time>, attachments.restore-<time>) and checked
 * against the manifest; only when the whole file has authenticated are the
 * folders swapped in, so a bad backup never leaves a half-restored
 * workspace. A workspace that has data is refused unless `replace`, which
 * moves it aside (database.before-restore-<time>) rather than deleting it.
 */
export async function restoreBackup(file: string, options: RestoreBackupOptions): Promise<RestoredBackup> {
  // A file that is no backup (or one from a newer version) is named before anything about the workspace.
  await readBackupHeader(file);
  const holder = databaseLockHolder(options.databaseDir);
  if (holder !== undefined) {
    throw new SovereignError('database-locked', format(_('The database {path} is open in process {pid}.'), { path: options.databaseDir, pid: holder }), {
      hint: _('Quit Sovereign, then restore.'),
    });
  }
  const targets = [options.databaseDir, attachmentsDir(options.dataDir)];
  const occupied = targets.filter(hasFiles);
  if (occupied.length > 0 && !options.replace) {
    throw new SovereignError('conflict', format(_('Cannot restore {file}: the workspace is not empty ({path} has data).'), { file, path: occupied[0] ?? '' }), {
      hint: _('Use --replace to move the current workspace aside and restore over it.'),
    });
  }

  const stamp = (options.now ?? new Date()).toISOString().replace(/[-:.]/g, '');
  const [newDatabase, newAttachments] = targets.map((target) => `${target}.restore-${stamp}`) as [string, string];
  const backup = await openBackup(file, options.passphrase, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let documents = 0;
  try {
    await fsp.mkdir(path.dirname(options.databaseDir), { recursive: true });
    await fsp.mkdir(newAttachments, { recursive: true, mode: 0o700 });
    const manifest = await readBackupContents(file, backup.entries, {
      database: async (body) => {
        documents = (await importSnapshot(newDatabase, body, options.store)).documents;
      },
      attachment: async (name, body) => {
        await pipeline(Readable.from(body), fs.createWriteStream(path.join(newAttachments, name), { flags: 'wx', mode: 0o600 }));
      },
    });
    checkDocumentCount(file, backup.header, documents);
    options.signal?.throwIfAborted();
    const movedAside: string[] = [];
    for (const [target, restored] of [
      [options.databaseDir, newDatabase],
      [targets[1]!, newAttachments],
    ] as const) {
      if (fs.existsSync(target)) {
        const aside = `${target}.before-restore-${stamp}`;
        await fsp.rename(target, aside);
        movedAside.push(aside);
      }
      await fsp.rename(restored, target);
    }
    return { documents, attachments: manifest.attachments.length, movedAside };
  } catch (error) {
    await fsp.rm(newDatabase, { recursive: true, force: true });
    await fsp.rm(newAttachments, { recursive: true, force: true });
    // Checked first: the engine reports a cancelled import as a database error.
    if (options.signal?.aborted) {
      throw new SovereignError('cancelled', format(_('The restore of {file} was cancelled; the half-built copy was removed and the workspace is unchanged.'), { file }), { cause: error });
    }
    throw error;
  } finally {
    await backup.close();
  }
}

function hasFiles(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}
