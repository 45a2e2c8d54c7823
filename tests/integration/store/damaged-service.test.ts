import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SOVEREIGN, connect, errorName, nameHasOwner, waitFor } from '../../support/dbus-client.js';
import { createDiskWorkspace, flipBytes, largestFile } from '../../support/damaged-workspace.js';
import { startPrivateSession } from '../../support/private-session.js';

test('the D-Bus service over a workspace with a damaged .blob answers a search with the database error and exits, instead of answering with nothing', async (t) => {
  const session = await startPrivateSession({ systemData: false });
  const bus = connect(session.busAddress);
  t.after(async () => {
    bus.disconnect();
    await session.stop();
  });
  const workspace = createDiskWorkspace(30, session.env['XDG_DATA_HOME']);
  flipBytes(largestFile(workspace.dbDir, '.blob'), 4096);

  // The service owns its name before the workspace opens (a first open of a large store outlasts D-Bus's start timeout), so the open's failure is the answer.
  const failure = await errorName(bus, { ...SOVEREIGN, interface: 'org.sovereign.Sovereign', member: 'Search', signature: 'su', body: ['Note', 5] });
  assert.equal(failure, 'org.sovereign.Sovereign.Error.DatabaseFailed');
  // The activated service's stderr goes to the bus daemon's log; then it gives up its name and exits.
  const damage = new RegExp(`${workspace.dbDir} is damaged|The database is damaged`);
  // Logged when the service gives up the workspace: what is damaged, and the way out.
  const log = await waitFor('the damage and its repair in the service log', async () => {
    const text = fs.readFileSync(path.join(session.root, 'session.log'), 'utf8');
    return /could not open the workspace/.test(text) ? text : undefined;
  });
  assert.match(log, damage);
  assert.match(log, /sovereign db repair/);
  await waitFor('the service to exit', async () => ((await nameHasOwner(bus, SOVEREIGN.destination)) ? undefined : true));
});
