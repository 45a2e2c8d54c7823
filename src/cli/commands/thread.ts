import { _ } from '../../core/index.js';
import { formatTable, printResult } from '../output.js';
import { resolveThread } from '../resolve-thread.js';
import { withStore } from '../with-store.js';
import type { RegisterCommand } from './index.js';

export const register: RegisterCommand = (program, ctx) => {
  const thread = program.command('thread').description(_('Add, rename, remove and list threads'));

  thread
    .command('add <name>')
    .description(_('Add a thread'))
    .option('-d, --description <text>', _('Description'))
    .option('--colour <colour>', _('Colour, e.g. #3584e4'))
    .option('--json', _('Print JSON'))
    .action(async (name: string, options: { description?: string; colour?: string; json?: boolean }) => {
      const created = await withStore(ctx(), (store) =>
        store.createThread({ name, ...(options.description !== undefined ? { description: options.description } : {}), ...(options.colour !== undefined ? { colour: options.colour } : {}) }),
      );
      printResult(ctx(), options.json ?? false, created, () => created.id);
    });

  thread
    .command('ls')
    .description(_('List threads'))
    .option('--json', _('Print JSON'))
    .action(async (options: { json?: boolean }) => {
      const threads = await withStore(ctx(), (store) => store.listThreads());
      printResult(ctx(), options.json ?? false, threads, () => formatTable([_('ID'), _('Colour'), _('Name')], threads.map((t) => [t.id, t.colour, t.name])));
    });

  thread
    .command('rename <thread> <name>')
    .description(_('Rename a thread'))
    .option('--json', _('Print JSON'))
    .action(async (idOrName: string, name: string, options: { json?: boolean }) => {
      const updated = await withStore(ctx(), async (store) => store.updateThread(await resolveThread(store, idOrName), { name }));
      printResult(ctx(), options.json ?? false, updated, () => '');
    });

  thread
    .command('rm <thread>')
    .description(_('Remove a thread; its documents stay, in no thread'))
    .option('--json', _('Print JSON'))
    .action(async (idOrName: string, options: { json?: boolean }) => {
      const id = await withStore(ctx(), async (store) => {
        const found = await resolveThread(store, idOrName);
        await store.deleteThread(found);
        return found;
      });
      printResult(ctx(), options.json ?? false, { deleted: id }, () => '');
    });
};
