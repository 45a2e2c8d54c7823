import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chromeLayout } from '../../src/canvas/kernels/chrome.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { colourfulFraction } from './support/png.js';
import { SovereignApp, seedWorkspace } from './support/sovereign-app.js';

type Window = NonNullable<NonNullable<ReturnType<SovereignApp['probe']>>['window']>;

/** The centre of the canvas's content area (right of the thread labels, below the ruler), in widget coordinates. */
function contentCentre(window: Window): { x: number; y: number } {
  const size = window.canvasSize!;
  const { content } = chromeLayout(size.width * size.scale, size.height * size.scale, size.scale);
  return { x: (content.x + content.w / 2) / size.scale, y: (content.y + content.h / 2) / size.scale };
}

const settled = (window: Window) => !window.animating;

describe('the Sovereign window over a sample workspace', () => {
  let display: TestDisplay;
  let app: SovereignApp;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    await seedWorkspace(display, 'sample');
    app = new SovereignApp(display, 'first');
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('shows the canvas with the documents, presented as cairo nodes since Xvfb has no GPU', async () => {
    const window = await app.until('the canvas with frames', (w) => w.view === 'canvas' && w.frames > 0 && w.canvasOrigin !== null);
    // GTK draws the window with its cairo renderer without a GPU (gpu-devices.ts, software-renderer.ts); a GL texture would be read back on every repaint.
    assert.equal(window.presenter, 'cairo');
    assert.ok(window.documents >= 20, `the sample workspace has ${window.documents} documents`);
    // Thread colours and cards on screen: the canvas, not a blank or a spinner.
    await waitFor('the canvas on screen', async () => colourfulFraction(await screenshot(display, 'window-canvas')) > 0.002 || undefined, 5_000);
  });

  test('dragging the empty canvas pans and Ctrl+wheel zooms about the pointer', async () => {
    const before = await app.until('a settled camera', settled);
    const centre = contentCentre(before);
    // A point on the ruler is never a card: dragging from it pans.
    const start = await app.screenPoint(centre.x, 18);
    await xdotool(display, 'mousemove', String(start.x), String(start.y));
    await xdotool(display, 'mousedown', '1');
    for (let step = 1; step <= 6; step++) await xdotool(display, 'mousemove', String(start.x + step * 40), String(start.y));
    await xdotool(display, 'mouseup', '1');
    const panned = await app.until('the pan', (w) => w.viewport!.centerX < before.viewport!.centerX - 100 / before.viewport!.zoom);
    assert.ok(Math.abs(panned.viewport!.centerY - before.viewport!.centerY) < 1, 'a horizontal drag keeps the vertical position');

    await xdotool(display, 'keydown', 'ctrl');
    await xdotool(display, 'click', '4');
    await xdotool(display, 'click', '4');
    await xdotool(display, 'keyup', 'ctrl');
    const zoomed = await app.until('the zoom', (w) => w.viewport!.zoom > panned.viewport!.zoom * 1.1);
    assert.ok(zoomed.viewport!.zoom > panned.viewport!.zoom);
  });

  test('Home animates back to now; Tab selects a card and names it for assistive technology', async () => {
    await xdotool(display, 'key', 'Home');
    await app.until('the camera back at now', settled);
    await xdotool(display, 'key', 'Tab');
    const selected = await app.until('a selected card', (w) => w.selected !== null && w.focusedCardLabel !== '');
    assert.match(selected.focusedCardLabel, /(owned|external) document/);
  });

  test('a still window stops its frame clock; a camera move runs it until the camera lands', async () => {
    /** The window's frame count over two seconds, from probe states written after `from`. */
    const framesOver2s = async () => {
      const from = Date.now();
      const first = await app.until('a fresh state', () => (app.probe()?.time ?? 0) > from);
      const start = Date.now();
      const last = await app.until('a state two seconds on', () => (app.probe()?.time ?? 0) > start + 2000);
      return last.windowFrames - first.windowFrames;
    };
    await app.until('a settled camera', settled);
    // Before, a tick callback kept the frame clock at 60 frames a second for as long as
    // the window was open (120 in two seconds); a label or toast may still draw a few.
    const still = await framesOver2s();
    assert.ok(still < 20, `${still} frames in two still seconds`);
    const before = app.probe()!.window!;
    await xdotool(display, 'key', 'minus');
    const landed = await app.until('the zoom out landed', (w) => settled(w) && w.viewport!.zoom < before.viewport!.zoom);
    assert.ok(landed.windowFrames - before.windowFrames >= 5, `the zoom out ran ${landed.windowFrames - before.windowFrames} frames`);
    const after = await framesOver2s();
    assert.ok(after < 20, `${after} frames in two still seconds after the zoom`);
  });

  test('Ctrl+F searches; Enter moves the camera to the result and opens it in a panel', async () => {
    await xdotool(display, 'key', 'ctrl+f');
    await app.until('the search entry focused', (w) => w.search.visible && w.search.focused);
    // Key by key: `xdotool type` remaps keycodes and loses keys when the app is busy at that moment.
    await xdotool(display, 'key', '--delay', '40', ...'budget'.split(''));
    // The entry reports a change ~150 ms after the last key: wait for the results of the whole word.
    const searching = await app.until('search results', (w) => w.search.resultsQuery === 'budget' && w.search.results.length > 0);
    await screenshot(display, 'window-search');
    const first = searching.search.results[0]!;
    await xdotool(display, 'key', 'Return');
    const opened = await app.until('the panel of the first result', (w) => !w.search.visible && w.panels.some((p) => p.id === first));
    assert.equal(opened.selected, first);
    await app.until('the camera at the card', settled);
    await screenshot(display, 'window-document-panel');
  });

  test('a panel lists the document history and shows the changes between two versions', async () => {
    const window = await app.until('the Budget review panel', (w) => w.panels.length > 0);
    const panel = window.panels[0]!;
    // The Document | History switcher sits under the panel's title bar.
    const history = await app.screenPoint(panel.x + panel.width / 2 + 60, panel.y + 92);
    await xdotool(display, 'mousemove', String(history.x), String(history.y));
    await xdotool(display, 'click', '1');
    const listed = await app.until('two versions listed', (w) => (w.panelStates[0]?.view === 'history' && w.panelStates[0].versions >= 2) || false);
    assert.equal(listed.panelStates[0]!.diffParts, 0);
    // The rows follow a one-line hint; select both (Ctrl+click adds to the selection).
    const firstRow = await app.screenPoint(panel.x + panel.width / 2, panel.y + 170);
    const secondRow = await app.screenPoint(panel.x + panel.width / 2, panel.y + 230);
    await xdotool(display, 'mousemove', String(firstRow.x), String(firstRow.y));
    await xdotool(display, 'click', '1');
    await xdotool(display, 'mousemove', String(secondRow.x), String(secondRow.y));
    await xdotool(display, 'keydown', 'ctrl');
    await xdotool(display, 'click', '1');
    await xdotool(display, 'keyup', 'ctrl');
    await app.until('the diff between the versions', (w) => (w.panelStates[0]?.diffParts ?? 0) > 0);
    await screenshot(display, 'window-history-diff');
  });

  test('dragging a card moves it, and the move is stored', async () => {
    const window = await app.until('a selected card in view', (w) => settled(w) && w.selected !== null);
    const moved = window.selected!;
    assert.equal(window.selectedPosition?.userPlaced ?? false, false, 'the sample card starts where the layout put it');
    // The camera centred the card in the part of the content area the panel leaves free.
    const centre = contentCentre(window);
    const panelLeft = Math.min(...window.panels.map((panel) => panel.x));
    const from = await app.screenPoint(centre.x - (window.canvasSize!.width - panelLeft) / 2, centre.y);
    await xdotool(display, 'mousemove', String(from.x), String(from.y));
    await xdotool(display, 'mousedown', '1');
    for (let step = 1; step <= 5; step++) await xdotool(display, 'mousemove', String(from.x + step * 30), String(from.y + 4));
    await xdotool(display, 'mouseup', '1');
    const after = await app.until('the moved card stored as placed by hand', (w) => w.selected === moved && w.selectedPosition?.userPlaced === true);
    assert.deepEqual(after.viewport, window.viewport, 'dragging a card does not pan');
    await screenshot(display, 'window-card-moved');
  });

  test('the camera and open panels are restored after a restart', async () => {
    const before = await app.until('a settled camera', settled);
    const panels = before.panels.map((p) => p.id);
    assert.ok(panels.length > 0);
    await xdotool(display, 'key', 'ctrl+q');
    assert.equal(await app.exited(), 0, 'Ctrl+Q quits cleanly');

    app = new SovereignApp(display, 'second');
    const restored = await app.until('the restored window', (w) => w.view === 'canvas' && w.frames > 0 && w.panels.length === panels.length);
    assert.deepEqual(restored.panels.map((p) => p.id), panels);
    const viewport = await app.until('the restored camera', settled);
    assert.ok(Math.abs(viewport.viewport!.centerX - before.viewport!.centerX) < 1, 'camera x restored');
    assert.ok(Math.abs(viewport.viewport!.zoom - before.viewport!.zoom) < 1e-6, 'zoom restored');
    await waitFor('a frame after restoring', () => (app.probe()?.window?.frames ?? 0) > 0 || undefined);
    await screenshot(display, 'window-restored');
  });
});
