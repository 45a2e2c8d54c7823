import assert from 'node:assert/strict';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import type dbus from 'dbus-next';
import { SOVEREIGN, call, connect, waitFor } from '../support/dbus-client.js';
import { killGroup, startPrivateSession, type PrivateSession } from '../support/private-session.js';
import { repoRoot } from '../support/repo.js';
import { sovereignDataFiles } from './support/sovereign-data-files.js';
import { startXvfb } from './support/xvfb.js';

// One Nautilus window under Xvfb for the file; its context menu is driven
// through AT-SPI and xdotool by a Python helper, like a person would.
const run = promisify(execFile);
const driver = path.join(repoRoot, 'tests', 'gnome', 'support', 'nautilus-context-menu.py');

let session: PrivateSession;
let xvfb: Awaited<ReturnType<typeof startXvfb>>;
let nautilus: ChildProcess;
let bus: dbus.MessageBus;
let env: NodeJS.ProcessEnv;
let filesDir: string;

before(async () => {
  session = await startPrivateSession({
    env: { SOVEREIGN_TEST_HOOKS: '1', GSETTINGS_BACKEND: 'memory' },
    configToml: '[service]\nidle_exit_seconds = 600\n',
    dataFiles: sovereignDataFiles(),
  });
  xvfb = await startXvfb();
  env = { ...session.env, DISPLAY: xvfb.display, GDK_BACKEND: 'x11' };
  // Nautilus must talk to the accessibility bus for the helper to find its menu.
  delete env['NO_AT_BRIDGE'];
  // Not "Documents": Nautilus 43 waits on Tracker for a folder with that name and never lists it here.
  filesDir = path.join(session.root, 'files');
  fs.mkdirSync(filesDir);
  fs.writeFileSync(path.join(filesDir, 'budget.md'), '# Household budget\n\nRent, food and savings for 2026.\n');
  fs.writeFileSync(path.join(filesDir, 'question.txt'), 'Which supplier offered the lowest quote for the roof?\n');
  nautilus = spawn('nautilus', ['--new-window', filesDir], {
    env,
    stdio: ['ignore', fs.openSync(path.join(session.root, 'nautilus.log'), 'w'), fs.openSync(path.join(session.root, 'nautilus.log'), 'a')],
    detached: true,
  });
  bus = connect(session.busAddress);
});

after(async () => {
  bus?.disconnect();
  if (nautilus) await killGroup(nautilus);
  await xvfb?.stop();
  await session?.stop();
});

async function chooseFromContextMenu(fileName: string, label: string): Promise<void> {
  const { stdout } = await run('/usr/bin/python3', [driver, fileName, label, '40'], { env, timeout: 90_000 }).catch(
    (error: { stdout?: string; message: string }) => ({ stdout: error.stdout ?? JSON.stringify({ ok: false, error: error.message }) }),
  );
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as { ok: boolean; error?: string };
  assert.equal(result.ok, true, `driving Nautilus failed: ${result.error}`);
}

async function findByTitle(query: string, title: string): Promise<string | undefined> {
  const [hits] = (await call(bus, { ...SOVEREIGN, interface: 'org.sovereign.Sovereign', member: 'Search', signature: 'su', body: [query, 10] })) as [
    [string, string, string, string, number][],
  ];
  return hits.find((hit) => hit[1] === title)?.[0];
}

async function windowRequests(): Promise<{ kind: string; id?: string; assistant?: boolean }[]> {
  const [json] = await call(bus, { ...SOVEREIGN, interface: 'org.sovereign.Sovereign.TestHooks', member: 'GetWindowRequests' });
  return JSON.parse(json as string) as { kind: string; id?: string; assistant?: boolean }[];
}

test('"Import into Sovereign" in the Files context menu imports the file into the store', async () => {
  await chooseFromContextMenu('budget.md', 'Import into Sovereign');
  const id = await waitFor('the imported document to be searchable', () => findByTitle('savings', 'Household budget'), 30_000, 250);
  assert.ok(id);
});

test('"Ask Sovereign about this file" imports it and opens it with the assistant', async () => {
  await chooseFromContextMenu('question.txt', 'Ask Sovereign about this file');
  const id = await waitFor('the asked-about document to be searchable', () => findByTitle('supplier roof', 'question'), 30_000, 250);
  await waitFor('the window request with the assistant', async () =>
    (await windowRequests()).some((request) => request.kind === 'open-document' && request.id === id && request.assistant === true) ? true : undefined,
  );
});
