import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { cliEntry } from '../support/repo.js';
import { screenshot, startDisplay, xdotool, type TestDisplay } from './support/display.js';
import { SovereignApp, appEnv } from './support/sovereign-app.js';

const run = promisify(execFile);

/**
 * Calls a method of the app's D-Bus interface, waiting until the app owns its name (it does once the workspace is open).
 * ImportFile answers once the new document is findable, after the search index has taken the 50 MB document: that is
 * tokenised in a worker thread now, so the window answers meanwhile, but on a loaded machine it takes longer than
 * gdbus's default 25 s (before, the window itself was held for that long instead).
 */
async function callApp(display: TestDisplay, method: string, argument: string): Promise<string> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const { stdout } = await run('gdbus', ['call', '--session', '--timeout', '300', '-d', 'org.sovereign.Sovereign', '-o', '/org/sovereign/Sovereign', '-m', `org.sovereign.Sovereign.${method}`, argument], { env: display.env });
      return stdout;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      if (!stderr.includes('ServiceUnknown') || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

describe('the editor with documents it cannot edit', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let hugeId = '';
  let importedId = '';
  let longId = '';

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    const env = appEnv(display, path.join(display.home, 'unused-probe.json'));
    // 50 MB of markdown: far more than a text view can hold without freezing the window.
    const paragraph = '## Section\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n\n';
    const huge = path.join(display.home, 'huge.md');
    fs.writeFileSync(huge, paragraph.repeat(Math.ceil((50 * 1024 * 1024) / paragraph.length)));
    // Without --json it prints just the new id.
    const added = await run(process.execPath, [cliEntry, 'doc', 'add', 'Huge log', '--file', huge], { env, timeout: 300_000 });
    hugeId = added.stdout.trim();
    // 1 MB: editable, but too long to highlight without stalling the typing.
    const long = path.join(display.home, 'long.md');
    fs.writeFileSync(long, '## Entry\n\nA *long* note with `code` and a [link](https://example.org).\n\n'.repeat(14_000));
    longId = (await run(process.execPath, [cliEntry, 'doc', 'add', 'Long journal', '--file', long], { env, timeout: 300_000 })).stdout.trim();
    app = new SovereignApp(display, 'editor-bad-input');
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('a 50 MB document opens read-only with a message saying why, and the window keeps answering', async () => {
    await app.until('the canvas', (w) => w.view === 'canvas' && w.frames > 0, 180_000);
    await callApp(display, 'OpenDocument', hugeId);
    const opened = await app.until('the huge document shown read-only', (w) => w.panelStates.some((p) => p.id === hugeId && p.shows === 'too-large'), 120_000);
    assert.equal(opened.panelStates.find((p) => p.id === hugeId)!.editor, null, 'no editor holds the 50 MB');
    // The window still takes keys: a new note opens with the cursor in it.
    await xdotool(display, 'key', 'ctrl+n');
    await app.until('a new note focused', (w) => w.panelStates.some((p) => p.editor?.focused === true));
  });

  test('an imported document opens read-only with Make It Mine, and a file that is not UTF-8 is refused by name', async () => {
    const good = path.join(display.home, 'Field notes.md');
    fs.writeFileSync(good, '# Field notes\n\nBirds seen today.\n');
    const bad = path.join(display.home, 'latin1.md');
    fs.writeFileSync(bad, Buffer.from([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a]));
    const stdout = await callApp(display, 'ImportFile', good);
    importedId = /'([^']+)'/.exec(stdout)![1]!;
    await callApp(display, 'OpenDocument', importedId);
    const opened = await app.until('the imported document', (w) => w.panelStates.some((p) => p.id === importedId && p.shows === 'external'));
    assert.equal(opened.panelStates.find((p) => p.id === importedId)!.editor, null);
    const refused = await callApp(display, 'ImportFile', bad).then(
      () => '',
      (error: { stderr: string }) => error.stderr,
    );
    assert.match(refused, /latin1\.md is not valid UTF-8 text \(the first invalid byte is at offset \d+\)/);
  });

  test('a 1 MB note opens editable without highlighting, says so in its footer, and saves what is typed', async () => {
    await callApp(display, 'OpenDocument', longId);
    const opened = await app.until('the long note in the editor', (w) => w.panelStates.some((p) => p.id === longId && p.firstPaintMs !== null && p.editor !== null));
    const panel = opened.panels.find((p) => p.id === longId)!;
    const before = opened.panelStates.find((p) => p.id === longId)!.editor!;
    assert.equal(before.highlighted, false);
    assert.match(before.footer, /Highlighting is off in a document this long/);
    const point = await app.screenPoint(panel.x + panel.width / 2, panel.y + 260);
    await xdotool(display, 'mousemove', String(point.x), String(point.y));
    await xdotool(display, 'click', '1');
    await app.until('the long note focused', (w) => w.panelStates.find((p) => p.id === longId)?.editor?.focused === true);
    await xdotool(display, 'type', 'typed');
    const saved = await app.until('the typing saved', (w) => {
      const editor = w.panelStates.find((p) => p.id === longId)?.editor;
      return editor?.length === before.length + 'typed'.length && editor.saveState === 'saved';
    }, 30_000);
    assert.match(saved.panelStates.find((p) => p.id === longId)!.editor!.footer, /Saved · Highlighting is off/);
    // Counted off the main loop once the typing pauses: the footer then shows the note's size, never "0 words" for it.
    const counted = (await app.until('the long note counted', (w) => (w.panelStates.find((p) => p.id === longId)?.editor?.words ?? null) !== null, 30_000))
      .panelStates.find((p) => p.id === longId)!.editor!;
    assert.ok(counted.words! >= 14_000, `${counted.words} words in 14,000 entries`);
    assert.equal(counted.characters, counted.length, 'an ASCII note has as many characters as code units');
    assert.match(counted.footer, /^[\d,.]+ words · [\d,.]+ characters · Saved · Highlighting is off/);
    await screenshot(display, 'editor-long-note');
    // A short note is highlighted as before.
    await xdotool(display, 'key', 'ctrl+n');
    const note = await app.until('a new note', (w) => w.panelStates.some((p) => p.id !== longId && p.editor?.focused === true));
    const short = note.panelStates.find((p) => p.id !== longId && p.editor?.focused === true)!.editor!;
    assert.equal(short.highlighted, true);
    assert.doesNotMatch(short.footer, /Highlighting/);
  });
});
