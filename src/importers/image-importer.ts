import exifReader from 'exif-reader';
import { SovereignError, _, format } from '../core/index.js';
import type { ImportedDocument, Importer, SourceFile } from './importer.js';
import { titleFromFileName } from './file-title.js';

const SIGNATURES: Record<string, (head: Buffer) => boolean> = {
  '.png': (head) => head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  '.jpg': (head) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff,
  '.gif': (head) => head.subarray(0, 6).toString('latin1') === 'GIF87a' || head.subarray(0, 6).toString('latin1') === 'GIF89a',
  '.webp': (head) => head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP',
  '.svg': (head) => /<svg[\s>]/i.test(head.subarray(0, 4096).toString('utf8')),
};
SIGNATURES['.jpeg'] = SIGNATURES['.jpg']!;

/**
 * Pictures become image documents: the picture is the attachment (mediaRef),
 * the timeline date is when it was taken (EXIF DateTimeOriginal) or else the
 * file's date. sharp reads the header only; SVG is never rendered here
 * (librsvg runs no scripts anyway).
 */
export const imageImporter: Importer = {
  id: 'image',
  version: '1',
  extensions: Object.keys(SIGNATURES),
  detect: (head) => Object.values(SIGNATURES).some((matches) => matches(head)),
  async import(file: SourceFile): Promise<ImportedDocument[]> {
    const matches = SIGNATURES[file.extension];
    if (matches && !matches(file.bytes)) {
      throw new SovereignError('invalid-input', format(_('Cannot import {name}: it is not a {type} image.'), { name: file.name, type: file.extension.slice(1).toUpperCase() }));
    }
    let taken: Date | undefined;
    let size = '';
    if (file.extension !== '.svg') {
      try {
        // Loaded on first use: sharp's libvips carries its own GLib, which must not
        // be mapped into the window's process merely because the import service exists.
        const { default: sharp } = await import('sharp');
        const metadata = await sharp(file.bytes).metadata();
        size = `${metadata.width ?? '?'}×${metadata.height ?? '?'}`;
        taken = metadata.exif ? exifDate(metadata.exif) : undefined;
      } catch (error) {
        throw new SovereignError('invalid-input', format(_('Cannot import {name}: the image is damaged ({reason}).'), { name: file.name, reason: (error as Error).message }), { cause: error });
      }
    }
    return [
      {
        key: '',
        title: titleFromFileName(file.name),
        docType: 'image',
        // A caption for search; the picture itself is the attachment.
        content: size ? format(_('Image, {size} pixels'), { size }) : '',
        dates: { created: taken ?? file.modifiedAt, modified: file.modifiedAt, ...(taken ? { timeline: taken } : {}) },
        tags: [],
        links: [],
        attachment: { kind: 'original' },
      },
    ];
  },
};

function exifDate(exif: Buffer): Date | undefined {
  try {
    const tags = exifReader(exif);
    const date = tags.Photo?.DateTimeOriginal ?? tags.Photo?.DateTimeDigitized ?? tags.Image?.DateTime;
    return date instanceof Date && !Number.isNaN(date.getTime()) ? date : undefined;
  } catch {
    // A broken EXIF block is not a broken picture: fall back to the file's date.
    return undefined;
  }
}
