import { damaged } from './backup-errors.js';
import type { BackupHeader } from './backup-format.js';

/**
 * The header's document count is written before the export is read, in
 * the same transaction's view; a database part holding another number is
 * not the workspace the header describes.
 */
export function checkDocumentCount(file: string, header: BackupHeader, documents: number): void {
  if (documents !== header.documentCount) {
    throw damaged(file, `its header lists ${header.documentCount} documents but it holds ${documents}`);
  }
}
