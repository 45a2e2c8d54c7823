import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startDisplay, type TestDisplay } from './support/display.js';
import { SovereignApp } from './support/sovereign-app.js';

// The window process opens its workspace while GTK and the window load
// (src/cli/window-opener.ts): a store that fails that early must still end
// the process with its message, not with an unhandled rejection or a window
// left waiting on a spinner.
describe('a workspace that cannot open', () => {
  let display: TestDisplay;

  before(async () => {
    display = await startDisplay({ width: 1200, height: 800 });
  });

  after(async () => {
    await display?.close();
  });

  test('a damaged database ends the window process with a message that names the database and says it is damaged', async () => {
    const database = path.join(display.home, 'data', 'sovereign', 'database');
    fs.mkdirSync(database, { recursive: true });
    // RocksDB starts from CURRENT, which names the manifest: this one names none.
    fs.writeFileSync(path.join(database, 'CURRENT'), 'not a manifest\n');
    const app = new SovereignApp(display, 'damaged-store');
    const status = await app.exited(120_000);
    const output = app.output.join('');
    assert.equal(status, 1, output.slice(-1500));
    assert.match(output, /sovereign: The database .* is damaged/, 'the message is the error, not a stack trace');
    assert.ok(output.includes(database), `names ${database}: ${output.slice(-1500)}`);
    assert.doesNotMatch(output, /unhandled|UnhandledPromiseRejection/i);
  });
});
