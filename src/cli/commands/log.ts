import { _ } from '../../core/index.js';
import { formatTable, printResult } from '../output.js';
import { wholeNumber } from '../number-options.js';
import { withStore } from '../with-store.js';
import type { RegisterCommand } from './index.js';

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('log')
    .description(_('Show the event log, newest first'))
    .option('-t, --type <type...>', _('Only these types; "document." matches every document event'))
    .option('-n, --limit <n>', _('How many (1 to 100000)'), wholeNumber('--limit', 1, 100_000), 50)
    .option('--json', _('Print JSON'))
    .action(async (options: { type?: string[]; limit: number; json?: boolean }) => {
      const events = await withStore(ctx(), (store) =>
        store.listEvents({ descending: true, limit: options.limit, ...(options.type ? { types: options.type } : {}) }),
      );
      printResult(ctx(), options.json ?? false, events, () =>
        formatTable([_('Seq'), _('Time'), _('Type'), _('Payload')], events.map((e) => [String(e.seq), e.at.toISOString().slice(0, 19), e.type, JSON.stringify(e.payload).slice(0, 80)])),
      );
    });
};
