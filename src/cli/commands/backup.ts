import path from 'node:path';
import { SovereignError, _, format, isSovereignError } from '../../core/index.js';
import { wholeNumber } from '../number-options.js';
import { formatTable, printResult } from '../output.js';
import { readPassphrase } from '../passphrase.js';
import { withCancel } from '../cancellable-progress.js';
import { withStore } from '../with-store.js';
import { registerScheduleCommands } from './backup-schedule.js';
import type { RegisterCommand } from './index.js';

interface PassphraseFlag {
  passphraseFile?: string;
  json?: boolean;
}

// Loaded when a command runs: registering commands must not load argon2 or the database engine.
const backups = () => import('../../backup/index.js');

/** `sovereign backup create|list|verify|restore`: encrypted, self-checking copies of the whole workspace. */
export const register: RegisterCommand = (program, context) => {
  const backup = program.command('backup').description(_('Make, check and restore encrypted backups of the whole workspace'));

  backup
    .command('create')
    .description(_('Write an encrypted backup of every document, version, link, thread, conversation, event and attachment'))
    .option('--to <dir>', _('Folder to write the backup to (default: ~/.local/share/sovereign/backups)'))
    .option('--passphrase-file <file>', _('Read the passphrase from this file instead of asking'))
    .option('--keep <n>', _('Afterwards keep only the newest N backups in the folder'), wholeNumber('--keep', 1, 10_000))
    .option('--json', _('Print JSON'))
    .action(async (options: PassphraseFlag & { to?: string; keep?: number }) => {
      const ctx = context();
      const { createBackup, defaultBackupDir, pruneBackups, describeSize } = await backups();
      const { backupThroughRunningInstance } = await import('../backup-over-dbus.js');
      const passphrase = await readPassphrase({ ...(options.passphraseFile !== undefined ? { passphraseFile: options.passphraseFile } : {}), confirm: true });
      const toDir = path.resolve(options.to ?? defaultBackupDir(ctx.paths.dataDir));
      const controller = new AbortController();
      const tty = !options.json && process.stderr.isTTY === true;
      // Ctrl+C cancels: createBackup stops at its next write and removes the partial file.
      const onInterrupt = () => controller.abort();
      process.once('SIGINT', onInterrupt);
      const progress = tty ? (done: number) => ctx.stderr.write(`\r${format(_('Backing up… {size}'), { size: describeSize(done) })}\x1b[K`) : undefined;
      const made = await withStore(ctx, async (store) => {
        const created = await createBackup(store, { dataDir: ctx.paths.dataDir, toDir, passphrase, signal: controller.signal, ...(progress ? { onProgress: progress } : {}) });
        return { ...created, pruned: options.keep === undefined ? [] : await pruneBackups(toDir, options.keep) };
      })
        .catch(async (error: unknown) => {
          if (!isSovereignError(error, 'database-locked')) throw error;
          // The running Sovereign owns the database: it makes the backup, from the same snapshot code.
          const request = { method: 'CreateBackup', toDir, passphrase, ...(options.keep !== undefined ? { keep: options.keep } : {}) } as const;
          const viaService = await backupThroughRunningInstance(request, progress ?? (() => undefined));
          if (viaService !== undefined) return viaService;
          throw new SovereignError('database-locked', error.message, { cause: error, hint: _('Back up from the running window (Preferences › Backups), or quit Sovereign and run this again.') });
        })
        .finally(() => {
          process.off('SIGINT', onInterrupt);
          if (tty) ctx.stderr.write('\n');
        });
      const { pruned, ...created } = made;
      printResult(ctx, Boolean(options.json), { ...created, pruned }, () =>
        [
          format(_('Backed up {documents} documents and {attachments} attachments to {file} ({size}).'), {
            documents: created.documents,
            attachments: created.attachments,
            file: created.file,
            size: describeSize(created.bytes),
          }),
          ...pruned.map((file) => format(_('Removed the older backup {file}.'), { file })),
        ].join('\n'),
      );
    });

  backup
    .command('list [dir]')
    .description(_('List the backups in a folder, newest last'))
    .option('--json', _('Print JSON'))
    .action(async (dir: string | undefined, options: { json?: boolean }) => {
      const ctx = context();
      const { defaultBackupDir, listBackups, describeSize } = await backups();
      const listings = await listBackups(path.resolve(dir ?? defaultBackupDir(ctx.paths.dataDir)));
      printResult(ctx, Boolean(options.json), listings, () =>
        listings.length === 0
          ? _('No backups.')
          : formatTable(
              [_('File'), _('Created'), _('Documents'), _('Size')],
              listings.map((listing) => [
                path.basename(listing.file),
                listing.header?.createdAt ?? listing.problem ?? '',
                listing.header ? String(listing.header.documentCount) : '',
                describeSize(listing.bytes),
              ]),
            ),
      );
    });

  backup
    .command('verify <file>')
    .description(_('Read and authenticate every byte of a backup and check its contents; changes nothing'))
    .option('--passphrase-file <file>', _('Read the passphrase from this file instead of asking'))
    .option('--json', _('Print JSON'))
    .action(async (file: string, options: PassphraseFlag) => {
      const ctx = context();
      const { verifyBackup, describeSize } = await backups();
      const passphrase = await readPassphrase(options.passphraseFile !== undefined ? { passphraseFile: options.passphraseFile } : {});
      const verified = await withCancel(ctx, !options.json, _('Checking…'), (signal, onProgress) =>
        verifyBackup(path.resolve(file), passphrase, { scratchDir: ctx.paths.cacheDir, store: ctx.config.store, signal, onProgress }),
      );
      printResult(ctx, Boolean(options.json), verified, () =>
        format(_('{file} is intact: {documents} documents ({size} of data) and {attachments} attachments, made {created} by Sovereign {version}.'), {
          file: verified.file,
          documents: verified.documents,
          size: describeSize(verified.databaseBytes),
          attachments: verified.attachments,
          created: verified.header.createdAt,
          version: verified.header.appVersion,
        }),
      );
    });

  backup
    .command('restore <file>')
    .description(_('Restore a backup into an empty workspace (quit Sovereign first)'))
    .option('--replace', _('Move the current workspace aside and restore over it'))
    .option('--passphrase-file <file>', _('Read the passphrase from this file instead of asking'))
    .option('--json', _('Print JSON'))
    .action(async (file: string, options: PassphraseFlag & { replace?: boolean }) => {
      const ctx = context();
      const { restoreBackup } = await backups();
      const { embeddedDatabaseDir } = await import('../../store/index.js');
      const passphrase = await readPassphrase(options.passphraseFile !== undefined ? { passphraseFile: options.passphraseFile } : {});
      const restored = await withCancel(ctx, !options.json, _('Restoring…'), (signal, onProgress) =>
        restoreBackup(path.resolve(file), {
          dataDir: ctx.paths.dataDir,
          databaseDir: embeddedDatabaseDir(ctx.config.store, ctx.paths),
          store: ctx.config.store,
          passphrase,
          replace: Boolean(options.replace),
          signal,
          onProgress,
        }),
      );
      printResult(ctx, Boolean(options.json), restored, () =>
        [
          format(_('Restored {documents} documents and {attachments} attachments.'), { documents: restored.documents, attachments: restored.attachments }),
          ...restored.movedAside.map((aside) => format(_('The previous workspace data is kept at {path}.'), { path: aside })),
        ].join('\n'),
      );
    });

  registerScheduleCommands(backup, context);
};
