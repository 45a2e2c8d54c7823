import { SovereignError, _, format } from '../../core/index.js';
import { RELATION_KINDS, type RelationKind } from '../../store/records.js';
import { formatTable, printResult } from '../output.js';
import { decimalNumber } from '../number-options.js';
import { withStore } from '../with-store.js';
import type { RegisterCommand } from './index.js';

export const register: RegisterCommand = (program, ctx) => {
  const link = program.command('link').description(_('Link documents'));

  link
    .command('add <from> <to>')
    .description(_('Link one document to another'))
    .option('-k, --kind <kind>', format(_('One of {kinds}'), { kinds: RELATION_KINDS.join(', ') }), 'related')
    .option('-s, --strength <n>', _('Strength between 0 and 1'), decimalNumber('--strength', 0, 1), 1)
    .option('--json', _('Print JSON'))
    .action(async (from: string, to: string, options: { kind: string; strength: number; json?: boolean }) => {
      if (!(RELATION_KINDS as readonly string[]).includes(options.kind)) {
        throw new SovereignError('usage', format(_('Unknown link kind "{kind}".'), { kind: options.kind }));
      }
      const created = await withStore(ctx(), (store) =>
        store.createRelationship({ from, to, kind: options.kind as RelationKind, strength: options.strength }),
      );
      printResult(ctx(), options.json ?? false, created, () => created.id);
    });

  link
    .command('ls <doc>')
    .description(_("List a document's links"))
    .option('--json', _('Print JSON'))
    .action(async (doc: string, options: { json?: boolean }) => {
      const links = await withStore(ctx(), async (store) => {
        await store.getDocumentMeta(doc);
        return store.relationshipsOf(doc);
      });
      printResult(ctx(), options.json ?? false, links, () =>
        formatTable([_('ID'), _('Kind'), _('From'), _('To'), _('Strength')], links.map((l) => [l.id, l.kind, l.from, l.to, String(l.strength)])),
      );
    });

  link
    .command('rm <id>')
    .description(_('Remove a link'))
    .option('--json', _('Print JSON'))
    .action(async (id: string, options: { json?: boolean }) => {
      await withStore(ctx(), (store) => store.deleteRelationship(id));
      printResult(ctx(), options.json ?? false, { deleted: id }, () => '');
    });
};
