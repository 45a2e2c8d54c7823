export { createBackup, backupFileName, type CreateBackupOptions, type CreatedBackup } from './create-backup.js';
export { defaultBackupDir, listBackups, pruneBackups, type BackupListing } from './list-backups.js';
export { verifyBackup, type VerifiedBackup } from './verify-backup.js';
export { restoreBackup, type RestoreBackupOptions, type RestoredBackup } from './restore-backup.js';
export { describeSize } from './backup-errors.js';
export { BACKUP_FORMAT_VERSION, BACKUP_EXTENSION, type BackupHeader } from './backup-format.js';
