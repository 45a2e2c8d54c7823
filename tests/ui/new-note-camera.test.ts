import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { screenshot, startDisplay, xdotool, type TestDisplay } from './support/display.js';
import { SovereignApp, type ProbeState } from './support/sovereign-app.js';

type WindowState = NonNullable<ProbeState['window']>;

/** The new note's card has landed: selected, its panel laid out, the camera at rest. */
function settledOn(known: ReadonlySet<string>) {
  return (w: WindowState) => {
    const id = w.selected;
    if (id === null || known.has(id) || w.animating || w.selectedRect === null || w.canvasSize === null) return false;
    const panel = w.panelAllocations.find((p) => p.id === id);
    return panel?.bounds != null;
  };
}

/** Asserts the selected card lies wholly in the canvas left of every open panel, at a size that reads as a card. */
function assertBesidePanels(w: WindowState): void {
  const card = w.selectedRect!;
  const canvas = w.canvasSize!;
  const panelsLeft = Math.min(...w.panelAllocations.map((p) => p.bounds?.x ?? Infinity));
  const where = `card ${JSON.stringify(card)}, panels from x = ${panelsLeft}, canvas ${canvas.width}×${canvas.height}`;
  assert.ok(card.x >= 0 && card.x + card.width <= panelsLeft, `the card is left of the panels: ${where}`);
  assert.ok(card.y >= 0 && card.y + card.height <= canvas.height, `the card is within the canvas's height: ${where}`);
  assert.ok(card.width < canvas.width / 3, `the card is not blown up to fill the window: ${where}`);
}

describe('a new note on the canvas', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let firstId = '';

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    app = new SovereignApp(display, 'new-note-empty');
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('Ctrl+N in an empty workspace shows the new card beside its panel, not under it', async () => {
    await app.until('the empty workspace', (w) => w.view === 'empty' && w.firstPaintAt !== null);
    await xdotool(display, 'key', 'ctrl+n');
    const settled = await app.until('the new card beside its panel', settledOn(new Set()));
    firstId = settled.selected!;
    assertBesidePanels(settled);
    await screenshot(display, 'new-note-empty-workspace');
  });

  test('Ctrl+N in a workspace with one document shows the new card beside its panel, not under it', async () => {
    // Started afresh, the window fits its one card to the canvas: the camera is as close as it goes.
    await app.stop();
    app = new SovereignApp(display, 'new-note-one-document');
    await app.until('the canvas with one card', (w) => w.view === 'canvas' && w.frames > 0 && w.documents === 1 && !w.animating);
    await xdotool(display, 'key', 'ctrl+n');
    const settled = await app.until('the second card beside its panel', settledOn(new Set([firstId])));
    assertBesidePanels(settled);
    await screenshot(display, 'new-note-one-document');
  });
});
