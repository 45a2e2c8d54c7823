import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { ByteSource, entryStart, readEntries, writeEntry, type ByteSink } from '../../../src/backup/backup-entries.js';
import { readBackupContents } from '../../../src/backup/backup-contents.js';
import type { BackupManifest } from '../../../src/backup/backup-format.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const database = Buffer.from("INSERT [ { id: document:a, title: 'A' } ];");
const photo = Buffer.from('not really a jpeg');

/** The plaintext of a backup holding these parts, as create-backup writes it. */
async function plaintext(parts: { attachments: [string, Buffer][]; manifest: BackupManifest }): Promise<Buffer> {
  const pieces: Buffer[] = [];
  const sink: ByteSink = { write: async (bytes) => void pieces.push(Buffer.from(bytes)) };
  await writeEntry(sink, 'database', 'database.surql', [database]);
  for (const [name, bytes] of parts.attachments) await writeEntry(sink, 'attachment', name, [bytes]);
  await writeEntry(sink, 'manifest', 'manifest.json', [Buffer.from(JSON.stringify(parts.manifest))]);
  await sink.write(entryStart('end', ''));
  return Buffer.concat(pieces);
}

async function contents(bytes: Buffer): Promise<BackupManifest> {
  // Fed in small pieces: entries and blocks straddle chunk boundaries in a real file.
  async function* pieces(): AsyncGenerator<Buffer> {
    for (let at = 0; at < bytes.length; at += 7) yield bytes.subarray(at, at + 7);
  }
  return readBackupContents('test.sovbak', readEntries(new ByteSource(pieces()), (what) => new Error(`damaged: ${what}`)));
}

const goodManifest: BackupManifest = { database: { bytes: database.length, sha256: sha(database) }, attachments: [{ name: sha(photo), bytes: photo.length }] };

test('contents that match their manifest read back with the manifest', async () => {
  assert.deepEqual(await contents(await plaintext({ attachments: [[sha(photo), photo]], manifest: goodManifest })), goodManifest);
});

test('an attachment whose bytes do not match its name is refused', async () => {
  const bytes = await plaintext({ attachments: [[sha(photo), Buffer.from('other bytes')]], manifest: goodManifest });
  await assert.rejects(contents(bytes), new RegExp(`damaged: the attachment ${sha(photo)} does not match its hash`));
});

test('a backup missing an attachment its manifest lists is refused with both counts', async () => {
  const bytes = await plaintext({ attachments: [], manifest: goodManifest });
  await assert.rejects(contents(bytes), /damaged: it holds 0 attachments where the manifest lists 1/);
});

test('a database that differs from the manifest is refused', async () => {
  const manifest = { ...goodManifest, database: { bytes: database.length, sha256: sha(Buffer.from('something else')) } };
  const bytes = await plaintext({ attachments: [[sha(photo), photo]], manifest });
  await assert.rejects(contents(bytes), /damaged: the database does not match the manifest/);
});

test('contents cut before the end marker are refused', async () => {
  const bytes = await plaintext({ attachments: [[sha(photo), photo]], manifest: goodManifest });
  await assert.rejects(contents(bytes.subarray(0, bytes.length - 3)), /damaged: its contents end before the end marker/);
});
