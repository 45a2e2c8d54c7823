import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { accessibleTree, namesIn } from './support/accessible-tree.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { typeText } from './support/keyboard.js';
import { SovereignApp, appEnv, seedWorkspace } from './support/sovereign-app.js';
import { cliEntry } from '../support/repo.js';

const run = promisify(execFile);
const PASSPHRASE = 'plum tree 42 harbour';
const WRONG = 'The vault did not open: the passphrase is wrong, or vault.json was altered.';

/** Every name the app shows in any of its windows (the dialog included). */
async function shownNames(display: TestDisplay): Promise<string[]> {
  return (await accessibleTree(display)).children.flatMap((window) => namesIn(window));
}

describe('the window over a locked vault', () => {
  let display: TestDisplay;
  let app: SovereignApp;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    // The dialog is read through AT-SPI.
    delete display.env['NO_AT_BRIDGE'];
    await seedWorkspace(display, 'sample');
    // The real CLI converts the sample workspace into a vault.
    const passphraseFile = path.join(display.home, 'passphrase');
    fs.writeFileSync(passphraseFile, `${PASSPHRASE}\n`);
    await run(process.execPath, [cliEntry, 'vault', 'create', '--passphrase-file', passphraseFile], { env: appEnv(display, path.join(display.home, 'cli-probe.json')), timeout: 120_000 });
    app = new SovereignApp(display, 'vault-unlock');
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('opens on the unlock dialog; a wrong passphrase says so and keeps it; the right one shows the documents', async () => {
    await waitFor('the unlock dialog', async () => (await shownNames(display)).includes('Unlock Sovereign') || undefined, 90_000);
    // Nothing of the workspace is shown while locked.
    assert.equal(app.probe()?.window?.documents ?? 0, 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await typeText(display, 'plum tree 42 harbouR');
    await xdotool(display, 'key', 'Return');
    await screenshot(display, 'vault-unlock-typed');
    await waitFor('the wrong-passphrase message', async () => (await shownNames(display)).includes(WRONG) || undefined, 30_000).catch(async (error: unknown) => {
      await screenshot(display, 'vault-unlock-wrong');
      throw new Error(`${String(error)}; shown: ${JSON.stringify(await shownNames(display))}; app: ${app.output.join('').slice(-3000)}`);
    });
    await screenshot(display, 'vault-unlock-wrong');
    assert.equal(app.probe()?.window?.documents ?? 0, 0);
    await typeText(display, PASSPHRASE);
    await xdotool(display, 'key', 'Return');
    const window = await app.until('the documents on the canvas', (w) => w.documents > 0 && w.view === 'canvas' && w.frames > 0, 90_000);
    assert.ok(window.documents > 0);
    await waitFor('the dialog gone', async () => !(await shownNames(display)).includes('Unlock Sovereign') || undefined, 20_000);
    await screenshot(display, 'vault-unlock-open');
  });
});
