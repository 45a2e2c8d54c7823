import { SovereignError, _, format } from '../../core/index.js';
import type { SearchMode } from '../../retrieval/index.js';
import { openRetrieval } from '../retrieval-session.js';
import { withStore } from '../with-store.js';
import type { RegisterCommand } from './index.js';

interface SearchOptions {
  bm25?: boolean;
  semantic?: boolean;
  hybrid?: boolean;
  json?: boolean;
  limit: string;
}

/** `sovereign search [--bm25|--semantic|--hybrid] [--json] QUERY…`: several queries answered in one run. */
export const register: RegisterCommand = (program, context) => {
  program
    .command('search <query...>')
    .description(_('Search the workspace by words, by meaning, or both (each argument is one query)'))
    .option('--bm25', _('By words only (BM25)'))
    .option('--semantic', _('By meaning only (passage vectors)'))
    .option('--hybrid', _('Both, fused by reciprocal rank (the default)'))
    .option('-n, --limit <n>', _('Results per query'), '10')
    .option('--json', _('One JSON line per query: {query, results: [{id, title, score, snippet}]}'))
    .action(async (queries: string[], options: SearchOptions) => {
      const ctx = context();
      const modes = (['bm25', 'semantic', 'hybrid'] as const).filter((m) => options[m]);
      if (modes.length > 1) throw new SovereignError('usage', _('Choose one of --bm25, --semantic and --hybrid.'));
      const mode: SearchMode = modes[0] ?? 'hybrid';
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new SovereignError('usage', format(_('--limit must be a whole number from 1 to 200, not "{value}".'), { value: options.limit }));
      const { searchDocuments } = await import('../../retrieval/index.js');
      await withStore(ctx, async (store) => {
        const sources = await openRetrieval(ctx, store, { semantic: mode !== 'bm25' });
        try {
          let warned = false;
          for (const query of queries) {
            const result = await searchDocuments(sources, query, { mode, limit });
            if (result.notice && !warned) {
              ctx.stderr.write(`sovereign: ${result.notice}\n`);
              warned = true;
            }
            if (options.json) {
              ctx.stdout.write(JSON.stringify({ query, results: result.hits.map(({ id, title, score, snippet }) => ({ id, title, score, snippet })) }) + '\n');
              continue;
            }
            ctx.stdout.write(`${format(_('Results for "{query}"'), { query })}\n`);
            if (result.hits.length === 0) ctx.stdout.write(`  ${_('Nothing found.')}\n`);
            result.hits.forEach((hit, i) => ctx.stdout.write(`  ${i + 1}. ${hit.title}  [${hit.id}]  ${hit.score.toFixed(4)}\n     ${hit.snippet}\n`));
          }
        } finally {
          await sources.close();
        }
      });
    });
};
