import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { cliEntry } from '../support/repo.js';
import { startDisplay, xdotool, type TestDisplay } from './support/display.js';
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
});
