import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliEntry } from '../support/repo.js';
import { screenshot, startDisplay, waitFor, type TestDisplay } from './support/display.js';
import { dragFiles, geometryOf } from './support/file-drag.js';
import { SovereignApp, appEnv } from './support/sovereign-app.js';

describe('files dropped on the window', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let source: ChildProcess | undefined;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    app = new SovereignApp(display, 'file-drop');
  });

  after(async () => {
    source?.kill('SIGTERM');
    await app?.stop();
    await display?.close();
  });

  test('files dragged from another app and dropped on the window are imported, with a toast', async () => {
    // An empty workspace shows its welcome page: drops land on it as on the canvas.
    await app.until('the window', (w) => w.firstPaintAt !== null && w.view === 'empty');
    const folder = path.join(display.home, 'dropped');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'Trip.md'), '# Trip to the coast\n\nPacking list: boots.\n');
    fs.writeFileSync(path.join(folder, 'shopping.txt'), 'bread, apples');
    // Far from the source window, which sits over the top-left corner.
    const target = await geometryOf(display, app.child.pid!);
    source = await dragFiles(display, [path.join(folder, 'Trip.md'), path.join(folder, 'shopping.txt')], { x: target.x + target.width - 200, y: target.y + target.height - 200 });

    const after = await app.until('the dropped files imported', (w) => w.documents === 2, 60_000);
    assert.equal(after.documents, 2);
    await waitFor('the toast', () => app.probe()?.window?.toasts.some((toast) => toast.includes('Imported 2 documents')) || undefined, 10_000);
    await app.until('the progress bar gone', (w) => !w.importing);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await screenshot(display, 'file-drop');
  });
});

describe('files dropped on a thread row', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let source: ChildProcess | undefined;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    env = appEnv(display, path.join(display.home, 'unused-probe.json'));
    const cli = (...args: string[]) => execFileSync(process.execPath, [cliEntry, ...args], { env, encoding: 'utf8' });
    cli('thread', 'add', 'Travel');
    cli('doc', 'add', 'Packing list', '-c', 'boots', '--thread', 'Travel');
    app = new SovereignApp(display, 'file-drop-thread');
  });

  after(async () => {
    source?.kill('SIGTERM');
    await app?.stop();
    await display?.close();
  });

  test('a file dropped on a thread row is imported into that thread', async () => {
    await app.until('the canvas', (w) => w.view === 'canvas' && w.frames > 0 && w.canvasSize !== null);
    const file = path.join(display.home, 'Hotel booking.md');
    fs.writeFileSync(file, '# Hotel booking\n\nTwo nights by the harbour.\n');
    // The thread's row: its label column on the left, below the ruler (the only thread, so the first row).
    const row = await app.screenPoint(60, 150);
    source = await dragFiles(display, [file], row);
    await app.until('the dropped file imported', (w) => w.documents === 2, 60_000);
    await app.until('the import finished', (w) => !w.importing);
    // The window owns the database; close it before asking the command line.
    await app.stop();
    const listed = JSON.parse(execFileSync(process.execPath, [cliEntry, 'doc', 'ls', '--thread', 'Travel', '--json'], { env, encoding: 'utf8' })) as { items: { title: string }[] };
    assert.deepEqual(listed.items.map((doc) => doc.title).sort(), ['Hotel booking', 'Packing list']);
  });
});
