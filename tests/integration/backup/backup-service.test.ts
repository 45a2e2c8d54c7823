import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import dbus from 'dbus-next';
import { SOVEREIGN, call, connect, waitFor } from '../../support/dbus-client.js';
import { startPrivateSession, type PrivateSession } from '../../support/private-session.js';
import { cliEntry } from '../../support/repo.js';

// The real service, D-Bus-activated in a private session over the workspace
// on disk, while `sovereign backup …` commands run beside it: the database
// belongs to the service, so the backups must be made there.
const run = promisify(execFile);
const helper = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'support', 'backup-workspace.js');
const APP = 'org.sovereign.Sovereign';
const PASSPHRASE = 'service passphrase';

let session: PrivateSession;
let bus: dbus.MessageBus;
let dataDir: string;
let passphraseFile: string;

const sovereign = (args: string[]) => run(process.execPath, [cliEntry, ...args], { env: session.env, timeout: 60_000 });
const scheduledIn = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('-scheduled.sovbak')) : []);

before(async () => {
  session = await startPrivateSession({ configToml: '[service]\nidle_exit_seconds = 600\n', systemData: false });
  dataDir = path.join(session.env['XDG_DATA_HOME']!, 'sovereign');
  passphraseFile = path.join(session.root, 'passphrase');
  fs.writeFileSync(passphraseFile, `${PASSPHRASE}\n`);
  await run(process.execPath, [helper, 'seed', dataDir], { timeout: 30_000 });
  // Turned on before the service starts, with no backup yet: one is due at once.
  await sovereign(['backup', 'schedule', 'on', '--passphrase-file', passphraseFile]);
  bus = connect(session.busAddress);
  // Any call activates the service.
  await call(bus, { ...SOVEREIGN, interface: 'org.freedesktop.DBus.Properties', member: 'Get', signature: 'ss', body: [APP, 'Version'] });
});

after(async () => {
  bus?.disconnect();
  await session?.stop();
});

test('with no systemd user manager, the running service makes the due scheduled backup when it starts', async () => {
  const backups = path.join(dataDir, 'backups');
  const [made] = await waitFor('a scheduled backup', async () => (scheduledIn(backups).length > 0 ? scheduledIn(backups) : undefined), 60_000);
  // A backup the service wrote under its own lock, readable with the schedule's passphrase.
  await waitFor('the backup to be complete', async () => (fs.readdirSync(backups).some((name) => name.endsWith('.partial')) ? undefined : true), 60_000);
  const { stdout } = await sovereign(['backup', 'verify', path.join(backups, made!), '--passphrase-file', passphraseFile]);
  assert.match(stdout, /is intact: 3 documents .* and 1 attachments/);
});

test('backup create while the service owns the database is made by the service instead of refused', async () => {
  const dir = path.join(session.root, 'manual');
  const { stdout } = await sovereign(['backup', 'create', '--to', dir, '--passphrase-file', passphraseFile, '--json']);
  const made = JSON.parse(stdout) as { file: string; documents: number; attachments: number; pruned: string[] };
  assert.equal(path.dirname(made.file), dir);
  assert.deepEqual([made.documents, made.attachments, made.pruned], [3, 1, []]);
  const verified = await sovereign(['backup', 'verify', made.file, '--passphrase-file', passphraseFile]);
  assert.match(verified.stdout, /is intact: 3 documents/);
});

test('CreateBackup reports its progress as BackupProgress signals for the caller that asked', async () => {
  const progress: number[] = [];
  bus.on('message', (message: InstanceType<typeof dbus.Message>) => {
    if (message.type === dbus.MessageType.SIGNAL && message.member === 'BackupProgress' && message.body[0] === 'progress-test') progress.push(Number(message.body[1]));
  });
  await call(bus, { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'AddMatch', signature: 's', body: [`type='signal',member='BackupProgress'`] });
  const [json] = await call(bus, { ...SOVEREIGN, interface: APP, member: 'CreateBackup', signature: 'ssus', body: [path.join(session.root, 'signalled'), PASSPHRASE, 0, 'progress-test'] });
  const made = JSON.parse(json as string) as { bytes: number };
  // The seeded 1.5 MiB attachment alone passes the 1 MiB reporting step.
  assert.ok(progress.length >= 1, 'at least one progress signal');
  assert.deepEqual([...progress].sort((a, b) => a - b), progress, 'progress only grows');
  assert.ok(progress.every((bytes) => bytes > 0 && bytes <= made.bytes * 4), 'progress counts the bytes written');
});

test('the backup timer firing while the service runs gets its scheduled backup from the service', async () => {
  const backups = path.join(dataDir, 'backups');
  const before = scheduledIn(backups);
  // Scheduled names carry the second they were made: a second run in the same second would reuse the name.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const { stdout } = await sovereign(['backup', 'run-scheduled', '--json']);
  const made = JSON.parse(stdout) as { file: string };
  assert.match(path.basename(made.file), /-scheduled\.sovbak$/);
  assert.deepEqual(scheduledIn(backups).sort(), [...before, path.basename(made.file)].sort());
});
