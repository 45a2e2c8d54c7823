import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import dbus from 'dbus-next';
import { SOVEREIGN, call, connect, errorName } from '../../support/dbus-client.js';
import { startPrivateSession, type PrivateSession } from '../../support/private-session.js';
import { cliEntry } from '../../support/repo.js';

// The real service, D-Bus-activated by a private dbus-daemon over an on-disk
// vault made by the real CLI. The service's environment has no passphrase
// file and no terminal: it must start locked, not stop.
const run = promisify(execFile);
const APP = 'org.sovereign.Sovereign';
const HOOKS = 'org.sovereign.Sovereign.TestHooks';
const PROVIDER = { destination: APP, path: '/org/sovereign/Sovereign/SearchProvider', interface: 'org.gnome.Shell.SearchProvider2' };
const ERR = 'org.sovereign.Sovereign.Error.';
const PASSPHRASE = 'correct horse battery';
const WRONG = 'The vault did not open: the passphrase is wrong, or vault.json was altered.';

let session: PrivateSession;
let passphraseFile: string;
let bus: dbus.MessageBus;
let accordId: string;
/** The id of the Shell's one "locked" row, as the provider first answered it. */
let lockedRow: string;

const app = (member: string, signature = '', body: unknown[] = []) => ({ ...SOVEREIGN, interface: APP, member, signature, body });
const provider = (member: string, signature: string, body: unknown[]) => ({ ...PROVIDER, member, signature, body });

/** The message of the D-Bus error a call fails with. */
async function failure(message: ReturnType<typeof app>): Promise<{ name: string; text: string }> {
  try {
    await call(bus, message);
  } catch (error) {
    if (error instanceof dbus.DBusError) return { name: error.type, text: error.message };
    throw error;
  }
  throw new Error(`${message.member} succeeded but was expected to fail`);
}

async function searchTitles(query: string): Promise<string[]> {
  const [hits] = (await call(bus, app('Search', 'su', [query, 5]))) as [[string, string, string, string, number][]];
  return hits.map((hit) => hit[1]);
}

before(async () => {
  session = await startPrivateSession({ env: { SOVEREIGN_TEST_HOOKS: '1' }, configToml: '[service]\nidle_exit_seconds = 600\n', systemData: false });
  bus = connect(session.busAddress);
  passphraseFile = path.join(session.root, 'passphrase');
  fs.writeFileSync(passphraseFile, `${PASSPHRASE}\n`);
  // The CLI makes the vault and writes a document while no service runs; only it gets the passphrase file.
  const cli = (args: string[]) => run(process.execPath, [cliEntry, ...args], { env: { ...session.env, SOVEREIGN_PASSPHRASE_FILE: passphraseFile }, timeout: 60_000 });
  await cli(['vault', 'create', '--passphrase-file', passphraseFile]);
  const { stdout } = await cli(['doc', 'add', 'Quokka Harbour Accord', '-c', 'the lighthouse keeper signs on Thursday', '--json']);
  accordId = (JSON.parse(stdout) as { id: string }).id;
});

after(async () => {
  bus?.disconnect();
  await session?.stop();
});

test('a service started over a vault is locked: every request that needs the workspace gets the named Locked error', async () => {
  const [state] = await call(bus, app('VaultStatus'));
  assert.equal(state, 'locked');
  const refused = await failure(app('Search', 'su', ['lighthouse', 5]));
  assert.equal(refused.name, ERR + 'Locked');
  assert.match(refused.text, /^Sovereign is locked\.\nUnlock it in the Sovereign window, or run `sovereign vault unlock`\./);
  assert.equal(await errorName(bus, app('ListThreads')), ERR + 'Locked');
  assert.equal(await errorName(bus, app('ImportFile', 's', [path.join(session.root, 'passphrase.md')])), ERR + 'Locked');
  assert.equal(await errorName(bus, app('RouteCommand', 's', ['open the accord'])), ERR + 'Locked');
});

test('while locked the Shell sees one result saying so, and activating it opens the window', async () => {
  const [ids] = (await call(bus, provider('GetInitialResultSet', 'as', [['sov:', 'lighthouse']]))) as [string[]];
  assert.equal(ids.length, 1);
  lockedRow = ids[0]!;
  const [metas] = (await call(bus, provider('GetResultMetas', 'as', [ids]))) as [Record<string, InstanceType<typeof dbus.Variant>>[]];
  assert.equal(metas.length, 1);
  assert.equal(metas[0]!['name']!.value, 'Sovereign is locked — open to unlock');
  // Terms not addressed to Sovereign still get nothing.
  assert.deepEqual((await call(bus, provider('GetInitialResultSet', 'as', [['lighthouse']])))[0], []);
  await call(bus, provider('ActivateResult', 'sasu', [ids[0], ['sov:', 'lighthouse'], 0]));
  const [json] = await call(bus, { ...SOVEREIGN, interface: HOOKS, member: 'GetWindowRequests' });
  assert.deepEqual((JSON.parse(json as string) as unknown[]).at(-1), { kind: 'activate' });
});

test('Unlock refuses a wrong passphrase with the CLI’s fixed message and an empty one as invalid; the vault stays locked', async () => {
  const wrong = await failure(app('Unlock', 's', ['correct horse batterY']));
  assert.equal(wrong.name, ERR + 'PermissionDenied');
  assert.equal(wrong.text, WRONG);
  assert.equal(await errorName(bus, app('Unlock', 's', [''])), ERR + 'InvalidArgument');
  assert.equal(await errorName(bus, app('Unlock', 's', ['x'.repeat(10_000)])), ERR + 'InvalidArgument');
  assert.equal((await call(bus, app('VaultStatus')))[0], 'locked');
  assert.equal(await errorName(bus, app('Search', 'su', ['lighthouse', 5])), ERR + 'Locked');
});

test('after Unlock the service opens the workspace: search, threads and the Shell find the document', async () => {
  await call(bus, app('Unlock', 's', [PASSPHRASE]));
  assert.equal((await call(bus, app('VaultStatus')))[0], 'unlocked');
  assert.deepEqual(await searchTitles('lighthouse'), ['Quokka Harbour Accord']);
  assert.deepEqual((await call(bus, provider('GetInitialResultSet', 'as', [['sov:', 'lighthouse']])))[0], [accordId]);
  assert.ok(Array.isArray((await call(bus, app('ListThreads')))[0]));
});

test('Lock drops the workspace: requests are refused again until the next Unlock, which finds everything as before', async () => {
  await call(bus, app('Lock'));
  assert.equal((await call(bus, app('VaultStatus')))[0], 'locked');
  assert.equal(await errorName(bus, app('Search', 'su', ['lighthouse', 5])), ERR + 'Locked');
  const [ids] = (await call(bus, provider('GetInitialResultSet', 'as', [['sov:', 'lighthouse']]))) as [string[]];
  assert.deepEqual(ids, [lockedRow]);
  await call(bus, app('Unlock', 's', [PASSPHRASE]));
  assert.deepEqual(await searchTitles('lighthouse'), ['Quokka Harbour Accord']);
});

/** `sovereign ARGS` in the session, without the passphrase file in its environment; never throws. */
async function sovereign(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliEntry, ...args], { env: session.env, timeout: 60_000 });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { status: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

test('sovereign vault lock, status and unlock act on the running Sovereign', async () => {
  const locked = await sovereign(['vault', 'lock']);
  assert.equal(locked.status, 0, locked.stderr);
  assert.equal(locked.stdout.trim(), 'Sovereign is locked.');
  assert.equal((await call(bus, app('VaultStatus')))[0], 'locked');
  assert.match((await sovereign(['vault', 'status'])).stdout, /Sovereign is running and is locked\./);
  const wrongFile = path.join(session.root, 'wrong');
  fs.writeFileSync(wrongFile, 'correct horse batterY\n');
  const refused = await sovereign(['vault', 'unlock', '--passphrase-file', wrongFile]);
  assert.equal(refused.status, 1);
  assert.equal(refused.stderr.trim(), `sovereign: ${WRONG}`);
  assert.equal((await call(bus, app('VaultStatus')))[0], 'locked');
  const unlocked = await sovereign(['vault', 'unlock', '--passphrase-file', passphraseFile]);
  assert.equal(unlocked.stdout.trim(), 'Sovereign is unlocked.', unlocked.stderr);
  assert.deepEqual(await searchTitles('lighthouse'), ['Quokka Harbour Accord']);
  assert.equal((JSON.parse((await sovereign(['vault', 'status', '--json'])).stdout) as { running: string }).running, 'unlocked');
});
