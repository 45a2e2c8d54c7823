import { _, format } from '../../core/index.js';
import type { CliContext } from '../context.js';
import { printResult } from '../output.js';
import type { RegisterCommand } from './index.js';

/** `sovereign db check|repair`: the state of the embedded database folder, and a copy-first repair. */
export const register: RegisterCommand = (program, context) => {
  const db = program.command('db').description(_('Check or repair the workspace database'));
  // Loaded when a command runs: registering commands must not load the database engine.
  const integrity = () => import('../../store/integrity/index.js');
  const databaseDir = async (ctx: CliContext) => (await integrity()).embeddedDatabaseDir(ctx.config.store, ctx.paths);

  db.command('check')
    .description(_('Report the state of the database folder: ok, missing CURRENT, damaged files, or locked. Changes nothing.'))
    .option('--json', _('Print JSON'))
    .action(async (options: { json?: boolean }) => {
      const ctx = context();
      const { checkDatabase } = await integrity();
      const result = await checkDatabase(await databaseDir(ctx), ctx.config.store);
      printResult(ctx, Boolean(options.json), result, () => `${result.path}: ${result.state}\n${result.message}`);
      if (result.state !== 'ok' && result.state !== 'empty') process.exitCode = 1;
    });

  db.command('repair')
    .description(_('Repair a copy of the database and swap it in, keeping the original folder'))
    .option('--json', _('Print JSON'))
    .action(async (options: { json?: boolean }) => {
      const ctx = context();
      const { repairDatabase } = await integrity();
      const result = await repairDatabase(await databaseDir(ctx), ctx.config.store);
      printResult(ctx, Boolean(options.json), result, () =>
        result.repaired
          ? format(_('Repaired {path}: CURRENT now names {manifest}, and {count} documents read back.\nThe original folder is kept, unchanged, at {original}.'), {
              path: result.path,
              manifest: result.manifest ?? '',
              count: result.documents,
              original: result.original ?? '',
            })
          : format(_('{path} opens as it is and all {count} documents read back: nothing to repair.'), { path: result.path, count: result.documents }),
      );
    });
};
