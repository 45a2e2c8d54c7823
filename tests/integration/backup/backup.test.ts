import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { verifyBackup } from '../../../src/backup/index.js';
import { SECRET_PHRASE } from '../../support/backup-workspace.js';
import { cliHome } from '../../support/cli-home.js';
import { cliEntry } from '../../support/repo.js';
import { exitWhenDone, tempDir } from '../../support/store.js';

const helper = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'support', 'backup-workspace.js');
const PASSPHRASE = 'correct horse battery staple';

const source = cliHome();
const sourceData = path.join(source.home, 'data', 'sovereign');
const files = tempDir('sovereign-backup-files-');
const passphraseFile = path.join(files, 'passphrase');
const wrongPassphraseFile = path.join(files, 'wrong');
const backupDir = path.join(files, 'backups');
let backupFile = '';
let original: unknown;

function workspace(command: 'seed' | 'dump', dataDir: string): string {
  return execFileSync(process.execPath, [helper, command, dataDir], { encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
}

/** A copy of the good backup, changed by `alter`, for one refusal test. */
function alteredCopy(name: string, alter: (bytes: Buffer) => Buffer): string {
  const file = path.join(files, name);
  fs.writeFileSync(file, alter(fs.readFileSync(backupFile)));
  return file;
}

// verifyBackup loads the database part into an embedded engine in this process.
exitWhenDone();

before(() => {
  fs.writeFileSync(passphraseFile, `${PASSPHRASE}\n`);
  fs.writeFileSync(wrongPassphraseFile, 'correct horse battery stapler\n');
  workspace('seed', sourceData);
  original = JSON.parse(workspace('dump', sourceData));
  const created = source.sovereign(['backup', 'create', '--to', backupDir, '--passphrase-file', passphraseFile, '--json']);
  assert.equal(created.status, 0, created.stderr);
  backupFile = (JSON.parse(created.stdout) as { file: string }).file;
});

test('a backup restored into a fresh HOME reproduces every record and attachment exactly', () => {
  const fresh = cliHome();
  const restored = fresh.sovereign(['backup', 'restore', backupFile, '--passphrase-file', passphraseFile, '--json']);
  assert.equal(restored.status, 0, restored.stderr);
  assert.deepEqual(JSON.parse(restored.stdout), { documents: 3, attachments: 1, movedAside: [] });
  const copy = JSON.parse(workspace('dump', path.join(fresh.home, 'data', 'sovereign'))) as typeof original;
  assert.deepEqual(copy, original);
  // The comparison covers what was seeded, not two empty dumps.
  const text = JSON.stringify(copy);
  for (const expected of [SECRET_PHRASE, 'a draft only on the branch', 'Tax return', 'See Secret plan.', '"zoom":1.5', '"strength":0.4', '2025-01-02T03:04:05.000Z']) {
    assert.ok(text.includes(expected), `the restored workspace holds ${expected}`);
  }
});

test('the backup file holds no plaintext of a document or an attachment', () => {
  const bytes = fs.readFileSync(backupFile);
  assert.equal(bytes.indexOf(Buffer.from('Zanzibar quokka')), -1);
  assert.equal(bytes.indexOf(Buffer.from('Secret plan')), -1);
  const attachments = path.join(sourceData, 'attachments');
  const [name] = fs.readdirSync(attachments);
  const attachment = fs.readFileSync(path.join(attachments, name!));
  assert.equal(bytes.indexOf(attachment.subarray(4096, 4096 + 64)), -1);
  assert.ok(bytes.length > attachment.length, 'the attachment is inside the backup');
});

test('backup list shows the backup with its document count, and verify passes it', () => {
  const listed = source.sovereign(['backup', 'list', backupDir, '--json']);
  assert.equal(listed.status, 0, listed.stderr);
  const [entry] = JSON.parse(listed.stdout) as { file: string; header: { documentCount: number } }[];
  assert.equal(entry?.file, backupFile);
  assert.equal(entry?.header.documentCount, 3);
  const verified = source.sovereign(['backup', 'verify', backupFile, '--passphrase-file', passphraseFile]);
  assert.equal(verified.status, 0, verified.stderr);
  assert.match(verified.stdout, /is intact: 3 documents .* and 1 attachments/);
});

test('a wrong passphrase is refused without a hint how close it was', () => {
  const run = source.sovereign(['backup', 'verify', backupFile, '--passphrase-file', wrongPassphraseFile]);
  assert.equal(run.status, 1);
  assert.equal(run.stderr.trim(), `sovereign: Cannot open the backup ${backupFile}: the passphrase is wrong or the file was altered.`);
});

test('a byte flipped in the middle of the backup is refused, naming where', async () => {
  const file = alteredCopy('flipped.sovbak', (bytes) => {
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0x01;
    return bytes;
  });
  await assert.rejects(verifyBackup(file, PASSPHRASE), (error: Error) => {
    assert.match(error.message, /flipped\.sovbak is damaged: the data at byte \d+ \(chunk \d+\) was altered or is corrupt/);
    return true;
  });
});

test('a changed header (the document count) is refused as altered', async () => {
  const file = alteredCopy('header.sovbak', (bytes) => {
    const at = bytes.indexOf(Buffer.from('"documentCount":3'));
    bytes[at + '"documentCount":'.length] = '4'.charCodeAt(0);
    return bytes;
  });
  await assert.rejects(verifyBackup(file, PASSPHRASE), /header\.sovbak: the passphrase is wrong or the file was altered/);
});

test('a truncated backup is refused with the size it was cut at', async () => {
  const file = alteredCopy('truncated.sovbak', (bytes) => bytes.subarray(0, 1024 * 1024));
  await assert.rejects(verifyBackup(file, PASSPHRASE), /truncated\.sovbak is truncated after 1 MiB/);
  // Cut exactly after a whole chunk: the final chunk is missing, which is truncation too.
  const atChunk = alteredCopy('one-chunk.sovbak', (bytes) => {
    const headerLength = 8 + 2 + 4 + bytes.readUInt32BE(10) + 60;
    return bytes.subarray(0, headerLength + 5 + bytes.readUInt32BE(headerLength + 1) + 16);
  });
  await assert.rejects(verifyBackup(atChunk, PASSPHRASE), /one-chunk\.sovbak is truncated after/);
});

test('a backup from a newer format version is refused with a clear message', () => {
  const file = alteredCopy('newer.sovbak', (bytes) => {
    bytes.writeUInt16BE(3, 8);
    return bytes;
  });
  const run = source.sovereign(['backup', 'verify', file, '--passphrase-file', passphraseFile]);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /newer\.sovbak was written by a newer Sovereign \(backup format 3; this version reads format 2 and older\)/);
  assert.match(run.stderr, /Update Sovereign/);
});

test('restore refuses a workspace that has data, and --replace moves it aside first', () => {
  const refused = source.sovereign(['backup', 'restore', backupFile, '--passphrase-file', passphraseFile]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /the workspace is not empty/);
  assert.match(refused.stderr, /--replace/);

  const replaced = source.sovereign(['backup', 'restore', backupFile, '--passphrase-file', passphraseFile, '--replace', '--json']);
  assert.equal(replaced.status, 0, replaced.stderr);
  const { documents, movedAside } = JSON.parse(replaced.stdout) as { documents: number; movedAside: string[] };
  assert.equal(documents, 3);
  assert.deepEqual(movedAside.map((aside) => path.basename(aside).replace(/-\w+$/, '')), ['database.before-restore', 'attachments.before-restore']);
  for (const aside of movedAside) assert.ok(fs.readdirSync(aside).length > 0, `${aside} keeps the replaced data`);
});

test('a corrupted backup never leaves a half-restored workspace', () => {
  const fresh = cliHome();
  const file = alteredCopy('late-damage.sovbak', (bytes) => {
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0x80;
    return bytes;
  });
  const run = fresh.sovereign(['backup', 'restore', file, '--passphrase-file', passphraseFile]);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /late-damage\.sovbak is damaged/);
  const dataDir = path.join(fresh.home, 'data', 'sovereign');
  assert.deepEqual(fs.existsSync(dataDir) ? fs.readdirSync(dataDir) : [], []);
});

test('a full disk while backing up removes the partial file and says so', () => {
  // A 1 MiB tmpfs mounted in a private mount namespace (unshare maps the
  // user to root there, so this needs no privileges and leaves no mount
  // behind); what is left in it is listed from inside before it vanishes.
  const small = tempDir('sovereign-full-disk-');
  const script = 'mount -t tmpfs -o size=1m tmpfs "$1" || exit 99; dir=$1; shift; "$@"; status=$?; echo "left: $(ls -A "$dir")"; exit $status';
  const run = spawnSync(
    'unshare',
    ['--user', '--map-root-user', '--mount', 'sh', '-c', script, 'sh', small, process.execPath, cliEntry, 'backup', 'create', '--to', small, '--passphrase-file', passphraseFile],
    { env: source.env, encoding: 'utf8', timeout: 60_000 },
  );
  assert.notEqual(run.status, 99, `mounting a 1 MiB tmpfs in a private namespace: ${run.stderr}`);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /There is not enough space in .* for the backup; the partial file .*\.sovbak\.partial was removed\./);
  assert.equal(run.stdout.trim(), 'left:');
});

test('Ctrl+C while backing up stops and removes the partial file', async () => {
  const dir = tempDir('sovereign-cancelled-');
  const child = spawn(process.execPath, [cliEntry, 'backup', 'create', '--to', dir, '--passphrase-file', passphraseFile], { env: source.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // The partial file is opened before the passphrase key is derived (~1 s): interrupt in that window.
  for (let waited = 0; !fs.readdirSync(dir).some((name) => name.endsWith('.partial')); waited += 10) {
    assert.ok(waited < 30_000, 'the backup never started writing');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  child.kill('SIGINT');
  assert.equal(await exited, 1);
  assert.match(stderr, /The backup was cancelled; the partial file .*\.sovbak\.partial was removed\./);
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('backup create --keep 2 keeps the newest two backups in the folder and says which it removed', () => {
  const dir = tempDir('sovereign-keep-');
  const older = ['sovereign-20200101-000000Z.sovbak', 'sovereign-20210101-000000Z.sovbak'];
  for (const name of older) fs.copyFileSync(backupFile, path.join(dir, name));
  const run = source.sovereign(['backup', 'create', '--to', dir, '--passphrase-file', passphraseFile, '--keep', '2']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Removed the older backup .*sovereign-20200101-000000Z\.sovbak\./);
  const left = fs.readdirSync(dir).sort();
  assert.equal(left.length, 2);
  assert.equal(left[0], older[1]);
  assert.match(left[1]!, /^sovereign-\d{8}-\d{6}Z\.sovbak$/);
});
