import { SovereignError, _, format } from '../../core/index.js';
import { formatTable, printResult } from '../output.js';
import { wholeNumber } from '../number-options.js';
import { openRetrieval } from '../retrieval-session.js';
import { withStore } from '../with-store.js';
import type { RegisterCommand } from './index.js';

/** `sovereign related DOC`: the documents the window's Related list proposes, through the same service. */
export const register: RegisterCommand = (program, context) => {
  program
    .command('related <doc>')
    .description(_('List documents close in meaning to a document and not linked to it yet (embeds what is not indexed first)'))
    .option('-n, --limit <n>', _('Most documents listed'), wholeNumber('--limit', 1, 50), 8)
    .option('--json', _('Print JSON'))
    .action(async (doc: string, options: { limit: number; json?: boolean }) => {
      const ctx = context();
      const related = await withStore(ctx, async (store) => {
        // Names a missing document before the encoder starts.
        await store.getDocumentMeta(doc);
        const sources = await openRetrieval(ctx, store, { semantic: true });
        try {
          if (!sources.semantic) throw new SovereignError('model', _('No embedding model is available: the built-in sentence encoder could not start.'), { hint: _('Run with SOVEREIGN_LOG=debug to see why.') });
          await sources.semantic.run();
          const { RelatedDocuments } = await import('../../retrieval/related-documents.js');
          return await new RelatedDocuments(store, sources.semantic).find(doc, { limit: options.limit });
        } finally {
          await sources.close();
        }
      });
      printResult(ctx, options.json ?? false, related, () =>
        related.length === 0
          ? _('No other document is close in meaning yet.')
          : formatTable(
              [_('ID'), _('Title'), _('Similarity')],
              related.map((r) => [r.id, r.title, format(_('{percent}%'), { percent: Math.round(r.score * 100) })]),
            ),
      );
    });
};
