import path from 'node:path';

/** Attachments are stored content-addressed as attachments/<sha256> (src/importers/attachment-store.ts). */
export const ATTACHMENTS_FOLDER = 'attachments';
export const ATTACHMENT_NAME = /^[0-9a-f]{64}$/;

export function attachmentsDir(dataDir: string): string {
  return path.join(dataDir, ATTACHMENTS_FOLDER);
}
