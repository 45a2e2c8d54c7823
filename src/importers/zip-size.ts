import yauzl from 'yauzl';
import { SovereignError, _, format } from '../core/index.js';

/**
 * The total size a zip archive (DOCX, ODT) says it expands to, from its
 * central directory, without expanding anything. Refuses an archive that is
 * not a zip, or that would expand past maxBytes (a zip bomb), naming the file.
 * The declared sizes can lie; the converter's memory cap (pandoc's RTS -M)
 * is the second fence.
 */
export async function checkZipExpansion(bytes: Buffer, name: string, maxBytes: number): Promise<number> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (error, opened) => {
      if (error || !opened) reject(error ?? new Error('no archive'));
      else resolve(opened);
    });
  }).catch((error: unknown) => {
    throw new SovereignError('invalid-input', format(_('Cannot import {name}: it is damaged (not a readable zip archive: {reason}).'), {
      name,
      reason: (error as Error).message,
    }), { cause: error });
  });
  return new Promise<number>((resolve, reject) => {
    let total = 0;
    zip.on('entry', (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      if (total > maxBytes) {
        zip.close();
        reject(new SovereignError('resource', format(_('Cannot import {name}: it would expand to more than {max} bytes (a zip bomb?).'), { name, max: maxBytes })));
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve(total));
    zip.on('error', (error: Error) =>
      reject(new SovereignError('invalid-input', format(_('Cannot import {name}: it is damaged ({reason}).'), { name, reason: error.message }), { cause: error })),
    );
    zip.readEntry();
  });
}
