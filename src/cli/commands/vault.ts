import fs from 'node:fs';
import path from 'node:path';
import { Option } from 'commander';
import { SovereignError, _, format } from '../../core/index.js';
import { printResult } from '../output.js';
import { readPassphrase } from '../passphrase.js';
import { withRunningVault } from '../running-vault.js';
import { withStore } from '../with-store.js';
import type { RegisterCommand } from './index.js';

interface PassphraseFlags {
  passphraseFile?: string;
  passphraseStdin?: boolean;
  progressLines?: boolean;
  newPassphraseFile?: string;
  json?: boolean;
}

/** Files under the cache dir that hold words in the clear (workspace-session.ts, retrieval-session.ts): removed by a conversion. */
const DERIVED_CACHE_FILES = ['search-index.bin', 'vector-index.bin', 'workspace-model.json'];

// Loaded when a command runs: registering commands must not load argon2.
const vault = () => import('../../vault/index.js');

function current(options: PassphraseFlags): Promise<string> {
  return readPassphrase({ purpose: 'vault', ...(options.passphraseFile !== undefined ? { passphraseFile: options.passphraseFile } : {}) });
}

function fresh(file: string | undefined, fromStdin = false): Promise<string> {
  return readPassphrase({ purpose: 'new-vault', confirm: true, fromStdin, ...(file !== undefined ? { passphraseFile: file } : {}) });
}

function recoveryKeyText(key: string): string {
  return [
    format(_('Recovery key: {key}'), { key }),
    _('Write it down and keep it apart from this computer: it opens the vault if the passphrase is forgotten, and it is shown only now.'),
  ].join('\n');
}

/** `sovereign vault create|status|unlock|lock|change-passphrase|reset-passphrase|recovery-key`: the encrypted vault's keys. */
export const register: RegisterCommand = (program, context) => {
  const command = program.command('vault').description(_('Encrypt the workspace at rest and manage its passphrase and recovery key'));

  command
    .command('create')
    .description(_('Make this workspace an encrypted vault (converting what it holds) and print its recovery key once'))
    .option('--passphrase-file <file>', _('Read the new passphrase from this file instead of asking'))
    .option('--json', _('Print JSON'))
    // The window's way in (src/cli/vault-conversion.ts): the passphrase through a pipe, each finished step as a JSON line on stderr.
    .addOption(new Option('--passphrase-stdin').hideHelp())
    .addOption(new Option('--progress-lines').hideHelp())
    .action(async (options: PassphraseFlags) => {
      const ctx = context();
      const { convertToVault, createVault, vaultFilePath } = await vault();
      const [{ PLAIN_FIELDS }, { resolveStoreUrl }] = await Promise.all([import('../../store/index.js'), import('../../store/connection/store-url.js')]);
      if (resolveStoreUrl(ctx.config.store, ctx.paths, {}) !== `rocksdb://${path.resolve(ctx.paths.databaseDir)}`) {
        throw new SovereignError('unsupported', _('A vault needs the embedded database in the data folder; this workspace uses another database URL.'));
      }
      const passphrase = await fresh(options.passphraseFile, Boolean(options.passphraseStdin));
      // A workspace with a database (even one with no documents left: its events hold titles) is converted, not just keyed.
      const created = fs.existsSync(ctx.paths.databaseDir)
        ? await withStore(
            ctx,
            (store) =>
              convertToVault(store, ctx.paths, passphrase, {
                storeConfig: ctx.config.store,
                plainDerivedFiles: DERIVED_CACHE_FILES.map((name) => path.join(ctx.paths.cacheDir, name)),
                ...(options.progressLines ? { onProgress: (progress) => ctx.stderr.write(`${JSON.stringify(progress)}\n`) } : {}),
              }),
            { cipher: PLAIN_FIELDS },
          )
        : await createVault(ctx.paths.dataDir, passphrase);
      printResult(ctx, Boolean(options.json), { file: vaultFilePath(ctx.paths.dataDir), recoveryKey: created.recoveryKey }, () =>
        [format(_('Created the vault {file}.'), { file: vaultFilePath(ctx.paths.dataDir) }), recoveryKeyText(created.recoveryKey)].join('\n'),
      );
    });

  command
    .command('status')
    .description(_('Say whether this workspace is a vault, and with which key derivation'))
    .option('--json', _('Print JSON'))
    .action(async (options: { json?: boolean }) => {
      const ctx = context();
      const { vaultStatus } = await vault();
      const status = await vaultStatus(ctx.paths.dataDir);
      const running = status.exists ? await withRunningVault((instance) => instance.status()) : undefined;
      printResult(ctx, Boolean(options.json), { ...status, ...(running ? { running } : {}) }, () =>
        status.exists && status.kdf
          ? [
              format(_('This workspace is an encrypted vault ({file}, created {created}); its passphrase key is Argon2id with {memory} MiB, {passes} passes.'), {
                file: status.file,
                created: status.createdAt ?? '',
                memory: status.kdf.memoryCost / 1024,
                passes: status.kdf.timeCost,
              }),
              running === 'unlocked' ? _('Sovereign is running with the vault unlocked.') : running === 'locked' ? _('Sovereign is running and is locked.') : _('Sovereign is not running.'),
            ].join('\n')
          : _('This workspace is not a vault: its files are not encrypted.'),
      );
    });

  command
    .command('unlock')
    .description(_('Unlock the running Sovereign; when none runs, check the passphrase against the vault'))
    .option('--passphrase-file <file>', _('Read the passphrase from this file instead of asking'))
    .action(async (options: PassphraseFlags) => {
      const ctx = context();
      const { unlockVault, noVault, vaultStatus } = await vault();
      if (!(await vaultStatus(ctx.paths.dataDir)).exists) throw noVault(ctx.paths.dataDir);
      const passphrase = await current(options);
      const unlocked = await withRunningVault(async (running) => {
        await running.unlock(passphrase);
        return true;
      });
      if (unlocked) {
        ctx.stdout.write(`${_('Sovereign is unlocked.')}\n`);
        return;
      }
      await unlockVault(ctx.paths.dataDir, passphrase);
      ctx.stdout.write(`${_('The passphrase opens the vault.')}\n`);
    });

  command
    .command('lock')
    .description(_('Lock the running Sovereign: open documents are saved, the workspace and the key leave its memory'))
    .action(async () => {
      const ctx = context();
      const { noVault, vaultStatus } = await vault();
      if (!(await vaultStatus(ctx.paths.dataDir)).exists) throw noVault(ctx.paths.dataDir);
      const locked = await withRunningVault(async (running) => {
        await running.lock();
        return true;
      });
      ctx.stdout.write(`${locked ? _('Sovereign is locked.') : _('Sovereign is not running; the vault is locked.')}\n`);
    });

  command
    .command('change-passphrase')
    .description(_('Change the passphrase (the documents are not re-encrypted; the recovery key stays valid)'))
    .option('--passphrase-file <file>', _('Read the current passphrase from this file instead of asking'))
    .option('--new-passphrase-file <file>', _('Read the new passphrase from this file instead of asking'))
    .action(async (options: PassphraseFlags) => {
      const ctx = context();
      const { changePassphrase } = await vault();
      const old = await current(options);
      await changePassphrase(ctx.paths.dataDir, old, await fresh(options.newPassphraseFile));
      ctx.stdout.write(`${_('The vault passphrase is changed.')}\n`);
    });

  command
    .command('reset-passphrase')
    .description(_('Set a new passphrase with the recovery key, when the passphrase is forgotten (the recovery key stays valid)'))
    .option('--recovery-key-file <file>', _('Read the recovery key from this file instead of asking'))
    .option('--new-passphrase-file <file>', _('Read the new passphrase from this file instead of asking'))
    .action(async (options: PassphraseFlags & { recoveryKeyFile?: string }) => {
      const ctx = context();
      const { resetPassphrase } = await vault();
      const recoveryKey = await readPassphrase({ purpose: 'recovery-key', ...(options.recoveryKeyFile !== undefined ? { passphraseFile: options.recoveryKeyFile } : {}) });
      await resetPassphrase(ctx.paths.dataDir, recoveryKey, await fresh(options.newPassphraseFile));
      ctx.stdout.write(`${_('The vault passphrase is reset.')}\n`);
    });

  command
    .command('recovery-key')
    .description(_('Print a new recovery key; the old one stops working'))
    .option('--passphrase-file <file>', _('Read the passphrase from this file instead of asking'))
    .option('--json', _('Print JSON'))
    .action(async (options: PassphraseFlags) => {
      const ctx = context();
      const { replaceRecoveryKey } = await vault();
      const key = await replaceRecoveryKey(ctx.paths.dataDir, await current(options));
      printResult(ctx, Boolean(options.json), { recoveryKey: key }, () => recoveryKeyText(key));
    });
};
