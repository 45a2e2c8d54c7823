import path from 'node:path';
import { SovereignError, _, format } from '../core/index.js';
import type { DocType } from '../store/records.js';

/**
 * Turns a .md or .txt file into a document. The import issue brings the
 * other formats (PDF, DOCX, HTML, images) as src/importers; until then this
 * is what the D-Bus ImportFile and Nautilus actions accept.
 */
export const TEXT_IMPORT_MAX_BYTES = 16 * 1024 * 1024;
const TYPE_OF_EXTENSION: Record<string, DocType> = { '.md': 'markdown', '.markdown': 'markdown', '.txt': 'text' };

export interface TextDocumentDraft {
  title: string;
  docType: DocType;
  content: string;
}

export function supportedImportExtensions(): string[] {
  return Object.keys(TYPE_OF_EXTENSION);
}

/** The document type for a file name, or an Unsupported error naming what is supported. */
export function importTypeOf(fileName: string): DocType {
  const extension = path.extname(fileName).toLowerCase();
  const type = TYPE_OF_EXTENSION[extension];
  if (type === undefined) {
    throw new SovereignError(
      'unsupported',
      format(_('Cannot import {name}: files of this type are not supported yet.'), { name: path.basename(fileName) }),
      { hint: format(_('Sovereign can import {list}.'), { list: supportedImportExtensions().join(', ') }) },
    );
  }
  return type;
}

export function textDocumentFromFile(fileName: string, bytes: Buffer): TextDocumentDraft {
  const docType = importTypeOf(fileName);
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SovereignError('invalid-input', format(_('Cannot import {name}: it is not UTF-8 text.'), { name: path.basename(fileName) }));
  }
  if (content.includes('\0')) {
    throw new SovereignError('invalid-input', format(_('Cannot import {name}: it contains binary data.'), { name: path.basename(fileName) }));
  }
  if (content.charCodeAt(0) === 0xfeff) content = content.slice(1);
  return { title: titleOf(fileName, docType, content), docType, content };
}

function titleOf(fileName: string, docType: DocType, content: string): string {
  if (docType === 'markdown') {
    const heading = /^#\s+(.+?)\s*#*\s*$/m.exec(content.slice(0, 4096));
    if (heading?.[1]) return heading[1].slice(0, 200);
  }
  return path.basename(fileName, path.extname(fileName)).slice(0, 200) || path.basename(fileName);
}
