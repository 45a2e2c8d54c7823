import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import type dbus from 'dbus-next';
import { SOVEREIGN, call, connect, waitFor } from '../../support/dbus-client.js';
import { startPrivateSession, type PrivateSession } from '../../support/private-session.js';
import { repoRoot } from '../../support/repo.js';

// The Shell search prefix lives in GSettings (Preferences writes it). The
// service reads it as it starts and follows changes while it runs
// (src/dbus/search-prefix-setting.ts). GSettings here is the build's
// compiled schema over the keyfile backend, in the session's private
// XDG_CONFIG_HOME, so `gsettings set` from the test reaches the service.
const run = promisify(execFile);
const PROVIDER = { destination: SOVEREIGN.destination, path: '/org/sovereign/Sovereign/SearchProvider', interface: 'org.gnome.Shell.SearchProvider2' };

let session: PrivateSession;
let bus: dbus.MessageBus;
let groceriesId: string;

const setPrefix = (prefix: string) => run('gsettings', ['set', 'org.sovereign.Sovereign', 'search-prefix', prefix], { env: session.env });
const initial = async (terms: string[]) => (await call(bus, { ...PROVIDER, member: 'GetInitialResultSet', signature: 'as', body: [terms] }))[0] as string[];

before(async () => {
  session = await startPrivateSession({
    systemData: false,
    configToml: '[service]\nidle_exit_seconds = 0\n',
    env: { GSETTINGS_SCHEMA_DIR: path.join(repoRoot, 'build', 'data', 'glib-2.0', 'schemas'), GSETTINGS_BACKEND: 'keyfile' },
  });
  bus = connect(session.busAddress);
  // Set before the service exists: its first answer must already use it.
  await setPrefix('doc:');
  const file = path.join(session.root, 'groceries.md');
  fs.writeFileSync(file, '# Groceries\n\nMilk, lemons and sourdough flour.\n');
  // The first call D-Bus-activates the service.
  const [id] = await call(bus, { ...SOVEREIGN, interface: 'org.sovereign.Sovereign', member: 'ImportFile', signature: 's', body: [file] });
  groceriesId = id as string;
});

after(async () => {
  bus?.disconnect();
  await session?.stop();
});

test('the search prefix set in GSettings before the service started is the one its searches answer to', async () => {
  assert.deepEqual(await initial(['doc:', 'groceries']), [groceriesId]);
  assert.deepEqual(await initial(['sov:', 'groceries']), []);
});

test('a search prefix changed in GSettings while the service runs applies to the next search', async () => {
  await setPrefix('notes:');
  await waitFor('the new prefix to apply', async () => ((await initial(['notes:', 'groceries'])).length > 0 ? true : undefined), 30_000);
  assert.deepEqual(await initial(['notes:', 'groceries']), [groceriesId]);
  assert.deepEqual(await initial(['doc:', 'groceries']), []);
});
