import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../support/repo.js';
import { xdotool, type TestDisplay } from './display.js';

/** Where a process's (first visible) window is on the screen. */
export async function geometryOf(display: TestDisplay, pid: number): Promise<{ x: number; y: number; width: number; height: number }> {
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
export async function dragFiles(display: TestDisplay, files: readonly string[], to: { x: number; y: number }): Promise<ChildProcess> {
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
