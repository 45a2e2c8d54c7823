import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import type dbus from 'dbus-next';
import { SOVEREIGN, call, connect, nameHasOwner, waitFor } from '../../support/dbus-client.js';
import { killGroup, startPrivateSession, type PrivateSession } from '../../support/private-session.js';
import { cliEntry, repoRoot } from '../../support/repo.js';

// A cold `sovereign --gapplication-service` (as D-Bus activation starts it)
// over a workspace a previous run left with its model snapshot and search
// index. The model snapshot is replaced by a named pipe: the service's model
// load blocks reading it until the test writes the saved snapshot into it,
// so "before the model has loaded" is a fact of the test, not a race. The
// service's debug log says when the index opened and the model loaded.
const run = promisify(execFile);
const PROVIDER = { destination: SOVEREIGN.destination, path: '/org/sovereign/Sovereign/SearchProvider', interface: 'org.gnome.Shell.SearchProvider2' };
const HOOKS = { ...SOVEREIGN, interface: 'org.sovereign.Sovereign.TestHooks' };
/** Titles of the sample workspace (src/workspace/sample-workspace.ts) that mention the budget. */
const BUDGET_TITLES = ['Budget 2026 overview', 'Budget review Q1', 'Budget review Q2', 'Alpha phase 2 budget request'];

let session: PrivateSession;
let bus: dbus.MessageBus;
let service: ChildProcess;
let log = '';
let snapshotFile: string;
let savedSnapshot: Buffer;
/** The cold answer to `sov: budget`, given before the model loaded. */
let coldBudget: { ids: string[]; metas: Meta[] };

interface Meta {
  id: string;
  name: string;
  description: string;
  gicon: string;
}

const logSays = (msg: string): boolean => log.split('\n').some((line) => line.startsWith('{') && (JSON.parse(line) as { msg: string }).msg === msg);

async function resultIds(terms: string[]): Promise<string[]> {
  const [ids] = await call(bus, { ...PROVIDER, member: 'GetInitialResultSet', signature: 'as', body: [terms] });
  return ids as string[];
}

async function resultMetas(ids: string[]): Promise<Meta[]> {
  const [metas] = (await call(bus, { ...PROVIDER, member: 'GetResultMetas', signature: 'as', body: [ids] })) as [Record<string, dbus.Variant>[]];
  return metas.map((meta) => ({ id: meta['id']!.value as string, name: meta['name']!.value as string, description: String(meta['description']?.value ?? ''), gicon: String(meta['gicon']?.value ?? '') }));
}

before(async () => {
  session = await startPrivateSession({ env: { SOVEREIGN_TEST_HOOKS: '1' }, systemData: false });
  bus = connect(session.busAddress);
  // What a previous run leaves: the store, the model snapshot and the search index.
  await run(process.execPath, [path.join(repoRoot, 'build', 'tests', 'ui', 'support', 'seed-workspace.js'), session.root, 'sample'], { env: session.env, timeout: 120_000 });
  snapshotFile = path.join(session.root, 'cache', 'sovereign', 'workspace-model.json');
  savedSnapshot = fs.readFileSync(snapshotFile);
  assert.ok(fs.existsSync(path.join(session.root, 'cache', 'sovereign', 'search-index.bin')), 'the seeding run saved the search index');
  fs.rmSync(snapshotFile);
  await run('mkfifo', [snapshotFile]);
  service = spawn(process.execPath, [cliEntry, '--gapplication-service', '--idle-exit-seconds', '0'], {
    env: { ...session.env, SOVEREIGN_LOG: 'debug', SOVEREIGN_LOG_FORMAT: 'json' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  service.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await waitFor('the service to own its name', async () => ((await nameHasOwner(bus, SOVEREIGN.destination)) ? true : undefined), 60_000);
});

after(async () => {
  // Never leave the model load blocked on the pipe (the service would not finish opening, nor exit cleanly).
  await releaseModel().catch(() => undefined);
  bus?.disconnect();
  if (service) await killGroup(service);
  await session?.stop();
});

let released: Promise<void> | undefined;
function releaseModel(): Promise<void> {
  released ??= fs.promises.writeFile(snapshotFile, savedSnapshot);
  return released;
}

test('a cold service answers the Shell from its search index before its workspace model has loaded', async () => {
  await waitFor('the search index to open', async () => (logSays('search index opened') ? true : undefined), 60_000);
  const ids = await resultIds(['sov:', 'budget']);
  const metas = await resultMetas(ids);
  assert.equal(logSays('workspace opened'), false, 'the model is still loading (its snapshot is unread)');
  assert.ok(logSays('answering from the search index; the workspace model is still loading'), 'the index answered');
  for (const title of BUDGET_TITLES) assert.ok(metas.some((meta) => meta.name === title), `${title} is among ${metas.map((meta) => meta.name).join(', ')}`);
  assert.deepEqual(metas.map((meta) => meta.id), ids, 'one meta per id, in order');
  for (const meta of metas) assert.notEqual(meta.description, '', `${meta.name} has a description`);
  coldBudget = { ids, metas };
});

test('a document renamed while the model loads shows its new name, before and after the model has loaded', async () => {
  const [harvest] = await resultIds(['sov:', 'harvest']);
  assert.ok(harvest);
  assert.equal((await resultMetas([harvest]))[0]!.name, 'Harvest log');
  await call(bus, { ...HOOKS, member: 'RenameDocument', signature: 'ss', body: [harvest, 'Autumn harvest diary'] });
  assert.equal(logSays('workspace opened'), false, 'the rename was made while the model was loading');
  // The index follows the store's change notifications.
  await waitFor('the index to have the new title', async () => ((await resultMetas([harvest]))[0]!.name === 'Autumn harvest diary' ? true : undefined));
  assert.deepEqual(await resultIds(['sov:', 'diary']), [harvest]);

  await releaseModel();
  await waitFor('the model to load', async () => (logSays('workspace opened') ? true : undefined), 60_000);
  assert.equal((await resultMetas([harvest]))[0]!.name, 'Autumn harvest diary', 'the model has the rename it missed in its snapshot');
  assert.deepEqual(await resultIds(['sov:', 'diary']), [harvest]);
});

test('once the model has loaded, the Shell gets the same results and descriptions as the cold answer', async () => {
  assert.ok(logSays('workspace opened'));
  const ids = await resultIds(['sov:', 'budget']);
  assert.deepEqual(ids, coldBudget.ids);
  assert.deepEqual(await resultMetas(ids), coldBudget.metas);
});
