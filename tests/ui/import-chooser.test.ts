import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { openOtherApplication } from './support/other-application.js';
import { startNotificationServer, type NotificationServer } from './support/notification-server.js';
import { SovereignApp } from './support/sovereign-app.js';

/** The probe's view of the import chooser while it is open. */
interface ChooserProbe {
  importChooser?: { mode: string; selectFolder: boolean; selectMultiple: boolean } | null;
}

/** The X window id of the app's visible window with this title. */
async function windowNamed(display: TestDisplay, app: SovereignApp, title: string): Promise<string | undefined> {
  const ids = (await xdotool(display, 'search', '--onlyvisible', '--pid', String(app.child.pid)).catch(() => '')).split('\n').filter(Boolean);
  for (const id of ids) if ((await xdotool(display, 'getwindowname', id).catch(() => '')) === title) return id;
  return undefined;
}

/** Where the probe says the Import button's arrow is, in the window. */
interface ButtonsProbe {
  buttons?: { importMenu: { x: number; y: number } | null };
}

async function geometry(display: TestDisplay, id: string): Promise<{ x: number; y: number }> {
  const shell = await xdotool(display, 'getwindowgeometry', '--shell', id);
  const value = (key: string) => Number(new RegExp(`^${key}=(-?\\d+)$`, 'm').exec(shell)?.[1] ?? NaN);
  return { x: value('X'), y: value('Y') };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** In the open folder chooser: the folder's location typed after Ctrl+L, then Return, picks it (as Import would). */
async function pickFolder(display: TestDisplay, dialog: string, folder: string): Promise<void> {
  await xdotool(display, 'windowfocus', '--sync', dialog);
  await xdotool(display, 'key', 'ctrl+l');
  await pause(300);
  await xdotool(display, 'type', '--delay', '20', `${folder}/`);
  await pause(500);
  await xdotool(display, 'key', 'Return');
}

describe('importing a folder from the window', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let notifications: NotificationServer;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    notifications = startNotificationServer(display);
    app = new SovereignApp(display, 'import-folder');
  });

  after(async () => {
    await app?.stop();
    notifications?.stop();
    await display?.close();
  });

  test('Import Folder… in the Import button’s menu opens a folder chooser with multiple selection, and the folder picked in it is imported with every file in its subfolders', async () => {
    await app.until('the welcome page', (w) => w.firstPaintAt !== null && w.view === 'empty');
    const folder = path.join(display.home, 'Field notes');
    fs.mkdirSync(path.join(folder, '2025', 'spring'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'Overview.md'), '# Field season overview\n\nWhere we went and why.\n');
    fs.writeFileSync(path.join(folder, '2025', 'Site survey.md'), '# Site survey\n\nThe northern plots.\n');
    fs.writeFileSync(path.join(folder, '2025', 'spring', 'Bird counts.txt'), 'Bird counts for the spring visit.\n');

    // The taskbar's Import button: its arrow opens a menu with Import Folder… (o is its mnemonic).
    const state = (await app.until('the Import button’s arrow', (w) => Boolean((w as ButtonsProbe).buttons?.importMenu))) as ButtonsProbe;
    const window = await geometry(display, (await xdotool(display, 'search', '--onlyvisible', '--pid', String(app.child.pid))).split('\n')[0]!);
    await xdotool(display, 'mousemove', String(window.x + state.buttons!.importMenu!.x), String(window.y + state.buttons!.importMenu!.y));
    await xdotool(display, 'click', '1');
    // A popover maps before its first frame is drawn.
    await pause(2500);
    await screenshot(display, 'import-menu');
    await xdotool(display, 'key', 'o');
    const opened = (await app.until('the folder chooser', (w) => Boolean((w as ChooserProbe).importChooser))) as ChooserProbe;
    assert.deepEqual(opened.importChooser, { mode: 'folders', selectFolder: true, selectMultiple: true });
    const dialog = await waitFor('the Import Folders dialog', () => windowNamed(display, app, 'Import Folders'), 20_000);
    // A new window maps before its first frame is drawn.
    await pause(2000);
    await screenshot(display, 'import-folder-chooser');

    await pickFolder(display, dialog, folder);

    const done = await app.until('the folder imported', (w) => w.documents === 3 && !w.importing && w.toasts.length > 0, 60_000);
    await pause(400);
    await screenshot(display, 'import-folder-done');
    assert.equal(await windowNamed(display, app, 'Import Folders'), undefined, 'the chooser closes');
    assert.match(done.toasts[done.toasts.length - 1]!, /Imported 3 documents/);
  });

  test('a folder import the person leaves for another application ends with a desktop notification of what was imported', async () => {
    const folder = path.join(display.home, 'Archive');
    for (let year = 2001; year <= 2020; year++) {
      fs.mkdirSync(path.join(folder, String(year)), { recursive: true });
      for (let n = 1; n <= 20; n++) fs.writeFileSync(path.join(folder, String(year), `Letter ${n}.md`), `# Letter ${n} of ${year}\n\nDear friend, news from ${year}.\n`);
    }
    // Whatever an earlier test imported stays; this test counts from there.
    const before = (await app.until('the window', (w) => w.firstPaintAt !== null && w.view !== 'loading' && !w.importing)).documents;
    const elsewhere = await openOtherApplication(display);
    try {
      const main = (await xdotool(display, 'search', '--onlyvisible', '--name', '^Sovereign$')).split('\n')[0]!;
      await xdotool(display, 'windowfocus', '--sync', main);
      await xdotool(display, 'key', 'ctrl+shift+o');
      const dialog = await waitFor('the Import Folders dialog', () => windowNamed(display, app, 'Import Folders'), 20_000);
      await pause(1500);
      await pickFolder(display, dialog, folder);
      // The person switches away while the 400 files import.
      await elsewhere.focus();
      const done = await app.until('the import finished', (w) => !w.importing && w.documents === before + 400, 120_000);
      assert.equal((done as { lastNotice?: { shownAs: string } }).lastNotice?.shownAs, 'notification');
      const sent = await waitFor('the Notify call on the bus', () => (notifications.busLog().includes('Imported 400 documents') ? notifications.busLog() : undefined));
      assert.match(sent, /member=Notify/);
      await waitFor('the notification on screen', async () => (await xdotool(display, 'search', '--onlyvisible', '--pid', String(notifications.pid)).catch(() => '')) || undefined, 10_000);
      await pause(500);
      await screenshot(display, 'import-folder-notification');
    } finally {
      elsewhere.stop();
    }
  });
});
