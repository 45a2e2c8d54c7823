import path from 'node:path';
import { SovereignError, _, format } from '../../../core/index.js';

/** Where imported media live, relative to the data dir: `attachments/<sha256>`. */
const MEDIA_REF = /^attachments\/([0-9a-f]{64})$/;

/** The absolute file and content hash of an image document's media. */
export interface ImageFile {
  file: string;
  sha256: string;
}

/**
 * Resolves an image document's mediaRef inside the data dir. Only the form
 * the importer writes is accepted, so a crafted record cannot point the
 * viewer at a file elsewhere on disk.
 */
export function imageFileOf(document: { title: string; mediaRef: string | null }, dataDir: string): ImageFile {
  const match = document.mediaRef === null ? null : MEDIA_REF.exec(document.mediaRef);
  if (!match) {
    throw new SovereignError(
      'invalid-input',
      document.mediaRef === null
        ? format(_('cannot open {title}: the document has no image attached'), { title: document.title })
        : format(_('cannot open {title}: its image reference {ref} is not of the form attachments/<sha256>'), { title: document.title, ref: document.mediaRef }),
      { detail: { mediaRef: document.mediaRef } },
    );
  }
  return { file: path.join(dataDir, 'attachments', match[1]!), sha256: match[1]! };
}
