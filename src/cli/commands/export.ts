import { Argument, Option } from 'commander';
import { SovereignError, _, format } from '../../core/index.js';
import type { ExportFormat } from '../../exporters/export-service.js';
import type { ExportSelection } from '../../exporters/export-selection.js';
import { printResult } from '../output.js';
import { resolveThread } from '../resolve-thread.js';
import { withStore } from '../with-store.js';
import type { RegisterCommand } from './index.js';

interface ExportOptions {
  output: string;
  thread?: string;
  all?: boolean;
  pageSize: 'a4' | 'letter';
  margin: string;
  font: 'sans' | 'serif';
  header: boolean;
  footer: boolean;
  json?: boolean;
}

/** `sovereign export pdf|canvas|markdown (DOC | --thread NAME | --all) -o PATH`: a thin adapter over ExportService. */
export const register: RegisterCommand = (program, getContext) => {
  program
    .command('export')
    .description(_('Export a document, a thread or the whole workspace as PDF, JSON Canvas or a markdown folder'))
    .addArgument(new Argument('<format>', _('pdf, canvas or markdown')).choices(['pdf', 'canvas', 'markdown']))
    .argument('[document]', _('The id of the document to export'))
    .requiredOption('-o, --output <path>', _('The file to write (a folder for markdown)'))
    .option('--thread <name>', _('Export this thread (name or id)'))
    .option('--all', _('Export the whole workspace'))
    .addOption(new Option('--page-size <size>', _('PDF page size')).choices(['a4', 'letter']).default('a4'))
    .option('--margin <mm>', _('PDF page margins in millimetres (5 to 60)'), '20')
    .addOption(new Option('--font <font>', _('PDF font (bundled)')).choices(['sans', 'serif']).default('sans'))
    .option('--no-header', _('PDF: no title and date at the top of the pages'))
    .option('--no-footer', _('PDF: no page numbers'))
    .option('--json', _('Print the result as JSON'))
    .action(async (exportFormat: ExportFormat, documentId: string | undefined, options: ExportOptions) => {
      const ctx = getContext();
      const chosen = [documentId !== undefined, options.thread !== undefined, options.all === true].filter(Boolean).length;
      if (chosen !== 1) {
        throw new SovereignError('usage', _('say what to export: a document id, --thread NAME or --all (exactly one)'), {
          hint: _('For example: sovereign export pdf --thread Research -o research.pdf'),
        });
      }
      const marginMm = Number(options.margin);
      if (!/^\d+(\.\d+)?$/.test(options.margin) || marginMm < 5 || marginMm > 60) {
        throw new SovereignError('usage', format(_('the margin “{value}” is not a number of millimetres from 5 to 60'), { value: options.margin }));
      }
      // The export service (and with it typst) loads when the command runs, not when it is registered.
      const { ExportService } = await import('../../exporters/export-service.js');
      const result = await withStore(ctx, async (store) => {
        const selection: ExportSelection =
          documentId !== undefined ? { kind: 'document', documentId } : options.thread !== undefined ? { kind: 'thread', threadId: await resolveThread(store, options.thread) } : { kind: 'all' };
        const service = new ExportService(store, ctx.paths.dataDir);
        const abort = new AbortController();
        const unregister = ctx.lifecycle.register('export', () => abort.abort());
        try {
          return await service.export({
            format: exportFormat,
            selection,
            out: options.output,
            pdf: { pageSize: options.pageSize === 'letter' ? 'us-letter' : 'a4', marginMm, font: options.font, header: options.header, footer: options.footer },
            signal: abort.signal,
          });
        } finally {
          unregister();
          await service.close();
        }
      });
      printResult(ctx, options.json ?? false, result, () => format(_('Exported {count} documents to {path}'), { count: result.documents, path: result.out }));
    });
};
