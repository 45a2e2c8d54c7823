import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { drawWithoutGlWhereNoGpu, hasGpuDevice } from '../../../src/ui/gpu-devices.js';

describe('drawing without OpenGL where there is no GPU', () => {
  let dev: string;
  beforeEach(() => {
    dev = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-dev-'));
  });
  afterEach(() => {
    fs.rmSync(dev, { recursive: true, force: true });
  });
  const node = (...parts: string[]) => {
    fs.mkdirSync(path.dirname(path.join(dev, ...parts)), { recursive: true });
    fs.writeFileSync(path.join(dev, ...parts), '');
  };

  test('a machine with no GPU device node gets GL turned off and the cairo renderer', () => {
    node('null');
    node('tty0');
    const env: NodeJS.ProcessEnv = {};
    assert.equal(drawWithoutGlWhereNoGpu(env, dev), true);
    assert.deepEqual(env, { GDK_DEBUG: 'gl-disable', GSK_RENDERER: 'cairo' });
  });

  test('an empty /dev/dri (no card, no render node) is no GPU', () => {
    fs.mkdirSync(path.join(dev, 'dri'));
    node('dri', 'by-path');
    assert.equal(hasGpuDevice(dev), false);
  });

  test('a render node, a card, or a GPU driver outside /dev/dri (NVIDIA, WSL, Mali) keeps GL for GTK to decide', () => {
    for (const parts of [['dri', 'renderD128'], ['dri', 'card0'], ['nvidia0'], ['nvidiactl'], ['dxg'], ['mali0']]) {
      fs.rmSync(dev, { recursive: true, force: true });
      fs.mkdirSync(dev);
      node(...parts);
      const env: NodeJS.ProcessEnv = {};
      assert.equal(drawWithoutGlWhereNoGpu(env, dev), false, parts.join('/'));
      assert.deepEqual(env, {}, parts.join('/'));
    }
  });

  test("the user's own choices win: GSK_RENDERER, GL flags in GDK_DEBUG, a canvas forced onto GL", () => {
    for (const env of [{ GSK_RENDERER: 'ngl' }, { GDK_DEBUG: 'gl-glx' }, { SOVEREIGN_CANVAS_PRESENTER: 'gl' }] as NodeJS.ProcessEnv[]) {
      const before = { ...env };
      assert.equal(drawWithoutGlWhereNoGpu(env, dev), false, JSON.stringify(before));
      assert.deepEqual(env, before);
    }
  });

  test('other GDK_DEBUG flags are kept beside gl-disable', () => {
    const env: NodeJS.ProcessEnv = { GDK_DEBUG: 'events' };
    drawWithoutGlWhereNoGpu(env, dev);
    assert.equal(env['GDK_DEBUG'], 'events,gl-disable');
  });
});
