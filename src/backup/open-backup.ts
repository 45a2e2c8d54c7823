import fsp from 'node:fs/promises';
import { SovereignError, _, format } from '../core/index.js';
import { ByteSource, readEntries, type Entry } from './backup-entries.js';
import { damaged, wrongPassphrase } from './backup-errors.js';
import type { BackupHeader } from './backup-format.js';
import { readHeader, type ReadHeader } from './backup-header.js';
import { decryptedChunks } from './decrypted-chunks.js';
import { derivePassphraseKey, unwrapDataKey } from '../core/crypto/index.js';
import { agreeAsRecipient, openPrivateKey } from './recipient-key.js';

export interface OpenedBackup {
  header: BackupHeader;
  /** Every entry, authenticated chunk by chunk as it is read. */
  entries: AsyncGenerator<Entry>;
  close(): Promise<void>;
}

export interface OpenBackupOptions {
  /** Bytes of the file read so far, and its size, as the chunks are decrypted. */
  onProgress?: (read: number, total: number) => void;
  /** Stops reading at the next chunk with an AbortError. */
  signal?: AbortSignal;
}

/** Opens a backup file with its passphrase: header checked, data key unwrapped, nothing decrypted yet. */
export async function openBackup(file: string, passphrase: string, options: OpenBackupOptions = {}): Promise<OpenedBackup> {
  const handle = await openFile(file);
  try {
    const { size } = await handle.stat();
    const head = await readHeader(handle, file, size);
    const dataKey = unwrapHeaderKey(head, await derivePassphraseKey(passphrase, head.header.kdf));
    if (dataKey === null) throw wrongPassphrase(file);
    const onRead = (read: number) => {
      options.signal?.throwIfAborted();
      options.onProgress?.(read, size);
    };
    const source = new ByteSource(decryptedChunks(handle, file, size, head, dataKey, onRead));
    return { header: head.header, entries: readEntries(source, (what) => damaged(file, what)), close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The data key: sealed under the passphrase key (format 1), or for the recipient whose private key the passphrase key opens (format 2). */
function unwrapHeaderKey(head: ReadHeader, passphraseKey: Buffer): Buffer | null {
  const recipient = head.header.recipient;
  if (recipient === undefined) return unwrapDataKey(head.wrappedKey, passphraseKey, head.authenticated);
  const privateKey = openPrivateKey(recipient, passphraseKey);
  if (privateKey === null) return null;
  const wrappingKey = agreeAsRecipient(privateKey, Buffer.from(recipient.ephemeralPublicKey, 'base64'));
  privateKey.fill(0);
  return wrappingKey === null ? null : unwrapDataKey(head.wrappedKey, wrappingKey, head.authenticated);
}

/** The header alone (no passphrase needed): for listing. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const handle = await openFile(file);
  try {
    return (await readHeader(handle, file, (await handle.stat()).size)).header;
  } finally {
    await handle.close();
  }
}

async function openFile(file: string): Promise<fsp.FileHandle> {
  try {
    // Checked before opening: opening a FIFO for reading would wait for a writer forever.
    if (!(await fsp.stat(file)).isFile()) throw new SovereignError('invalid-input', format(_('{file} is not a Sovereign backup: it is not a regular file.'), { file }));
    return await fsp.open(file, 'r');
  } catch (error) {
    if (error instanceof SovereignError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new SovereignError(code === 'ENOENT' ? 'not-found' : 'io', format(_('Cannot read the backup {file}: {reason}'), { file, reason: code === 'ENOENT' ? _('there is no such file') : String(error) }), { cause: error });
  }
}
