import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { choosePresenter } from '../../../src/ui/canvas/presenter-choice.js';

describe('which presenter shows the canvas', () => {
  test('where GTK draws with its cairo renderer (software GL), the canvas is painted as cairo nodes, not read back from GL', () => {
    assert.deepEqual(choosePresenter({ GSK_RENDERER: 'cairo' }), { kind: 'cairo' });
  });

  test('where GTK draws with GL (a real GPU, or the renderer left to GTK), the canvas is a GL texture', () => {
    assert.deepEqual(choosePresenter({}), { kind: 'gl' });
    assert.deepEqual(choosePresenter({ GSK_RENDERER: 'ngl' }), { kind: 'gl' });
  });

  test('SOVEREIGN_CANVAS_PRESENTER forces any of the three presenters, whatever the renderer', () => {
    assert.deepEqual(choosePresenter({ GSK_RENDERER: 'cairo', SOVEREIGN_CANVAS_PRESENTER: 'gl' }), { kind: 'gl' });
    assert.deepEqual(choosePresenter({ SOVEREIGN_CANVAS_PRESENTER: 'cairo' }), { kind: 'cairo' });
    assert.deepEqual(choosePresenter({ GSK_RENDERER: 'cairo', SOVEREIGN_CANVAS_PRESENTER: 'memory' }), { kind: 'memory' });
  });

  test('a SOVEREIGN_CANVAS_PRESENTER that names no presenter is reported and the renderer decides', () => {
    assert.deepEqual(choosePresenter({ GSK_RENDERER: 'cairo', SOVEREIGN_CANVAS_PRESENTER: 'texture' }), { kind: 'cairo', ignored: 'texture' });
    assert.deepEqual(choosePresenter({ SOVEREIGN_CANVAS_PRESENTER: 'GL' }), { kind: 'gl', ignored: 'GL' });
  });
});
