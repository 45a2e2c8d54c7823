import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cliHome } from '../../support/cli-home.js';
import { tempDir } from '../../support/store.js';

const helper = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'support', 'backup-workspace.js');
const PASSPHRASE = 'a schedule passphrase given once';

const source = cliHome();
const sourceData = path.join(source.home, 'data', 'sovereign');
const backupDir = path.join(sourceData, 'backups');
const files = tempDir('sovereign-schedule-files-');
const passphraseFile = path.join(files, 'passphrase');
const wrongPassphraseFile = path.join(files, 'wrong');
let original: unknown;
let scheduled = '';

function workspace(command: 'seed' | 'dump', dataDir: string): string {
  return execFileSync(process.execPath, [helper, command, dataDir], { encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
}

/** systemd's unquoting of one ExecStart/Environment value: double-quoted words, backslash escapes, %% and $$. */
function unquote(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1]!.replace(/\\(.)/g, '$1').replace(/%%/g, '%').replace(/\$\$/g, '$'));
}

/** Runs what sovereign-backup.service would run, as systemd would: its ExecStart with its Environment, no terminal and no stdin. */
function runTimerService(home: string): ReturnType<typeof spawnSync> {
  const unit = fs.readFileSync(path.join(home, 'config', 'systemd', 'user', 'sovereign-backup.service'), 'utf8');
  const execStart = unquote(/^ExecStart=(.*)$/m.exec(unit)?.[1] ?? '');
  const environment = Object.fromEntries(
    [...unit.matchAll(/^Environment=(.*)$/gm)].map((match) => {
      const [assignment = ''] = unquote(match[1]!);
      return [assignment.slice(0, assignment.indexOf('=')), assignment.slice(assignment.indexOf('=') + 1)];
    }),
  );
  const [program, ...args] = execStart;
  return spawnSync(program!, args, { env: { HOME: home, PATH: process.env['PATH'], LANG: 'C.UTF-8', ...environment }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 60_000 });
}

before(() => {
  fs.writeFileSync(passphraseFile, `${PASSPHRASE}\n`);
  fs.writeFileSync(wrongPassphraseFile, 'a schedule passphrase given twice\n');
  workspace('seed', sourceData);
  original = JSON.parse(workspace('dump', sourceData));
  const on = source.sovereign(['backup', 'schedule', 'on', '--keep', '2', '--passphrase-file', passphraseFile, '--json']);
  assert.equal(on.status, 0, on.stderr);
  const run = runTimerService(source.home);
  assert.equal(run.status, 0, String(run.stderr));
  const made = fs.readdirSync(backupDir);
  assert.equal(made.length, 1, 'the timer service made one backup');
  scheduled = path.join(backupDir, made[0]!);
});

test('schedule on writes a daily systemd user timer and keeps only a public key and a sealed private key', () => {
  const timer = fs.readFileSync(path.join(source.home, 'config', 'systemd', 'user', 'sovereign-backup.timer'), 'utf8');
  assert.match(timer, /^OnCalendar=daily$/m);
  assert.match(timer, /^WantedBy=timers\.target$/m);
  const status = source.sovereign(['backup', 'schedule', 'status', '--json']);
  assert.equal(status.status, 0, status.stderr);
  assert.deepEqual(
    (({ enabled, every, keep, runner }) => ({ enabled, every, keep, runner }))(JSON.parse(status.stdout) as Record<string, unknown>),
    // No user manager runs for the test's private HOME: the running service is the runner.
    { enabled: true, every: 'daily', keep: 2, runner: 'service' },
  );
  const schedule = fs.readFileSync(path.join(source.home, 'config', 'sovereign', 'backup-schedule.json'), 'utf8');
  assert.ok(!schedule.includes(PASSPHRASE));
  const { key } = JSON.parse(schedule) as { key: { publicKey: string; wrappedPrivateKey: string } };
  assert.equal(Buffer.from(key.publicKey, 'base64').length, 32);
  // Sealed: nonce, the 32-byte key, tag. Nothing else of the private key is kept.
  assert.equal(Buffer.from(key.wrappedPrivateKey, 'base64').length, 12 + 32 + 16);
});

test('the timer service makes a backup with no passphrase, and restoring it with the passphrase into a fresh HOME reproduces every record', () => {
  assert.match(path.basename(scheduled), /^sovereign-\d{8}-\d{6}Z-scheduled\.sovbak$/);
  const fresh = cliHome();
  const restored = fresh.sovereign(['backup', 'restore', scheduled, '--passphrase-file', passphraseFile, '--json']);
  assert.equal(restored.status, 0, restored.stderr);
  assert.deepEqual(JSON.parse(restored.stdout), { documents: 3, attachments: 1, movedAside: [] });
  assert.deepEqual(JSON.parse(workspace('dump', path.join(fresh.home, 'data', 'sovereign'))), original);
  const verified = source.sovereign(['backup', 'verify', scheduled, '--passphrase-file', passphraseFile]);
  assert.equal(verified.status, 0, verified.stderr);
  assert.match(verified.stdout, /is intact: 3 documents/);
});

test('a scheduled backup refuses a wrong passphrase without a hint how close it was, and restores nothing', () => {
  const fresh = cliHome();
  const run = fresh.sovereign(['backup', 'restore', scheduled, '--passphrase-file', wrongPassphraseFile]);
  assert.equal(run.status, 1);
  assert.equal(run.stderr.trim(), `sovereign: Cannot open the backup ${scheduled}: the passphrase is wrong or the file was altered.`);
  const dataDir = path.join(fresh.home, 'data', 'sovereign');
  assert.deepEqual(fs.existsSync(dataDir) ? fs.readdirSync(dataDir) : [], []);
});

test('keeping the last 2 removes the oldest scheduled backups and never a manual one', () => {
  const manual = path.join(backupDir, 'sovereign-20200101-000000Z.sovbak');
  const oldScheduled = ['sovereign-20200102-000000Z-scheduled.sovbak', 'sovereign-20200103-000000Z-scheduled.sovbak'];
  fs.copyFileSync(scheduled, manual);
  for (const name of oldScheduled) fs.copyFileSync(scheduled, path.join(backupDir, name));
  const run = source.sovereign(['backup', 'run-scheduled', '--json']);
  assert.equal(run.status, 0, run.stderr);
  const { file, pruned } = JSON.parse(run.stdout) as { file: string; pruned: string[] };
  assert.deepEqual(pruned.map((file) => path.basename(file)), oldScheduled);
  assert.deepEqual(fs.readdirSync(backupDir).sort(), [path.basename(manual), path.basename(scheduled), path.basename(file)].sort());
});

test('schedule off removes the timer units and run-scheduled then refuses, keeping the key for the next on', () => {
  const off = source.sovereign(['backup', 'schedule', 'off']);
  assert.equal(off.status, 0, off.stderr);
  assert.match(off.stdout, /Scheduled backups are off\./);
  assert.deepEqual(fs.readdirSync(path.join(source.home, 'config', 'systemd', 'user')), []);
  const refused = source.sovereign(['backup', 'run-scheduled']);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /Scheduled backups are off\./);
  // On again: no passphrase file and no terminal, yet it succeeds, because the key pair was kept.
  const on = source.sovereign(['backup', 'schedule', 'on', '--every', 'weekly']);
  assert.equal(on.status, 0, on.stderr);
  assert.match(on.stdout, /Scheduled backups are on: every week, keeping the newest 2/);
});
