import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { PNG } from 'pngjs';
import { hasGpuDevice } from '../../src/ui/gpu-devices.js';
import { screenshot, startDisplay, waitFor, type TestDisplay } from './support/display.js';
import { SovereignApp, seedWorkspace } from './support/sovereign-app.js';

// Under Xvfb GTK draws with cairo, and the canvas then draws its frames in
// cairo's byte order (BGRA) with red and blue swapped in every colour it is
// given (src/canvas/render/pixel-order.ts). A colour that missed the swap,
// or a presenter that read the bytes in the wrong order, shows a thread's
// colour with its red and blue exchanged: orange turns blue, blue orange.

/** OpenGL's libraries as GDK loads them (libepoxy opens them when GL is first used), and Mesa's software rasteriser. */
const GL_LIBRARY = /\/(libGLX[^/]*|libEGL[^/]*|libGL\.so[^/]*|swrast_dri\.so|libLLVM[^/]*)$/;

/** The sample workspace's thread colours (src/workspace/sample-workspace.ts). */
const THREAD_COLOURS: readonly (readonly [number, number, number])[] = [
  [0x35, 0x84, 0xe4],
  [0x91, 0x41, 0xac],
  [0x33, 0xd1, 0x7a],
  [0xff, 0x78, 0x00],
  [0x98, 0x6a, 0x44],
];

function pixelsNear(png: PNG, colour: readonly number[], tolerance = 10): number {
  let n = 0;
  for (let o = 0; o < png.data.length; o += 4) {
    if (Math.abs(png.data[o]! - colour[0]!) <= tolerance && Math.abs(png.data[o + 1]! - colour[1]!) <= tolerance && Math.abs(png.data[o + 2]! - colour[2]!) <= tolerance) n++;
  }
  return n;
}

describe('the canvas on screen with cairo', () => {
  let display: TestDisplay;
  let app: SovereignApp;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    await seedWorkspace(display, 'sample');
    app = new SovereignApp(display, 'canvas-colours');
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('threads show in their own colours, not with red and blue swapped', async () => {
    const window = await app.until('the canvas drawn', (w) => w.view === 'canvas' && w.frames > 0 && w.documents > 0);
    assert.equal(window.presenter, 'cairo', 'Xvfb has software GL only: the window draws with cairo');
    const counts = await waitFor('the threads’ colours on screen', async () => {
      const png = PNG.sync.read(fs.readFileSync(await screenshot(display, 'canvas-colours')));
      const own = THREAD_COLOURS.map((c) => pixelsNear(png, c));
      const swapped = THREAD_COLOURS.map(([r, g, b]) => pixelsNear(png, [b, g, r]));
      return own.filter((n) => n >= 20).length >= 3 ? { own, swapped } : undefined;
    }, 20_000);
    const own = counts.own.reduce((a, b) => a + b, 0);
    const swapped = counts.swapped.reduce((a, b) => a + b, 0);
    assert.ok(swapped * 10 < own, `pixels in the threads' colours ${counts.own.join('/')}; with red and blue swapped ${counts.swapped.join('/')}`);
  });

  test('the window loads OpenGL only on a machine with a GPU device: without one (Xvfb, CI, most VMs) no software rasteriser is in its memory', async () => {
    await app.until('the canvas drawn', (w) => w.view === 'canvas' && w.frames > 0 && w.documents > 0);
    const mapped = new Set(
      fs
        .readFileSync(`/proc/${app.child.pid}/maps`, 'utf8')
        .split('\n')
        .map((line) => line.split(/\s+/)[5] ?? '')
        .filter((file) => GL_LIBRARY.test(file)),
    );
    if (hasGpuDevice()) assert.ok(mapped.size > 0, 'with a GPU device GDK keeps OpenGL');
    else assert.deepEqual([...mapped], [], 'no GPU device: GL libraries should not be loaded');
  });
});
