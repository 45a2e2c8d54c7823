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

/** Every name the app shows in any of its windows (the dialog included). */
async function shownNames(display: TestDisplay): Promise<string[]> {
  return (await accessibleTree(display)).children.flatMap((window) => namesIn(window));
}

describe('locking a vault while its window is open', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  const cli = (...args: string[]) => run(process.execPath, [cliEntry, ...args], { env: appEnv(display, path.join(display.home, 'cli-probe.json')), timeout: 120_000 });

  const unlock = async () => {
    await waitFor('the unlock dialog', async () => (await shownNames(display)).includes('Unlock Sovereign') || undefined, 90_000);
    // The entry has the focus once the dialog is mapped.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await typeText(display, PASSPHRASE);
    await xdotool(display, 'key', 'Return');
  };

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    delete display.env['NO_AT_BRIDGE'];
    await seedWorkspace(display, 'sample');
    const passphraseFile = path.join(display.home, 'passphrase');
    fs.writeFileSync(passphraseFile, `${PASSPHRASE}\n`);
    await cli('vault', 'create', '--passphrase-file', passphraseFile);
    app = new SovereignApp(display, 'vault-lock');
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('`sovereign vault lock` empties the window and asks for the passphrase again; after the unlock the documents and the text typed last are back', async () => {
    await unlock();
    await app.until('the documents on the canvas', (w) => w.documents > 0 && w.view === 'canvas' && w.frames > 0, 90_000);
    await xdotool(display, 'key', 'ctrl+n');
    const opened = await app.until('a new note with a focused editor', (w) => w.panelStates.some((p) => p.editor?.focused === true));
    const noteId = opened.panelStates.find((p) => p.editor?.focused)!.id;
    const typed = 'Locked away at dawn';
    await typeText(display, typed);
    // Locked as soon as the editor holds the text, before its autosave could store it.
    const typing = await app.until('the text in the editor', (w) => w.panelStates.find((p) => p.id === noteId)?.editor?.text === typed, 20_000);
    const titles = Object.values(typing.cards).flatMap((card) => (card.title ? [card.title] : []));
    assert.ok(titles.length > 0, 'the canvas showed the sample documents');
    await screenshot(display, 'vault-lock-before');

    assert.equal((await cli('vault', 'lock')).stdout.trim(), 'Sovereign is locked.');

    await waitFor('the unlock dialog again', async () => (await shownNames(display)).includes('Unlock Sovereign') || undefined, 30_000);
    const locked = await app.until('an empty window', (w) => w.documents === 0 && w.panels.length === 0);
    assert.deepEqual(locked.panelStates, []);
    const shown = await shownNames(display);
    assert.deepEqual(
      titles.filter((title) => shown.includes(title)),
      [],
      'no document title is shown while locked',
    );
    await screenshot(display, 'vault-lock-locked');

    await unlock();
    const back = await app.until('the note open again after the unlock', (w) => w.documents > 0 && w.panelStates.find((p) => p.id === noteId)?.editor?.text !== undefined, 90_000);
    assert.equal(back.panelStates.find((p) => p.id === noteId)!.editor!.text, typed);
    await waitFor('the dialog gone', async () => !(await shownNames(display)).includes('Unlock Sovereign') || undefined, 20_000);
    await screenshot(display, 'vault-lock-unlocked');
  });

  test('the main menu offers Lock Vault while unlocked, and Ctrl+Alt+L locks the window', async () => {
    await app.until('the documents on the canvas', (w) => w.documents > 0 && w.view === 'canvas' && w.frames > 0, 90_000);
    // F10 opens the primary menu.
    await xdotool(display, 'key', 'F10');
    await waitFor('Lock Vault in the menu', async () => (await shownNames(display)).includes('Lock Vault') || undefined, 20_000);
    await screenshot(display, 'vault-lock-menu');
    await xdotool(display, 'key', 'Escape');
    await xdotool(display, 'key', 'ctrl+alt+l');
    await waitFor('the unlock dialog after Ctrl+Alt+L', async () => (await shownNames(display)).includes('Unlock Sovereign') || undefined, 30_000);
    await app.until('an empty window after Ctrl+Alt+L', (w) => w.documents === 0 && w.panels.length === 0);
  });

  test('with Lock after idle set to a few seconds, the window locks itself when nobody uses it', async () => {
    const setIdle = (seconds: number) => run('gsettings', ['set', 'org.sovereign.Sovereign', 'vault-lock-after-idle', String(seconds)], { env: appEnv(display, '/dev/null') });
    await setIdle(5);
    try {
      // The countdown starts at the unlock, which comes after this.
      const beforeUnlock = Date.now();
      await unlock();
      await app.until('the documents back', (w) => w.documents > 0, 90_000);
      // Nothing touches the window from here on.
      await waitFor('the unlock dialog after the idle time', async () => (await shownNames(display)).includes('Unlock Sovereign') || undefined, 60_000);
      await app.until('an empty window after the idle lock', (w) => w.documents === 0);
      assert.ok(Date.now() - beforeUnlock >= 5000, 'not locked before the idle time');
    } finally {
      await setIdle(0);
    }
  });

  test('the window locks when the session’s screen locks (org.gnome.ScreenSaver ActiveChanged)', async () => {
    await unlock();
    await app.until('the documents back', (w) => w.documents > 0, 90_000);
    await waitFor('the dialog gone', async () => !(await shownNames(display)).includes('Unlock Sovereign') || undefined, 20_000);
    await run('gdbus', ['emit', '--session', '--object-path', '/org/gnome/ScreenSaver', '--signal', 'org.gnome.ScreenSaver.ActiveChanged', 'true'], { env: display.env });
    await waitFor('the unlock dialog after the screen locked', async () => (await shownNames(display)).includes('Unlock Sovereign') || undefined, 30_000);
    await app.until('an empty window after the screen locked', (w) => w.documents === 0);
  });
});
