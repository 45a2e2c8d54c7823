import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { verifyBackup } from '../../src/backup/index.js';
import { accessibleTree, namesIn, pressAccessible, walk } from './support/accessible-tree.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { typeText } from './support/keyboard.js';
import { SovereignApp, seedWorkspace } from './support/sovereign-app.js';
import { cliEntry } from '../support/repo.js';
import { exitWhenDone } from '../support/store.js';
import { widenPreferences } from './support/preferences-window.js';

const run = promisify(execFile);
// verifyBackup loads the database part into an embedded engine in this process.
exitWhenDone();

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
    await widenPreferences(display);
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

  test('Back Up Automatically asks for a passphrase once, and the backup timer then backs up through the running app with no passphrase', async () => {
    const schedule = async () => JSON.parse((await run(process.execPath, [cliEntry, 'backup', 'schedule', 'status', '--json'], { env: display.env })).stdout) as { enabled: boolean; every: string; keep: number };
    assert.equal((await schedule()).enabled, false);
    let seen: string[] = [];
    const switchNode = await waitFor('the Back Up Automatically switch', async () => {
      const window = (await accessibleTree(display)).children.find((node) => node.name === 'Preferences');
      const nodes = window ? [...walk(window)].filter((node) => node.name.includes('Automatically')) : [];
      seen = nodes.map((node) => `${node.role}:${node.name}`);
      return nodes.find((node) => ['switch', 'toggle button', 'check box'].includes(node.role));
    }, 20_000).catch((error: unknown) => {
      throw new Error(`${String(error)}; nodes: ${JSON.stringify(seen)}`);
    });
    assert.equal(switchNode.name, 'Back Up Automatically', 'a screen reader announces the switch by its row title');
    await pressAccessible(display, 'Preferences', switchNode.name, switchNode.role);
    await new Promise((resolve) => setTimeout(resolve, 800));
    await typeText(display, PASSPHRASE);
    await xdotool(display, 'key', 'Return');
    await typeText(display, PASSPHRASE);
    await xdotool(display, 'key', 'Return');
    const on = await waitFor('the schedule on', async () => ((await schedule()).enabled ? schedule() : undefined), 30_000);
    assert.deepEqual({ every: on.every, keep: on.keep }, { every: 'daily', keep: 7 });
    await waitFor('the runner shown', async () => (await namesInWindow(display, 'Preferences')).includes('Sovereign starts them while it runs') || undefined, 20_000);
    await screenshot(display, 'backups-schedule');

    // What the timer runs; the app owns the database, so the app makes the backup.
    const { stdout } = await run(process.execPath, [cliEntry, 'backup', 'run-scheduled', '--json'], { env: { ...display.env }, timeout: 60_000 });
    const made = JSON.parse(stdout) as { file: string; documents: number };
    assert.match(path.basename(made.file), /-scheduled\.sovbak$/);
    const verified = await verifyBackup(made.file, PASSPHRASE);
    assert.equal(verified.header.documentCount, made.documents);
  });
});

