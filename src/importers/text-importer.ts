import { SovereignError, _, decodeUtf8, format } from '../core/index.js';
import type { ImportedDocument, Importer, SourceFile } from './importer.js';
import { titleFromFileName } from './file-title.js';

/** How much of a file's head is looked at to tell text from binary. */
const SNIFF_BYTES = 8192;

/** Text is UTF-8 without NUL bytes; a cut in the middle of a character at the sniff boundary is fine. */
export function looksLikeText(head: Buffer): boolean {
  const sample = head.subarray(0, SNIFF_BYTES);
  if (sample.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The text of a file: UTF-8 (refused otherwise, never patched with U+FFFD), BOM dropped, no NUL bytes. */
export function textOf(file: SourceFile): string {
  let text = decodeUtf8(file.bytes, file.name);
  if (text.includes('\0')) {
    throw new SovereignError('invalid-input', format(_('Cannot import {name}: it contains binary data.'), { name: file.name }));
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

export const textImporter: Importer = {
  id: 'text',
  version: '1',
  extensions: ['.txt', '.text'],
  detect: looksLikeText,
  async import(file: SourceFile): Promise<ImportedDocument[]> {
    return [
      {
        key: '',
        title: titleFromFileName(file.name),
        docType: 'text',
        content: textOf(file),
        dates: { created: file.modifiedAt, modified: file.modifiedAt },
        tags: [],
        links: [],
      },
    ];
  },
};
