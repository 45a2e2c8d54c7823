import { SovereignError, _, format } from '../../core/index.js';
import type { IndexProgress, SemanticIndex } from '../../retrieval/index.js';
import type { CliContext } from '../context.js';
import { printResult } from '../output.js';
import { openRetrieval } from '../retrieval-session.js';
import { withStore } from '../with-store.js';
import type { RegisterCommand } from './index.js';

const BAR_WIDTH = 30;

function progressLine(p: IndexProgress): string {
  const fraction = p.total === 0 ? 1 : p.done / p.total;
  const filled = Math.round(fraction * BAR_WIDTH);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${Math.round(fraction * 100)}%  ${format(_('{done} of {total} documents, {embedded} passages embedded'), {
    done: p.done,
    total: p.total,
    embedded: p.embedded,
  })}`;
}

async function withSemanticIndex<T>(ctx: CliContext, run: (semantic: SemanticIndex) => Promise<T>): Promise<T> {
  return withStore(ctx, async (store) => {
    const sources = await openRetrieval(ctx, store, { semantic: true });
    try {
      if (!sources.semantic) throw new SovereignError('model', _('No embedding model is available: the built-in sentence encoder could not start.'), { hint: _('Run with SOVEREIGN_LOG=debug to see why.') });
      return await run(sources.semantic);
    } finally {
      await sources.close();
    }
  });
}

/** `sovereign index build|status|clear`: the passage vectors behind semantic and hybrid search. */
export const register: RegisterCommand = (program, context) => {
  const index = program.command('index').description(_('Build, inspect or clear the semantic (vector) index'));

  index
    .command('build')
    .description(_('Embed every document not yet indexed (Ctrl+C stops; the next build resumes)'))
    .option('--json', _('Print the result as JSON'))
    .action(async (options: { json?: boolean }) => {
      const ctx = context();
      const tty = (ctx.stderr as NodeJS.WriteStream).isTTY === true;
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await withSemanticIndex(ctx, async (semantic) => {
          let result: IndexProgress;
          try {
            result = await semantic.run({ signal: controller.signal, ...(tty ? { onProgress: (p) => ctx.stderr.write(progressLine(p)) } : {}) });
          } finally {
            if (tty) ctx.stderr.write('\n');
          }
          const status = semantic.status();
          printResult(ctx, options.json ?? false, { ...result, ...status }, () =>
            format(_('Indexed {documents} documents ({passages} passages): {embedded} passages embedded, {reused} reused.'), { documents: status.documents, passages: status.passages, embedded: result.embedded, reused: result.reused }),
          );
        });
      } catch (error) {
        if (error instanceof SovereignError && error.kind === 'cancelled') {
          throw new SovereignError('cancelled', _('Indexing stopped. What was embedded is saved; `sovereign index build` resumes.'));
        }
        throw error;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });

  index
    .command('status')
    .description(_('Show how much of the workspace is indexed'))
    .option('--json', _('Print JSON'))
    .action(async (options: { json?: boolean }) => {
      const ctx = context();
      await withSemanticIndex(ctx, async (semantic) => {
        const status = semantic.status();
        printResult(ctx, options.json ?? false, status, () =>
          format(_('Model: {model}\nDocuments indexed: {documents}\nPassages: {passages}\nWaiting to be embedded: {pending}'), { model: status.model, documents: status.documents, passages: status.passages, pending: status.pending }),
        );
      });
    });

  index
    .command('clear')
    .description(_('Delete the vector index (the next build embeds everything again)'))
    .action(async () => {
      const ctx = context();
      await withSemanticIndex(ctx, async (semantic) => {
        await semantic.clear();
        ctx.stdout.write(`${_('The vector index is cleared.')}\n`);
      });
    });
};
