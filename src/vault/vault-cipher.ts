import { sealedFields, PLAIN_FIELDS, type FieldCipher } from '../store/index.js';
import { finishConversion, type VaultFolders } from './convert-to-vault.js';
import { readVaultFile } from './vault-file.js';
import { unlockVault } from './vault-keys.js';

/**
 * The field cipher a process opens the workspace store with: plain when
 * the data folder has no vault, otherwise the vault's data key, unlocked
 * with the passphrase `ask` supplies (asked only when there is a vault).
 * Every way into the store goes through this, so nothing opens a vault's
 * database as if it were plain and writes words in the clear beside
 * sealed ones. A conversion cut short after its switch is completed first.
 */
export async function openStoreCipher(folders: VaultFolders, ask: () => Promise<string>): Promise<FieldCipher> {
  if (!(await readVaultFile(folders.dataDir))) return PLAIN_FIELDS;
  const cipher = sealedFields(await unlockVault(folders.dataDir, await ask()));
  await finishConversion(folders);
  return cipher;
}
