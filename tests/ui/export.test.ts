import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { pdfText } from '../unit/exporters/pdf-text.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { SovereignApp, seedWorkspace } from './support/sovereign-app.js';

const run = promisify(execFile);

/** The screen rectangle of the app's visible window with this title. */
async function windowRect(display: TestDisplay, app: SovereignApp, title: string): Promise<{ x: number; y: number; width: number; height: number } | undefined> {
  const ids = (await xdotool(display, 'search', '--onlyvisible', '--pid', String(app.child.pid)).catch(() => '')).split('\n').filter(Boolean);
  for (const id of ids) {
    if ((await xdotool(display, 'getwindowname', id)) !== title) continue;
    const geometry = await xdotool(display, 'getwindowgeometry', '--shell', id);
    const value = (key: string) => Number(new RegExp(`^${key}=(\\d+)$`, 'm').exec(geometry)?.[1] ?? NaN);
    return { x: value('X'), y: value('Y'), width: value('WIDTH'), height: value('HEIGHT') };
  }
  return undefined;
}

/** Whether the PDF typesetter (typst's native compiler, loaded by its worker thread) is in the app's memory. */
function typesetterLoaded(app: SovereignApp): boolean {
  return fs.readFileSync(`/proc/${app.child.pid}/maps`, 'utf8').includes('typst-ts-node-compiler');
}

async function click(display: TestDisplay, x: number, y: number): Promise<void> {
  await xdotool(display, 'mousemove', String(Math.round(x)), String(Math.round(y)));
  await xdotool(display, 'click', '1');
}

describe('exporting from the window', () => {
  let display: TestDisplay;
  let app: SovereignApp;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    await seedWorkspace(display, 'sample');
    // Info level: the skills' 'skill loaded' lines say when start-up has enabled PDF export.
    app = new SovereignApp(display, 'export', { env: { SOVEREIGN_LOG: 'info' } });
    await app.until('the canvas', (w) => w.view === 'canvas' && w.frames > 0);
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('a document panel’s Export button opens the export dialog, which starts the typesetter, and Export writes the PDF and offers to open it', async () => {
    await waitFor('PDF export enabled', () => app.output.join('').includes('"id":"org.sovereign.core.PdfExport"') || undefined, 30_000);
    await xdotool(display, 'key', 'ctrl+f');
    await app.until('the search entry focused', (w) => w.search.visible && w.search.focused);
    await xdotool(display, 'key', '--delay', '40', ...'kickoff'.split(''));
    await app.until('search results', (w) => w.search.resultsQuery === 'kickoff' && w.search.results.length > 0);
    await xdotool(display, 'key', 'Return');
    const opened = await app.until('a document panel', (w) => !w.search.visible && w.panels.length > 0 && !w.animating);
    const panel = opened.panels[0]!;
    // The Export button sits left of the close button at the right end of the panel's title bar.
    const button = await app.screenPoint(panel.x + panel.width - 62, panel.y + 20);
    // Seconds after start, with PDF export enabled, nothing has asked for an export yet: typst and its fonts wait for the dialog.
    assert.equal(typesetterLoaded(app), false, 'the typesetter is not loaded before the export dialog opens');
    await click(display, button.x, button.y);
    const dialog = await waitFor('the Export dialog', () => windowRect(display, app, 'Export'), 20_000);
    await waitFor('the typesetter started as the dialog opened', () => typesetterLoaded(app) || undefined, 20_000);
    // A new window maps before its first frame is drawn.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await screenshot(display, 'export-dialog');
    // The Export button is at the right end of the dialog's header bar.
    await click(display, dialog.x + dialog.width - 45, dialog.y + 24);
    const done = await app.until('the export finished', (w) => typeof (w as { lastExport?: unknown }).lastExport === 'string', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await screenshot(display, 'export-toast');
    assert.equal(await windowRect(display, app, 'Export'), undefined, 'the dialog closes when the export is done');
    const out = (done as { lastExport?: string }).lastExport!;
    assert.match(out, /\/Alpha kickoff notes\.pdf$/, "the file is named after the document");
    const text = pdfText(out);
    assert.match(text, /Alpha kickoff notes/);
    assert.match(text, /Sync works with no server/);
    const { stdout } = await run('pdfinfo', [out]);
    assert.match(stdout, /\(A4\)/);
  });

  test('a right click on a thread’s row opens the export dialog for that thread, which exports it as one PDF with its contents', async () => {
    // The camera is on the document opened above, in the middle of the canvas: its thread's label is level with it, in the label column.
    const window = await app.until('the canvas geometry', (w) => w.canvasOrigin !== null && w.canvasSize !== null && !w.animating);
    const label = { x: window.canvasOrigin!.x + 60, y: window.canvasOrigin!.y + window.canvasSize!.height / 2 };
    await xdotool(display, 'mousemove', String(Math.round(label.x)), String(Math.round(label.y)));
    await xdotool(display, 'click', '3');
    const dialog = await waitFor('the Export dialog', () => windowRect(display, app, 'Export'), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await screenshot(display, 'export-thread-dialog');
    await click(display, dialog.x + dialog.width - 45, dialog.y + 24);
    const done = await app.until('the thread exported', (w) => /Project Alpha\.pdf$/.test(String((w as { lastExport?: unknown }).lastExport)), 60_000);
    const text = pdfText((done as { lastExport?: string }).lastExport!);
    const contents = text.split('\f')[1]!;
    assert.match(contents, /Contents/);
    for (const title of ['Alpha kickoff notes', 'Sync design draft', 'Test plan for offline sync']) assert.ok(contents.includes(title), `the contents list ${title}`);
  });
});
