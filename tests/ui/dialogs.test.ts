import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { SovereignApp, appEnv, seedWorkspace } from './support/sovereign-app.js';

const run = promisify(execFile);
/** A new window maps before its first frame is drawn; screenshots wait for that. */
const firstPaint = () => new Promise((resolve) => setTimeout(resolve, 800));

/** The visible top-level windows of the app, by title. */
async function windowTitles(display: TestDisplay, app: SovereignApp): Promise<string[]> {
  const ids = (await xdotool(display, 'search', '--onlyvisible', '--pid', String(app.child.pid)).catch(() => '')).split('\n').filter(Boolean);
  return Promise.all(ids.map((id) => xdotool(display, 'getwindowname', id)));
}

describe('preferences, shortcuts, about and the dark style', () => {
  let display: TestDisplay;
  let app: SovereignApp;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
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
    await xdotool(display, 'key', 'Escape');
    await waitFor('Preferences closed', async () => !(await windowTitles(display, app)).includes('Preferences') || undefined);
  });

  test('Ctrl+? opens the keyboard shortcuts', async () => {
    await xdotool(display, 'key', 'ctrl+question');
    await waitFor('the shortcuts window', async () => (await windowTitles(display, app)).length > 1 || undefined);
    await firstPaint();
    await screenshot(display, 'shortcuts');
    await xdotool(display, 'key', 'Escape');
    await waitFor('shortcuts closed', async () => (await windowTitles(display, app)).length === 1 || undefined);
  });

  test('the app menu opens About Sovereign', async () => {
    await xdotool(display, 'key', 'F10');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await screenshot(display, 'app-menu');
    // The menu's last item: About.
    await xdotool(display, 'key', 'Up', 'Return');
    await waitFor('the About window', async () => (await windowTitles(display, app)).length > 1 || undefined);
    await firstPaint();
    await screenshot(display, 'about');
    const titles = await windowTitles(display, app);
    assert.ok(titles.length >= 2, `windows: ${titles.join(', ')}`);
  });
});
