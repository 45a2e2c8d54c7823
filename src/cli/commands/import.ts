import { _, displayPath, format, ngettext } from '../../core/index.js';
import type { ImportSummary } from '../../importers/index.js';
import type { CliContext } from '../context.js';
import { withStore } from '../with-store.js';
import { progressBar } from '../progress-bar.js';
import type { RegisterCommand } from './index.js';

interface ImportCommandOptions {
  thread?: string;
  recursive?: boolean;
  foldersAsThreads?: boolean;
  json?: boolean;
}

export const register: RegisterCommand = (program, context) => {
  program
    .command('import <paths...>')
    .description(_('Import files and folders (Markdown, text, PDF, DOCX, ODT, HTML, images, Obsidian vaults)'))
    .option('--thread <name>', _('Put the new documents in this thread (created when missing)'))
    .option('-r, --recursive', _('Import folders and everything in them'))
    .option('--folders-as-threads', _("Each top-level folder of an imported folder becomes a thread"))
    .option('--json', _('Print JSON lines: progress, then one line per file, then the summary'))
    .action(async (paths: string[], options: ImportCommandOptions) => {
      const ctx = context();
      const controller = new AbortController();
      const onInterrupt = () => controller.abort();
      process.once('SIGINT', onInterrupt);
      const bar = !options.json && process.stderr.isTTY ? progressBar(ctx.stderr) : undefined;
      try {
        const summary = await withStore(ctx, async (store) => {
          const { ImportService } = await import('../../importers/index.js');
          return new ImportService(store, ctx.paths.dataDir).importPaths(paths, {
            recursive: options.recursive ?? false,
            foldersAsThreads: options.foldersAsThreads ?? false,
            ...(options.thread !== undefined ? { threadName: options.thread } : {}),
            signal: controller.signal,
            onProgress: (progress) => (options.json ? writeJsonLine(ctx, { event: 'progress', ...progress }) : bar?.update(progress)),
          });
        });
        bar?.done();
        report(ctx, summary, options.json ?? false);
        if (summary.failed > 0 || summary.cancelled) process.exitCode = 1;
        // The process exits right after the command: wait until a piped stdout took every line (a vault's report is long).
        await new Promise<void>((resolve) => ctx.stdout.write('', () => resolve()));
      } finally {
        process.off('SIGINT', onInterrupt);
      }
    });
};

function writeJsonLine(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(JSON.stringify(value) + '\n');
}

function report(ctx: CliContext, summary: ImportSummary, json: boolean): void {
  if (json) {
    for (const outcome of summary.outcomes) {
      writeJsonLine(ctx, {
        event: 'file',
        path: outcome.path,
        status: outcome.status,
        ids: outcome.documentIds,
        ...(outcome.error ? { error: outcome.error.toJSON() } : {}),
        ...(outcome.warnings ? { warnings: outcome.warnings.map((warning) => warning.toJSON()) } : {}),
      });
    }
    const { outcomes: _outcomes, ...totals } = summary;
    writeJsonLine(ctx, { event: 'summary', ...totals });
    return;
  }
  const lines = [
    format(_('Imported {created}, updated {updated}, already there {unchanged}, failed {failed}; {links} links.'), {
      created: summary.created,
      updated: summary.updated,
      unchanged: summary.unchanged,
      failed: summary.failed,
      links: summary.links,
    }),
  ];
  if (summary.cancelled) lines.push(_('Cancelled: run the same import again to add the rest.'));
  const failures = summary.outcomes.filter((outcome) => outcome.status === 'failed');
  if (failures.length > 0) {
    lines.push(format(ngettext('{count} file failed:', '{count} files failed:', failures.length), { count: failures.length }));
    for (const failure of failures) lines.push(`  ${displayPath(failure.path)}: ${displayPath(failure.error?.describe() ?? '')}`);
  }
  for (const outcome of summary.outcomes) {
    for (const warning of outcome.warnings ?? []) lines.push(`  ${displayPath(outcome.path)}: ${displayPath(warning.message)}`);
  }
  ctx.stdout.write(lines.join('\n') + '\n');
}
