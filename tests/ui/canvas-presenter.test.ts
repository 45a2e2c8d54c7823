import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot } from '../support/repo.js';
import { JsonLineProcess } from './support/app-process.js';
import { screenshot, startDisplay, waitFor, type TestDisplay } from './support/display.js';
import { colourfulFraction } from './support/png.js';

const presenterApp = path.join(repoRoot, 'build', 'tests', 'ui', 'support', 'presenter-app.js');
const MiB = 1024 * 1024;

describe('the canvas view presents CanvasKit frames', () => {
  let display: TestDisplay;
  before(async () => {
    display = await startDisplay({ width: 1000, height: 700 });
  });
  after(async () => {
    await display?.close();
  });

  test('without any GL the canvas falls back to cairo nodes and still reaches the screen', async () => {
    // gl-disable makes every GL context fail, as on a machine with no GL at all; GTK then draws with cairo.
    const env: NodeJS.ProcessEnv = { ...display.env, GDK_DEBUG: 'gl-disable' };
    delete env['SOVEREIGN_CANVAS_PRESENTER'];
    delete env['GSK_RENDERER'];
    const app = new JsonLineProcess(process.execPath, [presenterApp], env);
    try {
      const ready = await app.next('ready', 120_000);
      assert.equal(ready['presenter'], 'cairo');
      const shot = await waitFor('the CanvasKit squares on screen', async () => {
        const file = await screenshot(display, 'canvas-presenter-no-gl');
        return colourfulFraction(file) > 0.02 ? file : undefined;
      }, 5_000);
      assert.ok(shot);
    } finally {
      await app.stop();
    }
  });

  for (const presenter of ['gl', 'cairo', 'memory'] as const) {
    test(`${presenter}: frames reach the screen and two runs of 200 animated frames keep memory flat`, async (t) => {
      // The cairo and texture presenters serve GTK's cairo renderer (software GL, or none): test them under it.
      const env = { ...display.env, SOVEREIGN_CANVAS_PRESENTER: presenter, ...(presenter === 'gl' ? {} : { GSK_RENDERER: 'cairo' }) };
      const app = new JsonLineProcess(process.execPath, [presenterApp], env);
      try {
        const ready = await app.next('ready', 120_000);
        assert.equal(ready['presenter'], presenter);
        // The first frame is queued; give the compositor a moment to put it on screen.
        const shot = await waitFor('the CanvasKit squares on screen', async () => {
          const file = await screenshot(display, `canvas-presenter-${presenter}`);
          return colourfulFraction(file) > 0.02 ? file : undefined;
        }, 5_000);
        assert.ok(shot);

        // Cairo makes a surface per frame with malloc, whose heap reaches its working size later (see below).
        app.send({ cmd: 'animate', frames: presenter === 'cairo' ? 400 : 30 });
        const warm = await app.next('animated', 120_000);
        app.send({ cmd: 'animate', frames: 200 });
        const settled = await app.next('animated', 240_000);
        app.send({ cmd: 'animate', frames: 200 });
        const done = await app.next('animated', 240_000);
        const presented = (done['frames'] as number) - (settled['frames'] as number);
        // Every animation step is one frame on screen, with either presenter: the
        // texture fallback waits for the previous texture to be freed rather than
        // skipping a step, so a run of 200 steps is 200 presented frames.
        assert.ok(presented >= 200, `${presented} of 200 animation steps were presented`);
        // The warm-up and the first 200 frames let the allocators reach their
        // working size (under load that alone was seen at ~30 MiB; with cairo
        // ~50 MiB, most of it between frames 200 and 400, up to ~14 MiB more
        // until frame 600, then flat over 600 more); the next 200 must not grow. A leaked frame buffer per frame
        // would be ~2 MiB a frame here, over 350 MiB in all.
        const warmUp = ((settled['rss'] as number) - (warm['rss'] as number)) / MiB;
        const growth = ((done['rss'] as number) - (settled['rss'] as number)) / MiB;
        const path3 = (key: string) => [warm, settled, done].map((state) => (Number(state[key]) / MiB).toFixed(0)).join(' -> ');
        t.diagnostic(
          `${presenter}: ${presented} frames presented, RSS ${path3('rss')} MiB (anonymous ${path3('rssAnon')}, shared ${path3('rssShmem')}, V8 heap ${path3('v8Physical')}, CanvasKit WASM ${path3('wasm')})`,
        );
        assert.ok(warmUp < 64, `RSS grew ${warmUp.toFixed(1)} MiB over the first 200 frames after the warm-up`);
        assert.ok(growth < 24, `RSS grew ${growth.toFixed(1)} MiB over the second 200 frames after the warm-up`);
      } finally {
        await app.stop();
      }
    });
  }
});
