import fs from 'node:fs/promises';
import path from 'node:path';
import { SovereignError, _, format, type SovereignConfig } from '../core/index.js';
import { importSnapshot, sealedFields, type GraphStore } from '../store/index.js';
import { moveSealedAttachments, sealAttachmentsInto } from './seal-attachments.js';
import { moveSealedJournal, sealJournalInto } from './seal-journal.js';
import { vaultFilePath } from './vault-file.js';
import { createVault, type CreateVaultOptions, type CreatedVault } from './vault-keys.js';

/** Where the sealed copy is built, beside the database it replaces. */
export const CONVERSION_FOLDER = 'vault-conversion';
/** Where the plain database waits for removal once the sealed copy is in its place. */
const PLAIN_LEFTOVER = 'database.plain';

export interface VaultFolders {
  dataDir: string;
  /** The embedded database folder (paths.databaseDir). */
  databaseDir: string;
}

export interface ConvertToVaultOptions extends CreateVaultOptions {
  storeConfig: SovereignConfig['store'];
  /** Derived files that hold words in the clear (search and vector indexes, the model snapshot): removed, with the files written beside each (`<name>.…`), once the vault is in place. */
  plainDerivedFiles?: readonly string[];
  /** Called as each step of the conversion finishes (the window's progress bar, `vault create --progress-lines`). */
  onProgress?: (progress: ConversionProgress) => void;
}

/** The conversion's steps, in order: sealing the database copy is by far the longest. */
export const CONVERSION_STEPS = ['database', 'attachments', 'journal', 'switch'] as const;
export type ConversionStep = (typeof CONVERSION_STEPS)[number];

export interface ConversionProgress {
  /** The step just finished. */
  step: ConversionStep;
  /** Steps finished so far, of `total`. */
  done: number;
  total: number;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Turns a plain workspace into a vault. The sealed copy (its database and
 * its key file) is built in vault-conversion/ beside the plain database,
 * which is only read meanwhile. The one step that switches is the rename of
 * the finished key file into the data folder: before it, every file of the
 * plain workspace is as it was and opens as before (a kill -9 leaves a
 * stray vault-conversion/ that the next attempt removes); after it, the
 * vault is the workspace, and finishConversion moves the sealed database
 * into place and removes the plain one, at once or at the next open.
 *
 * `store` is the plain workspace, open in this process; it is closed here,
 * before its folder moves.
 */
export async function convertToVault(store: GraphStore, folders: VaultFolders, passphrase: string, options: ConvertToVaultOptions): Promise<CreatedVault> {
  const { dataDir } = folders;
  if (await exists(vaultFilePath(dataDir))) {
    throw new SovereignError('already-exists', format(_('{file} already exists: this workspace is a vault already.'), { file: vaultFilePath(dataDir) }));
  }
  const staging = path.join(dataDir, CONVERSION_FOLDER);
  await fs.rm(staging, { recursive: true, force: true });
  await fs.mkdir(staging, { recursive: true, mode: 0o700 });
  const finished = (step: ConversionStep) => options.onProgress?.({ step, done: CONVERSION_STEPS.indexOf(step) + 1, total: CONVERSION_STEPS.length });
  const created = await createVault(staging, passphrase, options);
  await importSnapshot(path.join(staging, 'database'), store.exportSnapshot(), options.storeConfig, sealedFields(created.dataKey));
  finished('database');
  await sealAttachmentsInto(staging, dataDir, created.dataKey);
  finished('attachments');
  await sealJournalInto(staging, dataDir, created.dataKey);
  finished('journal');
  await store.close();
  await syncFolder(staging);
  // The switch: one rename, atomic on POSIX file systems.
  await fs.rename(vaultFilePath(staging), vaultFilePath(dataDir));
  await syncFolder(dataDir);
  await finishConversion(folders);
  for (const file of options.plainDerivedFiles ?? []) await removeDerived(file);
  finished('switch');
  return created;
}

/**
 * A derived file and the files written with it (`<name>.<…>`: the vector
 * index's usearch graphs, temporaries a killed writer left), all in the
 * clear in a plain workspace.
 */
async function removeDerived(file: string): Promise<void> {
  await fs.rm(file, { force: true });
  const prefix = `${path.basename(file)}.`;
  const siblings = await fs.readdir(path.dirname(file)).catch(() => [] as string[]);
  for (const name of siblings) if (name.startsWith(prefix)) await fs.rm(path.join(path.dirname(file), name), { force: true });
}

/**
 * Completes a conversion that passed its switch (the key file is in the
 * data folder): the sealed database takes the plain one's place and the
 * plain one is removed. Each step can be cut short and redone; with nothing
 * left to do it does nothing. Called before a vault's store is opened.
 */
export async function finishConversion(folders: VaultFolders): Promise<void> {
  const { dataDir, databaseDir } = folders;
  if (!(await exists(vaultFilePath(dataDir)))) return;
  const staging = path.join(dataDir, CONVERSION_FOLDER);
  const sealed = path.join(staging, 'database');
  const leftover = path.join(dataDir, PLAIN_LEFTOVER);
  if (await exists(sealed)) {
    if (await exists(databaseDir)) await fs.rename(databaseDir, leftover);
    await fs.rename(sealed, databaseDir);
    await syncFolder(path.dirname(databaseDir));
  }
  await moveSealedAttachments(staging, dataDir);
  await moveSealedJournal(staging, dataDir);
  await fs.rm(leftover, { recursive: true, force: true });
  await fs.rm(staging, { recursive: true, force: true });
}
