import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { verifyBackup } from '../../src/backup/index.js';
import { accessibleTree, namesIn, pressAccessible } from './support/accessible-tree.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { typeText } from './support/keyboard.js';
import { SovereignApp, seedWorkspace } from './support/sovereign-app.js';

const PASSPHRASE = 'plum tree 42';

/** The names shown in the app's window with this title (labels, rows, buttons), or [] while it is not there. */
async function namesInWindow(display: TestDisplay, title: string): Promise<string[]> {
  const window = (await accessibleTree(display)).children.find((node) => node.name === title);
  return window ? namesIn(window) : [];
}

describe('Preferences › Backups', () => {
  let display: TestDisplay;
  let app: SovereignApp;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    // Preferences is read and pressed through AT-SPI.
    delete display.env['NO_AT_BRIDGE'];
    await seedWorkspace(display, 'sample');
    app = new SovereignApp(display, 'backups');
    await app.until('the canvas', (w) => w.view === 'canvas' && w.frames > 0);
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('Back Up Now asks for a passphrase twice and writes an encrypted backup that verifies and shows in the list', async () => {
    await xdotool(display, 'key', 'ctrl+comma');
    await waitFor('the Backups page', async () => {
      await pressAccessible(display, 'Preferences', 'Backups');
      return true;
    }, 30_000);
    await waitFor('no backups yet', async () => (await namesInWindow(display, 'Preferences')).includes('No backups yet') || undefined, 20_000);
    await pressAccessible(display, 'Preferences', 'Back Up Now…');
    // The dialog focuses the first entry; Enter moves to the repeat and, when both match, backs up.
    await new Promise((resolve) => setTimeout(resolve, 800));
    await typeText(display, PASSPHRASE);
    await xdotool(display, 'key', 'Return');
    await typeText(display, PASSPHRASE);
    await screenshot(display, 'backups-passphrase');
    await xdotool(display, 'key', 'Return');

    const names = await waitFor('the finished backup', async () => {
      const shown = await namesInWindow(display, 'Preferences');
      return shown.some((name) => name.startsWith('Backed up ')) ? shown : undefined;
    }, 60_000);
    const done = names.find((name) => name.startsWith('Backed up '))!;
    assert.match(done, /^Backed up \d+ documents and \d+ attachments to sovereign-\d{8}-\d{6}Z\.sovbak \(.+\)$/);
    const backupDir = path.join(display.home, 'data', 'sovereign', 'backups');
    const file = fs.readdirSync(backupDir)[0] ?? '';
    assert.ok(file.endsWith('.sovbak'), `the backup folder holds ${JSON.stringify(fs.readdirSync(backupDir))}`);
    await waitFor('the backup in the list', async () => (await namesInWindow(display, 'Preferences')).includes(file) || undefined, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await screenshot(display, 'backups-page');

    const verified = await verifyBackup(path.join(backupDir, file), PASSPHRASE);
    assert.ok(verified.header.documentCount > 0, 'the seeded sample workspace is in the backup');
    assert.match(done, new RegExp(`^Backed up ${verified.header.documentCount} documents`));
  });
});
