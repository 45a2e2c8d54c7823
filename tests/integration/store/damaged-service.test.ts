import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SOVEREIGN, connect, errorName } from '../../support/dbus-client.js';
import { createDiskWorkspace, flipBytes, largestFile } from '../../support/damaged-workspace.js';
import { startPrivateSession } from '../../support/private-session.js';

test('the D-Bus service does not start over a workspace with a damaged .blob, instead of answering searches with nothing', async (t) => {
  const session = await startPrivateSession({ systemData: false });
  const bus = connect(session.busAddress);
  t.after(async () => {
    bus.disconnect();
    await session.stop();
  });
  const workspace = createDiskWorkspace(30, session.env['XDG_DATA_HOME']);
  flipBytes(largestFile(workspace.dbDir, '.blob'), 4096);

  const failure = await errorName(bus, { ...SOVEREIGN, interface: 'org.sovereign.Sovereign', member: 'Search', signature: 'su', body: ['Note', 5] });
  assert.match(failure, /^org\.freedesktop\.DBus\.Error\.Spawn\./);
  // The activated service's stderr goes to the bus daemon's log.
  const log = fs.readFileSync(path.join(session.root, 'session.log'), 'utf8');
  assert.match(log, new RegExp(`${workspace.dbDir} is damaged|The database is damaged`));
  assert.match(log, /sovereign db repair/);
});
