import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type dbus from 'dbus-next';
import { SOVEREIGN, call, connect, nameHasOwner, waitFor } from '../../support/dbus-client.js';
import { killGroup, startPrivateSession, type PrivateSession } from '../../support/private-session.js';
import { cliEntry } from '../../support/repo.js';
import { writeIndexFile } from '../../../src/search/index-file.js';
import { InvertedIndex } from '../../../src/search/inverted-index.js';

// A cold `sovereign --gapplication-service` starts opening its store before
// it owns its bus name (src/cli/early-store.ts). Here the store is a
// "server" on loopback that accepts the connection and never answers, so
// "the store is still opening" is a fact of the test, not a race: the
// service must still own its name, answer the Shell, and end when told;
// and with a short connect timeout it must say which database failed and
// exit rather than hang.
const PROVIDER = { destination: SOVEREIGN.destination, path: '/org/sovereign/Sovereign/SearchProvider', interface: 'org.gnome.Shell.SearchProvider2' };

let silentServer: net.Server;
let port: number;
const held: net.Socket[] = [];

before(async () => {
  silentServer = net.createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
  port = (silentServer.address() as net.AddressInfo).port;
});

after(async () => {
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => silentServer.close(resolve));
});

interface Service {
  session: PrivateSession;
  bus: dbus.MessageBus;
  child: ChildProcess;
  /** The exit status once the process has ended; undefined while it runs. */
  exit: () => { code: number | null } | undefined;
  log: () => string;
}

async function startService(connectTimeoutMs: number, beforeStart?: (session: PrivateSession) => Promise<void>): Promise<Service> {
  const session = await startPrivateSession({
    systemData: false,
    configToml: `[store]\nurl = "ws://127.0.0.1:${port}"\nconnect_timeout_ms = ${connectTimeoutMs}\n[service]\nidle_exit_seconds = 0\n`,
  });
  await beforeStart?.(session);
  const bus = connect(session.busAddress);
  const child = spawn(process.execPath, [cliEntry, '--gapplication-service'], {
    env: { ...session.env, SOVEREIGN_LOG: 'debug', SOVEREIGN_LOG_FORMAT: 'json' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  let exit: { code: number | null } | undefined;
  child.once('exit', (code) => (exit = { code }));
  return { session, bus, child, exit: () => exit, log: () => log };
}

async function stopService(service: Service): Promise<void> {
  service.bus.disconnect();
  await killGroup(service.child);
  await service.session.stop();
}

const logLines = (log: string): { msg: string; error?: { message?: string } }[] =>
  log.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { msg: string; error?: { message?: string } });

test('while its store does not answer, a cold service owns its name, answers the Shell with no results, and ends when told to', async (t) => {
  const service = await startService(120_000);
  t.after(() => stopService(service));
  const connectionsBefore = held.length;
  await waitFor('the service to own its name', async () => ((await nameHasOwner(service.bus, SOVEREIGN.destination)) ? true : undefined), 60_000);
  await waitFor('the service to connect to its store', async () => (held.length > connectionsBefore ? true : undefined), 30_000);

  const [ids] = await call(service.bus, { ...PROVIDER, member: 'GetInitialResultSet', signature: 'as', body: [['sov:', 'budget']] });
  assert.deepEqual(ids, []);
  assert.ok(
    logLines(service.log()).some((line) => line.msg === 'the workspace is still opening; answering the search with no results'),
    'the answer came while the store was still opening',
  );

  service.child.kill('SIGTERM');
  // A store open that never settles must not keep the process alive.
  await waitFor('the service to exit', async () => service.exit(), 30_000);
  assert.equal(await nameHasOwner(service.bus, SOVEREIGN.destination), false);
});

test('when its store cannot be reached, a cold service logs which database did not answer and exits with status 1', async (t) => {
  const service = await startService(1000);
  t.after(() => stopService(service));
  const status = await waitFor('the service to exit', async () => service.exit(), 60_000);
  assert.equal(status.code, 1);
  const failure = logLines(service.log()).find((line) => line.msg === 'could not open the workspace; exiting');
  assert.ok(failure, `the failure is logged:\n${service.log()}`);
  assert.equal(failure.error?.message, `The database at ws://127.0.0.1:${port} did not answer within 1 s.`);
});

test('with the search index an earlier run saved, a cold service whose store does not answer yet gives the Shell results from it', async (t) => {
  const notes = [
    { id: 'document:budget', title: 'Budget for the spring', content: 'Spending plan and the budget for March.' },
    { id: 'document:garden', title: 'Garden', content: 'Tomatoes, beans and a row of leeks.' },
  ];
  const service = await startService(120_000, async (session) => {
    // What the last run against this server left in the cache: its index, saved for this store's URL.
    const index = new InvertedIndex();
    for (const note of notes) index.upsert({ ...note, text: note.content, docType: 'markdown', threadId: null, modifiedAt: Date.UTC(2026, 2, 1) });
    const file = path.join(session.env['XDG_CACHE_HOME']!, 'sovereign', 'search-index.bin');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await writeIndexFile(file, index.columns(), `ws://127.0.0.1:${port}`, 0);
  });
  t.after(() => stopService(service));
  const connectionsBefore = held.length;
  await waitFor('the service to own its name', async () => ((await nameHasOwner(service.bus, SOVEREIGN.destination)) ? true : undefined), 60_000);
  await waitFor('the service to connect to its store', async () => (held.length > connectionsBefore ? true : undefined), 30_000);

  const [ids] = await call(service.bus, { ...PROVIDER, member: 'GetInitialResultSet', signature: 'as', body: [['sov:', 'budget']] });
  assert.deepEqual(ids, ['document:budget']);
  const [metas] = (await call(service.bus, { ...PROVIDER, member: 'GetResultMetas', signature: 'as', body: [ids] })) as [Record<string, dbus.Variant>[]];
  assert.equal(metas[0]!['name']!.value, 'Budget for the spring');
  assert.equal(logLines(service.log()).some((line) => line.msg === 'opened'), false, 'the store had not opened');
});
