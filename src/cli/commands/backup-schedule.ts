import { Option, type Command } from 'commander';
import { SovereignError, _, format, isSovereignError } from '../../core/index.js';
import type { CliContext } from '../context.js';
import { wholeNumber } from '../number-options.js';
import { printResult } from '../output.js';
import { runScheduledCommand } from '../scheduled-backup-command.js';
import { readPassphrase } from '../passphrase.js';
import { withStore } from '../with-store.js';

const backups = () => import('../../backup/index.js');

/** `sovereign backup schedule on|off|status` and `backup run-scheduled` (what the timer runs). */
export function registerScheduleCommands(backup: Command, context: () => CliContext): void {
  backup
    .command('schedule <state>')
    .description(_('Turn scheduled backups on or off (on asks the backup passphrase once), or show their status'))
    .addOption(new Option('--every <interval>', _('How often: daily or weekly (default: daily)')).choices(['daily', 'weekly']))
    .option('--keep <n>', _('Keep the newest N scheduled backups (default: 7); manual backups are never removed'), wholeNumber('--keep', 1, 10_000))
    .option('--passphrase-file <file>', _('Read the passphrase from this file instead of asking'))
    .option('--json', _('Print JSON'))
    .action(async (state: string, options: { every?: 'daily' | 'weekly'; keep?: number; passphraseFile?: string; json?: boolean }) => {
      const ctx = context();
      const { turnScheduleOn, turnScheduleOff, scheduleStatus } = await backups();
      let status;
      if (state === 'on') {
        status = await turnScheduleOn(ctx.paths, {
          ...(options.every !== undefined ? { every: options.every } : {}),
          ...(options.keep !== undefined ? { keep: options.keep } : {}),
          passphrase: () => readPassphrase({ ...(options.passphraseFile !== undefined ? { passphraseFile: options.passphraseFile } : {}), confirm: true }),
          command: runScheduledCommand(),
        });
      } else if (state === 'off') {
        status = await turnScheduleOff(ctx.paths);
      } else if (state === 'status') {
        status = await scheduleStatus(ctx.paths);
      } else {
        throw new SovereignError('usage', format(_('backup schedule takes on, off or status, not "{state}".'), { state }));
      }
      printResult(ctx, Boolean(options.json), status, () =>
        [
          status.enabled
            ? format(_('Scheduled backups are on: {every}, keeping the newest {keep}, in {folder}.'), {
                every: status.every === 'daily' ? _('every day') : _('every week'),
                keep: status.keep,
                folder: status.folder,
              })
            : _('Scheduled backups are off.'),
          ...(status.enabled
            ? [status.runner === 'systemd' ? _('The systemd user timer sovereign-backup.timer starts them.') : _('No systemd user manager runs here: the running Sovereign service starts them when one is due.')]
            : []),
          ...(status.newest !== undefined ? [format(_('Newest scheduled backup: {file}'), { file: status.newest })] : []),
        ].join('\n'),
      );
    });

  backup
    .command('run-scheduled')
    .description(_('Make a scheduled backup now, without a passphrase (what the timer runs)'))
    .option('--json', _('Print JSON'))
    .action(async (options: { json?: boolean }) => {
      const ctx = context();
      const { runScheduledBackup, describeSize } = await backups();
      const run = await withStore(ctx, async (store) => {
        const made = await runScheduledBackup(store, { paths: ctx.paths });
        return { ...made.created, pruned: made.pruned };
      }).catch(async (error: unknown) => {
        if (!isSovereignError(error, 'database-locked')) throw error;
        // The timer fired while Sovereign runs: the running instance owns the database and makes the backup.
        const { backupThroughRunningInstance } = await import('../backup-over-dbus.js');
        const made = await backupThroughRunningInstance({ method: 'RunScheduledBackup' }, () => undefined);
        if (made === undefined) throw error;
        return made;
      });
      printResult(ctx, Boolean(options.json), run, () =>
        [
          format(_('Backed up {documents} documents and {attachments} attachments to {file} ({size}).'), {
            documents: run.documents,
            attachments: run.attachments,
            file: run.file,
            size: describeSize(run.bytes),
          }),
          ...run.pruned.map((file) => format(_('Removed the older backup {file}.'), { file })),
        ].join('\n'),
      );
    });
}
