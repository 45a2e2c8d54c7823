import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { screenshot, startDisplay, waitFor, type TestDisplay } from './support/display.js';
import { SovereignApp } from './support/sovereign-app.js';

describe('first run and a second instance', () => {
  let display: TestDisplay;
  let app: SovereignApp;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    app = new SovereignApp(display, 'first-run');
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('an empty workspace shows the welcome page instead of an empty canvas', async () => {
    const window = await app.until('the empty state', (w) => w.view === 'empty' && w.firstPaintAt !== null);
    assert.equal(window.documents, 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await screenshot(display, 'first-run');
  });

  test('a second `sovereign` hands its request to the running one and exits', async () => {
    const second = new SovereignApp(display, 'second-instance');
    assert.equal(await second.exited(60_000), 0, second.output.join('').slice(-500));
    assert.equal(second.probe(), undefined, 'the second process opened no window');
    await waitFor('the first window still answering', () => app.probe()?.window?.view === 'empty' || undefined);
  });

  test('without a session bus a second window process says why it cannot open the workspace', async () => {
    // Nothing to forward to: it opens its own window, and the store's lock (held by the first) stops it.
    const second = new SovereignApp(display, 'second-without-bus', { env: { DBUS_SESSION_BUS_ADDRESS: undefined } });
    const status = await second.exited(150_000);
    assert.equal(status, 1);
    const output = second.output.join('');
    assert.match(output, /sovereign: .*(in use|locked|another)/i, output.slice(-500));
    // The first window is unaffected.
    await waitFor('the first window still answering', () => app.probe()?.window?.view === 'empty' || undefined);
  });
});
