import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { PROFILE_FILE_NAME, UserProfile } from '../../src/assistant/index.js';
import { resolvePaths } from '../../src/core/index.js';
import { repoRoot } from '../support/repo.js';
import { screenshot, startDisplay, xdotool, type TestDisplay } from './support/display.js';
import { typeText } from './support/keyboard.js';
import { SovereignApp } from './support/sovereign-app.js';

// The command bar asks the slower readers (the built-in sentence encoder
// here; no chat model is installed) about what the fast path does not know,
// without holding up the window, and acts on their answer.

const run = promisify(execFile);

async function click(app: SovereignApp, bounds: { x: number; y: number; width: number; height: number }): Promise<void> {
  const point = await app.screenPoint(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2);
  await xdotool(app.display, 'mousemove', String(point.x), String(point.y));
  await xdotool(app.display, 'click', '1');
}

describe('the command bar reads unknown phrasings by meaning', () => {
  let display: TestDisplay;
  let app: SovereignApp;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    const seed = path.join(repoRoot, 'build', 'tests', 'ui', 'support', 'seed-assistant-workspace.js');
    await run(process.execPath, [seed, display.home], { env: display.env, timeout: 300_000 });
    app = new SovereignApp(display, 'command-bar-fallback');
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('"spin up an empty page called Trip", which the lexicon does not know, is proposed as creating "Trip" and Enter creates and opens it', async () => {
    await app.until('the canvas', (w) => w.view === 'canvas' && w.frames > 0);
    await xdotool(display, 'key', 'ctrl+k');
    await app.until('the command bar focused', (w) => w.commandBar.visible && w.commandBar.focused);
    const text = 'spin up an empty page called Trip';
    await typeText(display, text);

    // The fast answer comes at once: a question, while the encoder reads the text in the background.
    const first = await app.until('the rows for the whole text', (w) => w.commandBar.routedText === text && w.commandBar.rows.length > 0);
    if (first.commandBar.thinking) {
      assert.equal(first.commandBar.rows[0]!.kind, 'message', 'while thinking, the bar shows the fast path\'s question');
      await screenshot(display, 'command-bar-thinking');
    }
    const read = await app.until('the reading by meaning', (w) => !w.commandBar.thinking && w.commandBar.rows[0]?.kind === 'proposal', 60_000);
    assert.deepEqual(read.commandBar.rows[0], { kind: 'proposal', label: 'Create ‘Trip’' });
    await screenshot(display, 'command-bar-read-by-meaning');

    await xdotool(display, 'key', 'Return');
    const created = await app.until('the new note open', (w) => !w.commandBar.visible && w.panelStates.some((p) => p.title === 'Trip'));
    assert.ok(created.toasts.some((toast) => toast.includes('Trip')), created.toasts.join(' | '));
  });

  test('text typed on while the encoder reads is routed afresh: the bar answers what is in the entry now', async () => {
    // The new note's editor has the keys (Ctrl+K makes a link there): the Ask button opens the bar from anywhere.
    const window = await app.until('the Ask button', (w) => w.askButton !== null);
    await click(app, window.askButton!);
    await app.until('the command bar focused', (w) => w.commandBar.visible && w.commandBar.focused && w.commandBar.text === '');
    await typeText(display, 'spin up an empty page called Lists');
    await xdotool(display, 'key', 'BackSpace');
    const now = await app.until('the rows for the text in the entry', (w) => w.commandBar.routedText === w.commandBar.text && w.commandBar.text.length > 0 && !w.commandBar.thinking && w.commandBar.rows.length > 0, 60_000);
    assert.equal(now.commandBar.text, 'spin up an empty page called List');
    assert.deepEqual(now.commandBar.rows[0], { kind: 'proposal', label: 'Create ‘List’' });
  });

  test('editing a proposed command so that it acts on another document counts as a correction in the profile', async () => {
    const profileFile = path.join(resolvePaths(display.env).dataDir, PROFILE_FILE_NAME);
    const before = (await UserProfile.open(profileFile)).counts().corrected;
    await xdotool(display, 'key', 'ctrl+a');
    await typeText(display, 'delete lasagne recipe');
    const proposed = await app.until('the proposal', (w) => w.commandBar.routedText === 'delete lasagne recipe' && !w.commandBar.thinking && w.commandBar.rows[0]?.kind === 'proposal');
    assert.deepEqual(proposed.commandBar.rows[0], { kind: 'proposal', label: 'Delete ‘Lasagne recipe’…' });
    for (let i = 0; i < 'lasagne recipe'.length; i++) await xdotool(display, 'key', 'BackSpace');
    await typeText(display, 'tile quotes');
    await app.until('the edited proposal', (w) => w.commandBar.routedText === 'delete tile quotes' && w.commandBar.rows[0]?.label === 'Delete ‘Tile quotes’…');
    await xdotool(display, 'key', 'Return');
    await app.until('the confirmation', (w) => w.commandBar.rows.some((row) => row.kind === 'confirm'));
    await xdotool(display, 'key', 'Return');
    await app.until('the document deleted', (w) => !w.commandBar.visible && w.toasts.some((toast) => toast.includes('Tile quotes')));
    const after = await UserProfile.open(profileFile);
    assert.equal(after.counts().corrected, before + 1);
  });
});
