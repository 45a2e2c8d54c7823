import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { SovereignError, _, appVersion, format, isSovereignError, messageOf } from '../core/index.js';
import type { GraphStore } from '../store/index.js';
import { entryStart, writeEntry, type ByteSink } from './backup-entries.js';
import { BACKUP_EXTENSION, SCHEDULED_SUFFIX, CHUNK_SIZE, KEY_LENGTH, type BackupHeader, type BackupManifest } from './backup-format.js';
import { encodeHeader } from './backup-header.js';
import { EncryptedChunkWriter } from './encrypted-chunk-writer.js';
import { derivePassphraseKey, newKdfParams } from '../core/crypto/index.js';
import { agreeAsSender, type SealedKeyPair } from './recipient-key.js';
import { ATTACHMENT_NAME, attachmentsDir } from './workspace-files.js';

export interface CreateBackupOptions {
  /** The data folder whose attachments/ go into the backup. */
  dataDir: string;
  /** The folder the backup file is written to (created if missing). */
  toDir: string;
  /** Seal with this passphrase, or (a scheduled backup, no passphrase at hand) for `recipient`. */
  passphrase?: string;
  recipient?: SealedKeyPair;
  now?: Date;
  signal?: AbortSignal;
  /** Bytes of plaintext written so far, and the attachment bytes expected in all. */
  onProgress?: (done: number) => void;
}

export interface CreatedBackup {
  file: string;
  bytes: number;
  documents: number;
  attachments: number;
}

/**
 * Writes one encrypted file holding the whole workspace: the database as a
 * consistent snapshot (every document, version, branch, link, thread,
 * milestone, conversation, message and event) and every attachment. It is
 * written under a ".partial" name and renamed when complete; on any failure
 * (a full disk, a cancel) the partial file is removed and the error says so.
 */
export async function createBackup(store: GraphStore, options: CreateBackupOptions): Promise<CreatedBackup> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await writeBackupOnce(store, options);
    } catch (error) {
      if (!isSovereignError(error, 'conflict') || error.detail?.['changedDuringBackup'] !== true || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * The header's document count is read before the export, which is its own
 * read transaction: a document added or removed in between would make the
 * header disagree with the contents (and verify refuse the file). The count
 * is taken again after the export; when it moved, the backup starts over.
 */
const MAX_ATTEMPTS = 3;

function changedDuringBackup(): SovereignError {
  return new SovereignError('conflict', format(_('The workspace kept changing while it was backed up ({attempts} tries).'), { attempts: MAX_ATTEMPTS }), {
    hint: _('Try again when nothing is importing or editing documents.'),
    detail: { changedDuringBackup: true },
  });
}

async function writeBackupOnce(store: GraphStore, options: CreateBackupOptions): Promise<CreatedBackup> {
  const { passphrase, recipient } = options;
  if (recipient === undefined && (passphrase === undefined || passphrase.length === 0)) throw new SovereignError('usage', _('The backup passphrase is empty.'));
  try {
    await fsp.mkdir(options.toDir, { recursive: true });
  } catch (error) {
    throw new SovereignError('io', format(_('Cannot create the backup folder {dir}: {reason}'), { dir: options.toDir, reason: messageOf(error) }), { cause: error });
  }
  const now = options.now ?? new Date();
  const file = path.join(options.toDir, backupFileName(now, recipient !== undefined));
  const partial = `${file}.partial`;
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(partial, 'wx', 0o600);
  } catch (error) {
    throw new SovereignError('io', format(_('Cannot write the backup {file}: {reason}'), { file: partial, reason: messageOf(error) }), { cause: error });
  }
  try {
    const dataKey = randomBytes(KEY_LENGTH);
    const base = { appVersion, createdAt: now.toISOString(), documentCount: await store.countDocuments(), cipher: 'aes-256-gcm', compression: 'deflate-raw', chunkSize: CHUNK_SIZE } as const;
    let header: BackupHeader;
    let wrappingKey: Buffer;
    if (recipient !== undefined) {
      const agreed = agreeAsSender(Buffer.from(recipient.publicKey, 'base64'));
      wrappingKey = agreed.wrappingKey;
      header = {
        ...base,
        kdf: recipient.kdf,
        recipient: { algorithm: 'x25519', publicKey: recipient.publicKey, ephemeralPublicKey: agreed.ephemeralPublic.toString('base64'), wrappedPrivateKey: recipient.wrappedPrivateKey },
        scheduled: true,
      };
    } else {
      header = { ...base, kdf: newKdfParams() };
      wrappingKey = await derivePassphraseKey(passphrase ?? '', header.kdf);
    }
    const encoded = encodeHeader(header, dataKey, wrappingKey);
    await handle.write(encoded.bytes);
    const chunks = new EncryptedChunkWriter(handle, dataKey, encoded.hash, CHUNK_SIZE);
    let done = 0;
    const sink: ByteSink = {
      async write(bytes) {
        options.signal?.throwIfAborted();
        await chunks.write(bytes);
        done += bytes.byteLength;
        options.onProgress?.(done);
      },
    };

    const databaseHash = createHash('sha256');
    const databaseBytes = await writeEntry(sink, 'database', 'database.surql', hashing(store.exportSnapshot(), databaseHash));
    if ((await store.countDocuments()) !== header.documentCount) throw changedDuringBackup();
    const attachments: BackupManifest['attachments'] = [];
    for (const name of await attachmentNames(options.dataDir)) {
      const bytes = await writeEntry(sink, 'attachment', name, fs.createReadStream(path.join(attachmentsDir(options.dataDir), name)));
      attachments.push({ name, bytes });
    }
    const manifest: BackupManifest = { database: { bytes: databaseBytes, sha256: databaseHash.digest('hex') }, attachments };
    await writeEntry(sink, 'manifest', 'manifest.json', [Buffer.from(JSON.stringify(manifest), 'utf8')]);
    await sink.write(entryStart('end', ''));
    await chunks.finish();
    await handle.sync();
    await handle.close();
    await fsp.rename(partial, file);
    return { file, bytes: (await fsp.stat(file)).size, documents: header.documentCount, attachments: attachments.length };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fsp.rm(partial, { force: true });
    throw backupWriteError(error, partial, options.toDir);
  }
}

/** Scheduled backups end in "-scheduled" (after the time, so names still sort by time): keep-N pruning removes only those. */
export function backupFileName(now: Date, scheduled = false): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
  return `sovereign-${stamp}${scheduled ? SCHEDULED_SUFFIX : ''}${BACKUP_EXTENSION}`;
}

async function attachmentNames(dataDir: string): Promise<string[]> {
  try {
    return (await fsp.readdir(attachmentsDir(dataDir))).filter((name) => ATTACHMENT_NAME.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function* hashing(source: AsyncIterable<Uint8Array>, hash: ReturnType<typeof createHash>): AsyncGenerator<Uint8Array> {
  for await (const piece of source) {
    hash.update(piece);
    yield piece;
  }
}

function backupWriteError(error: unknown, partial: string, dir: string): SovereignError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new SovereignError('resource', format(_('There is not enough space in {dir} for the backup; the partial file {file} was removed.'), { dir, file: partial }), {
      cause: error,
      hint: _('Free some space or choose another folder with --to.'),
    });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new SovereignError('cancelled', format(_('The backup was cancelled; the partial file {file} was removed.'), { file: partial }), { cause: error });
  }
  if (error instanceof SovereignError) return error;
  return new SovereignError('io', format(_('Cannot write the backup {file}: {reason}. The partial file was removed.'), { file: partial, reason: messageOf(error) }), { cause: error });
}
