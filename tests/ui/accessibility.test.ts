import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accessibleTree, walk } from './support/accessible-tree.js';
import { startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { SovereignApp, seedWorkspace } from './support/sovereign-app.js';

describe('accessibility, read through AT-SPI', () => {
  let display: TestDisplay;
  let app: SovereignApp;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    // The accessibility bridge is on for this file (other UI tests turn it off).
    delete display.env['NO_AT_BRIDGE'];
    await seedWorkspace(display, 'sample');
    app = new SovereignApp(display, 'a11y');
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  const tree = () => accessibleTree(display);

  test('every button has a name', async () => {
    await app.until('the canvas', (w) => w.view === 'canvas' && w.frames > 0);
    const root = await waitFor('the accessible tree', () => tree(), 20_000);
    const buttons = [...walk(root)].filter((node) => node.role === 'push button' || node.role === 'toggle button');
    assert.ok(buttons.length >= 6, `${buttons.length} buttons`);
    const unnamed = buttons.filter((button) => button.name.trim() === '');
    assert.deepEqual(unnamed, [], 'buttons without an accessible name');
  });

  test('the canvas tells assistive technology which card has the focus', async () => {
    const window = await app.until('the canvas position', (w) => w.canvasSize !== null);
    const ruler = await app.screenPoint(window.canvasSize!.width / 2, 18);
    await xdotool(display, 'mousemove', String(ruler.x), String(ruler.y));
    await xdotool(display, 'click', '1');
    await xdotool(display, 'key', 'Tab');
    const selected = await app.until('a selected card', (w) => w.focusedCardLabel !== '');
    const canvas = await waitFor('the canvas description', async () => {
      const node = [...walk(await tree())].find((n) => n.name === 'Timeline canvas');
      return node && node.description !== '' ? node : undefined;
    });
    assert.equal(canvas.description, selected.focusedCardLabel);
    assert.match(canvas.description, /, (owned|external) document$/);
  });
});
