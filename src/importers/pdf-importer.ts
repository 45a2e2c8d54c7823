import fs from 'node:fs/promises';
import path from 'node:path';
import { SovereignError, _, format } from '../core/index.js';
import type { ImportContext, ImportedDocument, Importer, SourceFile } from './importer.js';
import { clampTitle, titleFromFileName } from './file-title.js';
import { ToolFailure, runTool } from './run-tool.js';

const PDF_MAGIC = Buffer.from('%PDF-');
const PDF_END = Buffer.from('%%EOF');
/** Writers may put a little after the end marker (a newline, padding); a cut file has none in its tail. */
const END_SEARCH_BYTES = 2048;

/**
 * PDF through poppler: pdfinfo for metadata, pdftotext for the text (reading
 * order, not -layout: -layout pads columns with spaces, which reads badly as
 * a document and splits words for search). The original is attached.
 */
export const pdfImporter: Importer = {
  id: 'pdf',
  version: '1',
  extensions: ['.pdf'],
  // Some writers put junk before the header; PDF readers accept it within the first KB.
  detect: (head) => head.subarray(0, 1024).includes(PDF_MAGIC),
  async import(file: SourceFile, ctx: ImportContext): Promise<ImportedDocument[]> {
    // poppler rebuilds a cut file's cross-reference table and reads what is left: refuse it
    // instead of importing part of a document as if it were all of it.
    if (!file.bytes.subarray(Math.max(0, file.bytes.length - END_SEARCH_BYTES)).includes(PDF_END)) {
      throw new SovereignError('invalid-input', format(_('Cannot import {name}: {reason}'), { name: file.name, reason: _('the PDF is truncated or damaged.') }));
    }
    // Convert exactly the bytes that were hashed, not whatever the path holds now.
    const input = path.join(await ctx.scratchDir(), 'input.pdf');
    await fs.writeFile(input, file.bytes);
    const info = await pdfTool(file, 'pdfinfo', ['-isodates', input], ctx);
    const fields = parseInfo(info);
    const text = await pdfTool(file, 'pdftotext', ['-enc', 'UTF-8', '-eol', 'unix', input, '-'], ctx);
    const created = dateOf(fields.get('CreationDate'));
    const modified = dateOf(fields.get('ModDate'));
    const title = clampTitle(fields.get('Title') ?? '') || titleFromFileName(file.name);
    return [
      {
        key: '',
        title,
        docType: 'pdf',
        // pdftotext separates pages with form feeds; a blank line reads better.
        content: text.replace(/\f/g, '\n\n').trim(),
        dates: { created: created ?? modified ?? file.modifiedAt, modified: modified ?? created ?? file.modifiedAt },
        tags: [],
        links: [],
        attachment: { kind: 'original' },
      },
    ];
  },
};

async function pdfTool(file: SourceFile, program: string, args: string[], ctx: ImportContext): Promise<string> {
  try {
    return (await runTool(program, args, { signal: ctx.signal, debianPackage: 'poppler-utils' })).stdout;
  } catch (error) {
    if (!(error instanceof ToolFailure)) throw error;
    throw new SovereignError('invalid-input', format(_('Cannot import {name}: {reason}'), { name: file.name, reason: reasonOf(error) }), { cause: error });
  }
}

/** poppler's words, turned into a reason a person understands. */
function reasonOf(failure: ToolFailure): string {
  if (failure.timedOut) return _('reading it took too long (the file may be crafted to stall readers).');
  if (/password/i.test(failure.stderr)) return _('it is password-protected.');
  if (/xref|trailer|EOF|damaged|Couldn't read|May not be a PDF/i.test(failure.stderr)) return _('the PDF is truncated or damaged.');
  return format(_('the PDF cannot be read ({detail}).'), { detail: failure.stderr.trim().split('\n').pop() ?? '' });
}

function parseInfo(output: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of output.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return fields;
}

function dateOf(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
