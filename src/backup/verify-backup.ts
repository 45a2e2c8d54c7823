import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultConfig, type SovereignConfig } from '../core/index.js';
import { importSnapshot } from '../store/index.js';
import type { BackupHeader } from './backup-format.js';
import { readBackupContents } from './backup-contents.js';
import { checkDocumentCount } from './document-count.js';
import { openBackup, type OpenBackupOptions } from './open-backup.js';

export interface VerifiedBackup {
  file: string;
  header: BackupHeader;
  databaseBytes: number;
  attachments: number;
  /** The documents the database part really holds (equal to the header's count, or verify fails). */
  documents: number;
}

export interface VerifyBackupOptions extends OpenBackupOptions {
  /** Where the database part is loaded to be counted, then removed (default: the system's temporary folder). */
  scratchDir?: string;
  store?: SovereignConfig['store'];
}

/**
 * Reads and authenticates every chunk of a backup, checks its contents
 * against the manifest, and loads the database part into a scratch folder
 * (removed afterwards) to count its documents against the header: a backup
 * that verifies is one that restores. Touches nothing of the workspace.
 * Throws the specific problem: wrong passphrase or altered header, altered
 * chunk, truncation, newer format, a document count that does not match.
 */
export async function verifyBackup(file: string, passphrase: string, options: VerifyBackupOptions = {}): Promise<VerifiedBackup> {
  const backup = await openBackup(file, passphrase, options);
  const scratchParent = options.scratchDir ?? os.tmpdir();
  await fsp.mkdir(scratchParent, { recursive: true });
  const scratch = await fsp.mkdtemp(path.join(scratchParent, 'sovereign-verify-'));
  try {
    let documents = 0;
    const manifest = await readBackupContents(file, backup.entries, {
      database: async (body) => {
        documents = (await importSnapshot(path.join(scratch, 'database'), body, options.store ?? defaultConfig().store)).documents;
      },
    });
    checkDocumentCount(file, backup.header, documents);
    return { file, header: backup.header, databaseBytes: manifest.database.bytes, attachments: manifest.attachments.length, documents };
  } finally {
    await backup.close();
    await fsp.rm(scratch, { recursive: true, force: true });
  }
}
