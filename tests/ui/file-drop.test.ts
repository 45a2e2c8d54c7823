import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliEntry, repoRoot } from '../support/repo.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { SovereignApp, appEnv } from './support/sovereign-app.js';

/** Where a process's (first visible) window is on the screen. */
async function geometryOf(display: TestDisplay, pid: number): Promise<{ x: number; y: number; width: number; height: number }> {
  const id = (await xdotool(display, 'search', '--sync', '--onlyvisible', '--pid', String(pid))).split('\n')[0]!;
  const shell = await xdotool(display, 'getwindowgeometry', '--shell', id);
  const value = (key: string) => Number(new RegExp(`${key}=(-?\\d+)`).exec(shell)?.[1] ?? 0);
  return { x: value('X'), y: value('Y'), width: value('WIDTH'), height: value('HEIGHT') };
}

/**
 * Drags files from another application (a GTK 4 window offering a
 * GdkFileList, as Files does) and drops them at a screen point, with the
 * pointer moving in steps as a hand would (GTK starts a drag only past its
 * threshold). The source window sits over the screen's top-left corner.
 */
async function dragFiles(display: TestDisplay, files: readonly string[], to: { x: number; y: number }): Promise<ChildProcess> {
  const script = path.join(repoRoot, 'tests', 'ui', 'support', 'file-drag-source.py');
  const source = spawn('/usr/bin/python3', [script, ...files], { env: display.env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => source.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('READY') && resolve()));
  const window = await geometryOf(display, source.pid!);
  const from = { x: window.x + Math.round(window.width / 2), y: window.y + Math.round(window.height / 2) };
  await xdotool(display, 'mousemove', String(from.x), String(from.y));
  await xdotool(display, 'mousedown', '1');
  for (let step = 1; step <= 12; step++) {
    await xdotool(display, 'mousemove', String(Math.round(from.x + ((to.x - from.x) * step) / 12)), String(Math.round(from.y + ((to.y - from.y) * step) / 12)));
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  await xdotool(display, 'mouseup', '1');
  return source;
}

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
