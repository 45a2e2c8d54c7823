import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { SOVEREIGN, call, connect } from '../support/dbus-client.js';
import { cliEntry, repoRoot } from '../support/repo.js';
import { accessibleTree, namesIn, pressAccessible, walk, type AccessibleNode } from './support/accessible-tree.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { SovereignApp, appEnv, seedWorkspace } from './support/sovereign-app.js';

const run = promisify(execFile);
const PROVIDER = { destination: SOVEREIGN.destination, path: '/org/sovereign/Sovereign/SearchProvider', interface: 'org.gnome.Shell.SearchProvider2' };
/** A new window maps before its first frame is drawn; screenshots wait for that. */
const firstPaint = () => new Promise((resolve) => setTimeout(resolve, 800));

/** The visible top-level windows of the app, by title. */
async function windowTitles(display: TestDisplay, app: SovereignApp): Promise<string[]> {
  const ids = (await xdotool(display, 'search', '--onlyvisible', '--pid', String(app.child.pid)).catch(() => '')).split('\n').filter(Boolean);
  return Promise.all(ids.map((id) => xdotool(display, 'getwindowname', id)));
}

/** The accessible subtree of the app's top-level window with this title, once it is there. */
async function accessibleWindow(display: TestDisplay, title: string, shows: (names: string[]) => boolean): Promise<AccessibleNode> {
  return waitFor(`the accessible "${title}" window`, async () => {
    const window = (await accessibleTree(display)).children.find((node) => node.name === title);
    return window && shows(namesIn(window)) ? window : undefined;
  }, 20_000);
}

describe('preferences, shortcuts, about and the dark style', () => {
  let display: TestDisplay;
  let app: SovereignApp;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    // The dialogs' content is read through AT-SPI, so the accessibility bridge is on.
    delete display.env['NO_AT_BRIDGE'];
    await seedWorkspace(display, 'sample');
    // Preferences are GSettings: set the style before the app starts.
    await run('gsettings', ['set', 'org.sovereign.Sovereign', 'color-scheme', 'dark'], { env: appEnv(display, '/dev/null') });
    app = new SovereignApp(display, 'dialogs');
    await app.until('the canvas', (w) => w.view === 'canvas' && w.frames > 0);
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('the dark style from GSettings applies to the window and the canvas', async () => {
    await waitFor('a dark window', async () => {
      const file = await screenshot(display, 'window-dark');
      const { stdout } = await run('convert', [file, '-crop', '400x300+300+250', '-colorspace', 'Gray', '-format', '%[fx:mean]', 'info:']);
      return Number(stdout) < 0.35 || undefined;
    }, 8_000);
  });

  test('Ctrl+, opens Preferences, which shows the database location', async () => {
    await xdotool(display, 'key', 'ctrl+comma');
    await waitFor('the Preferences window', async () => (await windowTitles(display, app)).includes('Preferences') || undefined);
    await firstPaint();
    await screenshot(display, 'preferences');
    // The workspace was seeded into this display's data home: the row must
    // show the folder there that really holds the database (rocksdb keeps a
    // CURRENT file in it).
    const dataHome = path.join(display.home, 'data');
    const preferences = await accessibleWindow(display, 'Preferences', (names) => names.includes('Database Location'));
    const shown = namesIn(preferences).filter((name) => name.startsWith(`${dataHome}/`));
    assert.equal(shown.length, 1, `paths shown: ${JSON.stringify(namesIn(preferences))}`);
    assert.ok(fs.existsSync(path.join(shown[0]!, 'CURRENT')), `${shown[0]} holds no database`);
    await xdotool(display, 'key', 'Escape');
    await waitFor('Preferences closed', async () => !(await windowTitles(display, app)).includes('Preferences') || undefined);
  });

  test('the Air Gap switch in Preferences turns the air gap on for the command line too, and Check Now shows no outbound connection', async () => {
    const airGapOn = async () => {
      const { stdout } = await run(process.execPath, [cliEntry, 'airgap', 'status', '--json'], { env: display.env });
      return (JSON.parse(stdout) as { airGap: { enabled: boolean } }).airGap.enabled;
    };
    assert.equal(await airGapOn(), false);
    await xdotool(display, 'key', 'ctrl+comma');
    const preferences = await accessibleWindow(display, 'Preferences', (names) => names.includes('Air Gap'));
    const named = [...walk(preferences)].filter((node) => node.name.startsWith('Air Gap'));
    const toggle = named.find((node) => ['switch', 'toggle button', 'check box'].includes(node.role));
    assert.ok(toggle, `no Air Gap switch among ${JSON.stringify(named.map((node) => [node.role, node.name]))}`);
    assert.equal(toggle.name, 'Air Gap', 'a screen reader announces the switch by its row title');
    await pressAccessible(display, 'Preferences', toggle.name, toggle.role);
    await waitFor('the air gap switched on', async () => (await airGapOn()) || undefined, 10_000);

    await pressAccessible(display, 'Preferences', 'Check Now');
    const checked = await accessibleWindow(display, 'Preferences', (names) => names.some((name) => /^0 outbound connections in \d+ Sovereign processes$/.test(name)));
    await screenshot(display, 'preferences-air-gap');
    assert.ok(namesIn(checked).includes('Check Now'));
    await xdotool(display, 'key', 'Escape');
    await waitFor('Preferences closed', async () => !(await windowTitles(display, app)).includes('Preferences') || undefined);
  });

  test('a search prefix applied in Preferences is the one the Shell\'s next search answers to', async () => {
    const bus = connect(display.busAddress);
    try {
      const initial = async (terms: string[]) => ((await call(bus, { ...PROVIDER, member: 'GetInitialResultSet', signature: 'as', body: [terms] }))[0] as string[]).length;
      await waitFor('the Shell search answering', async () => ((await initial(['sov:', 'budget'])) > 0 ? true : undefined), 30_000);
      assert.equal(await initial(['notes:', 'budget']), 0);
      await xdotool(display, 'key', 'ctrl+comma');
      const preferences = await accessibleWindow(display, 'Preferences', (names) => names.includes('Search Prefix'));
      assert.ok([...walk(preferences)].some((node) => node.name === 'Search Prefix' && node.role === 'text'));
      // Preferences opens on its first row (Style); the next in the keyboard's order is the prefix's field.
      await xdotool(display, 'key', 'Tab');
      await xdotool(display, 'key', 'ctrl+a');
      await xdotool(display, 'type', 'notes:');
      await xdotool(display, 'key', 'Return');
      await waitFor('the new prefix answering', async () => ((await initial(['notes:', 'budget'])) > 0 ? true : undefined), 15_000);
      assert.equal(await initial(['sov:', 'budget']), 0);
      await xdotool(display, 'key', 'Escape');
      await waitFor('Preferences closed', async () => !(await windowTitles(display, app)).includes('Preferences') || undefined);
    } finally {
      bus.disconnect();
    }
  });

  test('Ctrl+? opens the keyboard shortcuts', async () => {
    await xdotool(display, 'key', 'ctrl+question');
    await waitFor('the shortcuts window', async () => (await windowTitles(display, app)).length > 1 || undefined);
    await firstPaint();
    await screenshot(display, 'shortcuts');
    await xdotool(display, 'key', 'Escape');
    await waitFor('shortcuts closed', async () => (await windowTitles(display, app)).length === 1 || undefined);
  });

  test('the app menu opens About Sovereign, which names the app and its version', async () => {
    const before = await windowTitles(display, app);
    await xdotool(display, 'key', 'F10');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await screenshot(display, 'app-menu');
    // The menu's last item: About.
    await xdotool(display, 'key', 'Up', 'Return');
    await waitFor('the About window', async () => (await windowTitles(display, app)).length > 1 || undefined);
    await firstPaint();
    await screenshot(display, 'about');
    const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const title = (await windowTitles(display, app)).find((t) => !before.includes(t)) ?? '';
    const about = await accessibleWindow(display, title, (names) => names.includes('Sovereign'));
    const names = namesIn(about);
    assert.ok(names.includes('Sovereign'), `the About window names the app: ${JSON.stringify(names)}`);
    assert.ok(names.includes(version), `the About window shows version ${version}: ${JSON.stringify(names)}`);
  });
});
