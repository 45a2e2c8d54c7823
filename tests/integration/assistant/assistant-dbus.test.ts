import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type dbus from 'dbus-next';
import { SOVEREIGN, call, connect, errorName, type Call } from '../../support/dbus-client.js';
import { startPrivateSession, type PrivateSession } from '../../support/private-session.js';

// The real service, D-Bus-activated by a private dbus-daemon, over an on-disk store.
const APP = 'org.sovereign.Sovereign';
let session: PrivateSession;
let bus: dbus.MessageBus;

const app = (member: string, signature = '', body: unknown[] = []): Call => ({ ...SOVEREIGN, interface: APP, member, signature, body });
const route = async (text: string) => JSON.parse((await call(bus, app('RouteCommand', 's', [text])))[0] as string) as Record<string, unknown>;
const run = async (text: string) => JSON.parse((await call(bus, app('RunCommand', 's', [text])))[0] as string) as { status: string; message: string };
const titles = async () => ((await call(bus, app('Search', 'su', ['budget', 10])))[0] as [string, string][]).map((hit) => hit[1]).sort();

before(async () => {
  session = await startPrivateSession({ configToml: '[service]\nidle_exit_seconds = 600\n', systemData: false });
  bus = connect(session.busAddress);
  const file = path.join(session.root, 'budget.md');
  fs.writeFileSync(file, '# Budget 2026\n\nRent and the savings plan.\n');
  await call(bus, app('ImportFile', 's', [file]));
});

after(async () => {
  bus?.disconnect();
  await session?.stop();
});

test('RouteCommand answers with the routed intent as JSON and changes nothing', async () => {
  const intent = await route('open budjet 2026');
  assert.equal(intent['action'], 'open_document');
  assert.equal((intent['entities'] as { document: { title: string } }).document.title, 'Budget 2026');
  assert.deepEqual(await titles(), ['Budget 2026']);
});

test('RunCommand renames a document, and "undo" takes it back', async () => {
  const renamed = await run('rename budget 2026 to Budget final');
  assert.equal(renamed.status, 'executed');
  assert.deepEqual(await titles(), ['Budget final']);
  assert.equal((await run('undo')).status, 'executed');
  assert.deepEqual(await titles(), ['Budget 2026']);
});

test('RunCommand only proposes a delete: a bus caller cannot confirm it', async () => {
  const result = await run('delete budget 2026');
  assert.equal(result.status, 'needs-confirmation');
  assert.deepEqual(await titles(), ['Budget 2026']);
});

test('an empty command is refused as an invalid argument', async () => {
  assert.equal(await errorName(bus, app('RouteCommand', 's', ['  '])), 'org.sovereign.Sovereign.Error.InvalidArgument');
});
