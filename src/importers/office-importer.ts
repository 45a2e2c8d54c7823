import fs from 'node:fs/promises';
import path from 'node:path';
import { SovereignError, _, format } from '../core/index.js';
import type { ImportContext, ImportedDocument, Importer, SourceFile } from './importer.js';
import { clampTitle, titleFromFileName } from './file-title.js';
import { ToolFailure, runTool } from './run-tool.js';
import { checkZipExpansion } from './zip-size.js';

const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');
/** Heap cap for pandoc (GHC runtime): a crafted document that expands in memory stops here instead of filling RAM. */
const PANDOC_HEAP = '-M1g';
const FIRST_HEADING = /^#\s+(.+?)\s*#*\s*$/m;

/**
 * Word (DOCX) and OpenDocument (ODT) text through pandoc to GitHub-flavoured
 * markdown, which measured best here (tables stay tables; mammoth turns
 * them into HTML). The archive's expanded size is checked before pandoc
 * sees it. The original is attached.
 */
function officeImporter(id: string, extension: string, pandocFormat: string): Importer {
  return {
    id,
    version: '1',
    extensions: [extension],
    detect: (head) => head.subarray(0, 4).equals(ZIP_MAGIC),
    async import(file: SourceFile, ctx: ImportContext): Promise<ImportedDocument[]> {
      await checkZipExpansion(file.bytes, file.name, ctx.maxExpandedBytes);
      const input = path.join(await ctx.scratchDir(), `input${extension}`);
      await fs.writeFile(input, file.bytes);
      let markdown: string;
      try {
        markdown = (await runTool('pandoc', ['+RTS', PANDOC_HEAP, '-RTS', '--from', pandocFormat, '--to', 'gfm', '--wrap=none', input], { signal: ctx.signal, debianPackage: 'pandoc' })).stdout;
      } catch (error) {
        if (!(error instanceof ToolFailure)) throw error;
        const reason = error.timedOut ? _('converting it took too long') : error.stderr.trim().split('\n').pop() ?? '';
        throw new SovereignError('invalid-input', format(_('Cannot import {name}: it is damaged or not a {format} document ({reason}).'), { name: file.name, format: extension, reason }), { cause: error });
      }
      // pandoc keeps ODT bookmarks as empty anchors: noise in markdown.
      markdown = markdown.replace(/<span id="[^"]*"><\/span>/g, '');
      const heading = FIRST_HEADING.exec(markdown.slice(0, 8192))?.[1];
      return [
        {
          key: '',
          title: (heading ? clampTitle(heading) : '') || titleFromFileName(file.name),
          // The store has one type for word-processor documents, whichever suite wrote them.
          docType: 'docx',
          content: markdown.trim(),
          dates: { created: file.modifiedAt, modified: file.modifiedAt },
          tags: [],
          links: [],
          attachment: { kind: 'original' },
        },
      ];
    },
  };
}

export const docxImporter = officeImporter('docx', '.docx', 'docx');
export const odtImporter = officeImporter('odt', '.odt', 'odt');
