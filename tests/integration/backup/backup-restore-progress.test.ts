import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { verifyBackup } from '../../../src/backup/index.js';
import { writeEntry, entryStart } from '../../../src/backup/backup-entries.js';
import { CHUNK_SIZE, KEY_LENGTH } from '../../../src/backup/backup-format.js';
import { encodeHeader } from '../../../src/backup/backup-header.js';
import { EncryptedChunkWriter } from '../../../src/backup/encrypted-chunk-writer.js';
import { openBackup } from '../../../src/backup/open-backup.js';
import { derivePassphraseKey, newKdfParams } from '../../../src/core/crypto/index.js';
import { cliHome } from '../../support/cli-home.js';
import { cliEntry } from '../../support/repo.js';
import { exitWhenDone, tempDir } from '../../support/store.js';

const helper = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'support', 'backup-workspace.js');
const PASSPHRASE = 'progress passphrase';
/** Big enough that restoring it takes a visible while (progress lines, time to press Ctrl+C). */
const LARGE_ATTACHMENT = 48 * 1024 * 1024;

const source = cliHome();
const files = tempDir('sovereign-restore-progress-');
const passphraseFile = path.join(files, 'passphrase');
let backupFile = '';

// verifyBackup loads the database part into an embedded engine in this process.
exitWhenDone();

before(() => {
  fs.writeFileSync(passphraseFile, `${PASSPHRASE}\n`);
  const dataDir = path.join(source.home, 'data', 'sovereign');
  execFileSync(process.execPath, [helper, 'seed', dataDir], { timeout: 30_000 });
  const large = randomBytes(LARGE_ATTACHMENT);
  fs.writeFileSync(path.join(dataDir, 'attachments', createHash('sha256').update(large).digest('hex')), large);
  const created = source.sovereign(['backup', 'create', '--to', path.join(files, 'backups'), '--passphrase-file', passphraseFile, '--json']);
  assert.equal(created.status, 0, created.stderr);
  backupFile = (JSON.parse(created.stdout) as { file: string }).file;
});

test('restore on a terminal shows one progress line counting up to 100% of the file', () => {
  const fresh = cliHome();
  // `script` gives the command a terminal, as a person at a shell has.
  const command = [process.execPath, cliEntry, 'backup', 'restore', backupFile, '--passphrase-file', passphraseFile].map((arg) => `'${arg}'`).join(' ');
  const run = spawnSync('script', ['-qec', command, '/dev/null'], { env: fresh.env, encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stdout);
  const percents = [...run.stdout.matchAll(/Restoring… (\d+)% \([\d.]+ (?:MiB|KiB|bytes) of ([\d.]+) MiB\)/g)].map((match) => Number(match[1]));
  assert.ok(percents.length >= 3, `progress lines: ${JSON.stringify(run.stdout.slice(0, 400))}`);
  assert.deepEqual([...percents].sort((a, b) => a - b), percents, 'progress only grows');
  assert.equal(percents.at(-1), 100);
  assert.match(run.stdout, /Restored 3 documents and 2 attachments\./);
});

test('Ctrl+C during a restore removes the half-built copy and leaves the workspace empty', async () => {
  const fresh = cliHome();
  const dataDir = path.join(fresh.home, 'data', 'sovereign');
  const child = spawn(process.execPath, [cliEntry, 'backup', 'restore', backupFile, '--passphrase-file', passphraseFile], { env: fresh.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // The database part comes first; once the large attachment is being written, the restore is half built.
  const halfBuilt = () => {
    const folder = fs.existsSync(dataDir) ? fs.readdirSync(dataDir).find((name) => name.startsWith('attachments.restore-')) : undefined;
    return folder !== undefined && fs.readdirSync(path.join(dataDir, folder)).some((name) => fs.statSync(path.join(dataDir, folder, name)).size > 1024 * 1024);
  };
  for (let waited = 0; !halfBuilt(); waited += 5) {
    assert.ok(waited < 60_000 && child.exitCode === null, `the restore never got to the attachment: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill('SIGINT');
  assert.equal(await exited, 1, stderr);
  assert.match(stderr, /The restore of .* was cancelled; the half-built copy was removed and the workspace is unchanged\./);
  assert.deepEqual(fs.readdirSync(dataDir), []);
});

test('verify loads the contents and refuses a backup whose header counts other documents than it holds', async () => {
  const verified = await verifyBackup(backupFile, PASSPHRASE, { scratchDir: files });
  assert.equal(verified.documents, 3);
  // A writer that knows the passphrase but records the wrong count: the same contents re-sealed under a header saying 4.
  const resealed = path.join(files, 'miscounted.sovbak');
  const original = await openBackup(backupFile, PASSPHRASE);
  const handle = await fs.promises.open(resealed, 'w');
  const dataKey = randomBytes(KEY_LENGTH);
  const kdf = newKdfParams();
  const encoded = encodeHeader({ ...original.header, documentCount: 4, kdf }, dataKey, await derivePassphraseKey(PASSPHRASE, kdf));
  await handle.write(encoded.bytes);
  const chunks = new EncryptedChunkWriter(handle, dataKey, encoded.hash, CHUNK_SIZE);
  for await (const entry of original.entries) await writeEntry(chunks, entry.kind, entry.name, entry.body);
  await chunks.write(entryStart('end', ''));
  await chunks.finish();
  await handle.close();
  await original.close();
  await assert.rejects(verifyBackup(resealed, PASSPHRASE, { scratchDir: files }), /miscounted\.sovbak is damaged: its header lists 4 documents but it holds 3/);
  assert.deepEqual(fs.readdirSync(files).filter((name) => name.startsWith('sovereign-verify-')), [], 'the scratch copy is removed');
});
