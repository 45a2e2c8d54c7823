import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writePdf } from '../fixtures/documents/documents.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { SovereignApp } from './support/sovereign-app.js';

describe('the original of an imported document', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let pdf: string;
  let opened: string;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    // The desktop's PDF viewer, as GIO finds it: a desktop file and mimeapps.list in the private XDG dirs.
    opened = path.join(display.home, 'viewer-opened.pdf');
    const applications = path.join(display.env['XDG_DATA_HOME']!, 'applications');
    fs.mkdirSync(applications, { recursive: true });
    fs.writeFileSync(
      path.join(applications, 'test-pdf-viewer.desktop'),
      `[Desktop Entry]\nType=Application\nName=Test PDF Viewer\nExec=/bin/sh -c 'cp "$1" ${opened}' viewer %f\nMimeType=application/pdf;\n`,
    );
    fs.writeFileSync(path.join(display.env['XDG_CONFIG_HOME']!, 'mimeapps.list'), '[Default Applications]\napplication/pdf=test-pdf-viewer.desktop\n');
    pdf = path.join(display.home, 'Invoice.pdf');
    writePdf(pdf, { title: 'Invoice 42', date: new Date('2024-02-01T00:00:00Z'), paragraphs: ['Amount due: forty euros.'] });
    // `sovereign FILE` imports the file and opens it.
    app = new SovereignApp(display, 'show-original', { args: [pdf], env: { XDG_DATA_HOME: display.env['XDG_DATA_HOME'] } });
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('"Show Original" in the document panel opens the kept original in the default app', async () => {
    await app.until('the imported PDF open in a panel', (w) => w.panels.length === 1 && w.documents === 1);
    const window = await app.until('the panel placed', (w) => w.panels.length === 1 && w.canvasOrigin !== null);
    const panel = window.panels[0]!;
    // The header ends with [Show Original][Close], 34 px circular buttons 8 px apart: Show Original is the second from the right.
    const button = await app.screenPoint(panel.x + panel.width - 34 - 8 - 17, panel.y + 17);
    await xdotool(display, 'mousemove', String(button.x), String(button.y));
    await xdotool(display, 'click', '1');
    await waitFor('the viewer to receive the original', () => (fs.existsSync(opened) && fs.statSync(opened).size > 0) || undefined, 30_000);
    assert.deepEqual(fs.readFileSync(opened), fs.readFileSync(pdf));
    await screenshot(display, 'show-original');
  });
});
