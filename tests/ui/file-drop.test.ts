import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot } from '../support/repo.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { SovereignApp } from './support/sovereign-app.js';

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
    const script = path.join(repoRoot, 'tests', 'ui', 'support', 'file-drag-source.py');
    source = spawn('/usr/bin/python3', [script, path.join(folder, 'Trip.md'), path.join(folder, 'shopping.txt')], { env: display.env, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => source!.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('READY') && resolve()));
    const geometryOf = async (pid: number) => {
      const id = (await xdotool(display, 'search', '--sync', '--onlyvisible', '--pid', String(pid))).split('\n')[0]!;
      const shell = await xdotool(display, 'getwindowgeometry', '--shell', id);
      const value = (key: string) => Number(new RegExp(`${key}=(-?\\d+)`).exec(shell)?.[1] ?? 0);
      return { x: value('X'), y: value('Y'), width: value('WIDTH'), height: value('HEIGHT') };
    };
    const sourceWindow = await geometryOf(source.pid!);
    const from = { x: sourceWindow.x + Math.round(sourceWindow.width / 2), y: sourceWindow.y + Math.round(sourceWindow.height / 2) };
    // Far from the source window, which sits over the top-left corner.
    const target = await geometryOf(app.child.pid!);
    const to = { x: target.x + target.width - 200, y: target.y + target.height - 200 };

    await xdotool(display, 'mousemove', String(from.x), String(from.y));
    await xdotool(display, 'mousedown', '1');
    for (let step = 1; step <= 12; step++) {
      await xdotool(display, 'mousemove', String(Math.round(from.x + ((to.x - from.x) * step) / 12)), String(Math.round(from.y + ((to.y - from.y) * step) / 12)));
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    await xdotool(display, 'mouseup', '1');

    const after = await app.until('the dropped files imported', (w) => w.documents === 2, 60_000);
    assert.equal(after.documents, 2);
    await waitFor('the toast', () => app.probe()?.window?.toast?.includes('Imported 2 documents') || undefined, 10_000);
    await app.until('the progress bar gone', (w) => !w.importing);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await screenshot(display, 'file-drop');
  });
});
