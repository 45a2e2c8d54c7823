import type { BackupHeader } from './backup-format.js';
import { readBackupContents } from './backup-contents.js';
import { openBackup } from './open-backup.js';

export interface VerifiedBackup {
  file: string;
  header: BackupHeader;
  databaseBytes: number;
  attachments: number;
}

/**
 * Reads and authenticates every chunk of a backup and checks its contents
 * against the manifest, writing nothing. Throws the specific problem:
 * wrong passphrase or altered header, altered chunk, truncation, newer format.
 */
export async function verifyBackup(file: string, passphrase: string): Promise<VerifiedBackup> {
  const backup = await openBackup(file, passphrase);
  try {
    const manifest = await readBackupContents(file, backup.entries);
    return { file, header: backup.header, databaseBytes: manifest.database.bytes, attachments: manifest.attachments.length };
  } finally {
    await backup.close();
  }
}
