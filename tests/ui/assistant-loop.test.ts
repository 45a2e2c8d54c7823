import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { PROFILE_FILE_NAME, UserProfile } from '../../src/assistant/index.js';
import { resolvePaths } from '../../src/core/index.js';
import { DOCUMENTS } from '../fixtures/assistant/assistant-workspace.js';
import { cliEntry, repoRoot } from '../support/repo.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { typeText } from './support/keyboard.js';
import { SovereignApp, appEnv, type ProbeState } from './support/sovereign-app.js';

const run = promisify(execFile);

type Window = NonNullable<ProbeState['window']>;

const NOTE_TEXT = 'Findings from the pilot: sync works offline.';

async function click(app: SovereignApp, bounds: { x: number; y: number; width: number; height: number }): Promise<void> {
  const point = await app.screenPoint(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2);
  await xdotool(app.display, 'mousemove', String(point.x), String(point.y));
  await xdotool(app.display, 'click', '1');
}

/** Types a command into the bar and waits until its rows answer the whole text. */
async function typeCommand(app: SovereignApp, text: string): Promise<Window> {
  await typeText(app.display, text);
  // The router loads when the bar first opens: until then the one row says so, and the text is routed again once it is in.
  const loading = (w: Window) => w.commandBar.rows.length === 1 && w.commandBar.rows[0]!.label === 'Loading the assistant…';
  return app.until(`the rows for “${text}”`, (w) => w.commandBar.routedText === text && w.commandBar.rows.length > 0 && !loading(w) && !w.commandBar.running);
}

const titleOf = (id: string) => DOCUMENTS.find((doc) => doc.id === id)!.title;
const idOf = (title: string) => DOCUMENTS.find((doc) => doc.title === title)?.id;

describe('the command bar in the window', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let cliEnv: NodeJS.ProcessEnv;
  const documents = () => path.join(display.home, 'Documents');

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    const seed = path.join(repoRoot, 'build', 'tests', 'ui', 'support', 'seed-assistant-workspace.js');
    await run(process.execPath, [seed, display.home], { env: display.env, timeout: 600_000 });
    // Exports without a path go to ~/Documents, as from the command line.
    fs.mkdirSync(documents(), { recursive: true });
    app = new SovereignApp(display, 'assistant');
    cliEnv = appEnv(display, path.join(display.home, 'unused-probe.json'));
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  const cli = async (...args: string[]): Promise<unknown> => JSON.parse((await run(process.execPath, [cliEntry, ...args], { env: cliEnv })).stdout) as unknown;

  test('the full loop: "create a research note in Project Alpha" opens its editor, the typed text is saved, "export this as PDF" writes it, and history and the event log show it all', async () => {
    await app.until('the canvas', (w) => w.view === 'canvas' && w.frames > 0);
    await xdotool(display, 'key', 'ctrl+k');
    await app.until('the command bar focused', (w) => w.commandBar.visible && w.commandBar.focused);
    const proposed = await typeCommand(app, 'create a research note in Project Alpha');
    assert.deepEqual(proposed.commandBar.rows[0], { kind: 'proposal', label: 'Create ‘Research note’ in Project Alpha' });
    assert.equal(proposed.commandBar.selected, 0, 'Enter does what the first row says');
    await screenshot(display, 'command-bar-proposal');

    await xdotool(display, 'key', 'Return');
    const created = await app.until('the new note open with the cursor in its editor', (w) => !w.commandBar.visible && w.panelStates.some((p) => p.title === 'Research note' && p.editor?.focused === true));
    const noteId = created.panelStates.find((p) => p.title === 'Research note')!.id;
    await app.until('its card selected on the canvas', (w) => w.selected === noteId);
    const toasted = await app.until('a toast with Undo', (w) => w.undoButton !== null);
    assert.ok(toasted.toasts.includes('Created “Research note” in Project Alpha.'), `the toast says what was done: ${toasted.toasts.join(' | ')}`);

    await typeText(display, NOTE_TEXT);
    const editorOf = (w: Window) => w.panelStates.find((p) => p.id === noteId)?.editor ?? null;
    await app.until('the text saved', (w) => editorOf(w)?.saveState === 'saved' && editorOf(w)?.savedText === NOTE_TEXT, 20_000);

    // Ctrl+K inside the editor makes a link; the Ask button opens the bar from anywhere.
    const window = await app.until('the Ask button', (w) => w.askButton !== null);
    await click(app, window.askButton!);
    await app.until('the command bar focused', (w) => w.commandBar.visible && w.commandBar.focused);
    const exportRows = await typeCommand(app, 'export this as PDF');
    assert.deepEqual(exportRows.commandBar.rows[0], { kind: 'proposal', label: 'Export ‘Research note’ as PDF' });
    await xdotool(display, 'key', 'Return');
    const pdf = path.join(documents(), 'Research note.pdf');
    await app.until('the export toast', (w) => w.toasts.some((toast) => toast.startsWith('Exported “Research note”')), 60_000);
    await waitFor('the PDF', () => fs.existsSync(pdf) || undefined, 10_000);
    const { stdout: text } = await run('pdftotext', [pdf, '-']);
    assert.match(text.replace(/\s+/g, ' '), /Findings from the pilot: sync works offline\./);

    await xdotool(display, 'key', 'ctrl+q');
    assert.equal(await app.exited(30_000), 0);
    const stored = (await cli('doc', 'show', noteId, '--json')) as { title: string; content: string; threadId: string | null };
    assert.equal(stored.threadId, 'alpha', 'the note is in Project Alpha');
    assert.equal(stored.content, NOTE_TEXT);
    const versions = (await cli('history', noteId, '--json')) as { author: string; message: string }[];
    assert.ok(versions.length >= 2, `the creation and the typed text are versions: ${JSON.stringify(versions)}`);
    assert.equal(versions[versions.length - 1]!.author, 'assistant', 'the oldest version is the assistant’s creation');
    const events = (await cli('log', '--type', 'assistant.tool_call', '--json')) as { payload: { tool: string; status: string } }[];
    const tools = events.map((event) => event.payload.tool).reverse();
    assert.deepEqual(tools, ['create_document', 'export'], 'each assistant action is in the event log, oldest first');
  });

  test('an unsure command shows its choices as rows; arrow keys and Enter open the chosen document', async () => {
    // Normally the loop above quit it; after a failure there, this test still starts its own.
    if (!app.ended) await app.stop();
    app = new SovereignApp(display, 'assistant-choices');
    await app.until('the canvas', (w) => w.view === 'canvas' && w.frames > 0);
    await xdotool(display, 'key', 'ctrl+k');
    await app.until('the command bar focused', (w) => w.commandBar.visible && w.commandBar.focused);
    const asked = await typeCommand(app, 'open tile');
    const choices = asked.commandBar.rows.filter((row) => row.kind === 'choice').map((row) => row.label);
    assert.deepEqual([...choices].sort(), ['Open ‘Tile quotes’', 'Open ‘Tile supplier contacts’']);
    assert.equal(asked.commandBar.rows[0]!.kind, 'message', 'the question comes first');
    await screenshot(display, 'command-bar-clarification');

    const first = asked.commandBar.selected;
    await xdotool(display, 'key', 'Down');
    const moved = await app.until('the next choice selected', (w) => w.commandBar.selected !== first);
    const picked = moved.commandBar.rows[moved.commandBar.selected]!;
    assert.equal(picked.kind, 'choice');
    const pickedId = idOf(picked.label.replace(/^Open ‘(.*)’$/, '$1'))!;
    await xdotool(display, 'key', 'Return');
    const opened = await app.until('the chosen document open', (w) => !w.commandBar.visible && w.panels.some((p) => p.id === pickedId));
    assert.equal(opened.panelStates.find((p) => p.id === pickedId)!.title, titleOf(pickedId));
    // Picking another choice than the first tells the profile the router's first guess was wrong.
    const profile = await UserProfile.open(path.join(resolvePaths(display.env).dataDir, PROFILE_FILE_NAME));
    assert.equal(profile.counts().corrected, 1);
  });

  test('a delete asks for confirmation first, and Undo in its toast brings the document back', async () => {
    const before = (await app.until('the workspace', (w) => w.documents > 0)).documents;
    await xdotool(display, 'key', 'ctrl+k');
    await app.until('the command bar focused', (w) => w.commandBar.visible && w.commandBar.focused);
    const proposed = await typeCommand(app, 'delete the lasagne recipe');
    assert.deepEqual(proposed.commandBar.rows[0], { kind: 'proposal', label: 'Delete ‘Lasagne recipe’…' });
    await xdotool(display, 'key', 'Return');
    const asking = await app.until('the confirmation', (w) => w.commandBar.rows.some((row) => row.kind === 'confirm'));
    assert.equal(asking.commandBar.rows[asking.commandBar.selected]!.kind, 'confirm');
    assert.ok(asking.commandBar.rows.some((row) => row.kind === 'cancel'), 'the confirmation can be cancelled');
    assert.equal(asking.documents, before, 'nothing is deleted before the confirmation');
    await screenshot(display, 'command-bar-confirm');

    await xdotool(display, 'key', 'Return');
    const deleted = await app.until('the document gone and a toast with Undo', (w) => w.documents === before - 1 && w.undoButton !== null && !w.commandBar.visible);
    assert.ok(deleted.toasts.includes('Deleted “Lasagne recipe”.'), deleted.toasts.join(' | '));
    await screenshot(display, 'command-bar-undo-toast');
    await click(app, deleted.undoButton!);
    // The document is back before the toast that says so: wait for both.
    await app.until('the document back and a toast saying so', (w) => w.documents === before && w.toasts.some((toast) => toast.startsWith('Undone: Deleted “Lasagne recipe”')));

    // It is there for the person too: the bar opens it.
    await xdotool(display, 'key', 'ctrl+k');
    await app.until('the command bar focused', (w) => w.commandBar.visible && w.commandBar.focused);
    await typeCommand(app, 'open lasagne recipe');
    await xdotool(display, 'key', 'Return');
    await app.until('the restored recipe open', (w) => w.panels.some((p) => p.id === 'lasagne'));
  });

  test('"show thread Thesis" moves the camera to that thread, and "search tile" opens the search overlay with the query', async () => {
    const start = await app.until('the camera at rest', (w) => !w.animating && !w.commandBar.visible);
    await xdotool(display, 'key', 'ctrl+k');
    await app.until('the command bar focused', (w) => w.commandBar.visible && w.commandBar.focused);
    const thread = await typeCommand(app, 'show thread Thesis');
    assert.deepEqual(thread.commandBar.rows[0], { kind: 'proposal', label: 'Show the thread Thesis' });
    await xdotool(display, 'key', 'Return');
    const moved = await app.until('the camera moved', (w) => !w.commandBar.visible && JSON.stringify(w.viewportTarget) !== JSON.stringify(start.viewportTarget));
    assert.notDeepEqual(moved.viewportTarget, start.viewportTarget);

    await xdotool(display, 'key', 'ctrl+k');
    await app.until('the command bar focused', (w) => w.commandBar.visible && w.commandBar.focused);
    await typeCommand(app, 'search tile');
    await xdotool(display, 'key', 'Return');
    const searching = await app.until('the search overlay with the query', (w) => !w.commandBar.visible && w.search.visible && w.search.query === 'tile' && w.search.results.length > 0);
    assert.ok(searching.search.results.includes('tile-quotes'), 'the search finds Tile quotes');
    await xdotool(display, 'key', 'Escape');
    await app.until('the search closed', (w) => !w.search.visible);
  });

  test('"Ask Sovereign about this file" (ask-about-document over D-Bus) opens the document with the command bar over it, where "this" is that document', async () => {
    const target = "[<'budget-2026'>]";
    await run('gdbus', ['call', '--session', '--dest', 'org.sovereign.Sovereign', '--object-path', '/org/sovereign/Sovereign', '--method', 'org.freedesktop.Application.ActivateAction', 'ask-about-document', target, '{}'], { env: display.env });
    await app.until('the document open and the command bar focused', (w) => w.panels.some((p) => p.id === 'budget-2026') && w.commandBar.visible && w.commandBar.focused);
    const rows = await typeCommand(app, 'export this as PDF');
    assert.deepEqual(rows.commandBar.rows[0], { kind: 'proposal', label: 'Export ‘Budget 2026’ as PDF' });
    await xdotool(display, 'key', 'Escape');
    await app.until('the command bar closed', (w) => !w.commandBar.visible);
  });

  test('a command typed and entered the moment the bar first opens runs once the assistant has loaded: the Enter is not dropped', async () => {
    await app.stop();
    app = new SovereignApp(display, 'assistant-enter-early');
    await app.until('the canvas', (w) => w.view === 'canvas' && w.frames > 0);
    // The assistant loads when the bar first opens: Ctrl+K, the command and Enter in one quick burst all come before it is in.
    await xdotool(display, 'key', '--delay', '5', 'ctrl+k', ...[...'open tile quotes'].map((char) => (char === ' ' ? 'space' : char)), 'Return');
    await app.until('Tile quotes open', (w) => !w.commandBar.visible && w.panels.some((p) => p.id === 'tile-quotes'), 60_000);
  });
});
