import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { cliEntry } from '../support/repo.js';
import { screenshot, waitFor, xdotool, startDisplay, type TestDisplay } from './support/display.js';
import { typeText } from './support/keyboard.js';
import { SovereignApp, appEnv, seedWorkspace, type EditorProbe } from './support/sovereign-app.js';

const run = promisify(execFile);

type Panel = { id: string; title: string; editor: EditorProbe | null };

describe('the markdown editor in the window', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let noteId = '';
  let otherId = '';
  /** The title chosen with the mouse from the `[[` completion. */
  const otherEditor = (w: { panelStates: readonly Panel[] }) => w.panelStates.find((p) => p.id === otherId)?.editor ?? null;
  const editorOf = (panels: readonly Panel[]) => panels.find((p) => p.id === noteId)?.editor ?? null;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    await seedWorkspace(display, 'sample');
    app = new SovereignApp(display, 'editor-first');
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('Ctrl+N opens a new note with the cursor in its editor; what is typed is saved within a second', async () => {
    await app.until('the canvas', (w) => w.view === 'canvas' && w.frames > 0);
    await xdotool(display, 'key', 'ctrl+n');
    const opened = await app.until('a new note with a focused editor', (w) => w.panelStates.some((p) => p.editor?.focused === true));
    noteId = opened.panelStates.find((p) => p.editor?.focused)!.id;
    assert.equal(opened.panelStates.find((p) => p.id === noteId)!.title, 'Untitled Note');
    const typed = 'Meeting notes\n\nWe agreed on the budget, finally!';
    await typeText(display, typed);
    const saved = await app.until('the text saved', (w) => editorOf(w.panelStates)?.savedText === typed && editorOf(w.panelStates)?.saveState === 'saved', 20_000);
    const editor = editorOf(saved.panelStates)!;
    assert.equal(editor.text, typed);
    assert.equal(editor.words, 8);
    assert.equal(editor.characters, typed.length);
    assert.ok(editor.canUndo, 'the typing can be undone');
  });

  test('text typed just before a kill -9 is all there after a restart', async () => {
    const more = ' Next step: ask Maya.';
    await typeText(display, more);
    const journal = path.join(display.home, 'data', 'sovereign', 'journal', `${encodeURIComponent(noteId)}.json`);
    // Killed as soon as the journal holds the last key, before the autosave would have stored it.
    await waitFor('the journal entry', () => (fs.existsSync(journal) && (JSON.parse(fs.readFileSync(journal, 'utf8')) as { content: string }).content.endsWith('Maya.')) || undefined, 10_000);
    app.child.kill('SIGKILL');
    await app.exited();
    app = new SovereignApp(display, 'editor-restarted');
    const restored = await app.until('the note open again', (w) => editorOf(w.panelStates)?.text !== undefined);
    assert.equal(editorOf(restored.panelStates)!.text, 'Meeting notes\n\nWe agreed on the budget, finally! Next step: ask Maya.');
  });

  test('formatting shortcuts, find and replace, and the preview work in the editor', async () => {
    // A second note: Ctrl+N puts the cursor in its editor.
    await xdotool(display, 'key', 'ctrl+n');
    const second = await app.until('a second note focused', (w) => w.panelStates.some((p) => p.id !== noteId && p.editor?.focused === true));
    otherId = second.panelStates.find((p) => p.editor?.focused)!.id;
    const other = (w: { panelStates: readonly Panel[] }) => w.panelStates.find((p) => p.id === otherId)!.editor!;
    await typeText(display, 'Title');
    await xdotool(display, 'key', 'ctrl+2');
    await app.until('a level 2 heading', (w) => other(w).text === '## Title');
    await xdotool(display, 'key', 'End', 'Return', 'Return', 'ctrl+b');
    await typeText(display, 'bold');
    await app.until('bold markers around the word', (w) => other(w).text === '## Title\n\n**bold**');
    await xdotool(display, 'key', 'ctrl+z');
    await app.until('undo removes the last typing', (w) => other(w).text !== '## Title\n\n**bold**' && other(w).text!.startsWith('## Title'));
    await xdotool(display, 'key', 'ctrl+shift+z');
    await app.until('redo brings it back', (w) => other(w).text === '## Title\n\n**bold**');

    await xdotool(display, 'key', 'ctrl+f');
    await app.until('the find bar', (w) => other(w).find.visible);
    await typeText(display, 'bold');
    await app.until('one match', (w) => other(w).find.matches === 1);
    await xdotool(display, 'key', 'Escape');
    await xdotool(display, 'key', 'ctrl+h');
    await app.until('the replace bar', (w) => other(w).find.visible);
    // The search text is still there from Ctrl+F: the cursor goes to the replacement.
    await typeText(display, 'strong');
    await xdotool(display, 'key', 'Return');
    await app.until('the word replaced', (w) => other(w).text === '## Title\n\n**strong**', 10_000);
    await xdotool(display, 'key', 'Escape');

    await xdotool(display, 'key', 'ctrl+p');
    const previewed = await app.until('the preview beside the text', (w) => other(w).mode === 'split' && other(w).previewBlocks >= 2);
    assert.equal(other(previewed).previewBlocks, 2, 'a heading and a paragraph');
    // A moment for the frame that shows the preview.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await screenshot(display, 'editor-light');
  });

  test('[[ offers document titles and Enter completes the link', async () => {
    await xdotool(display, 'key', 'ctrl+End', 'Return', 'Return');
    await typeText(display, 'See [[Alpha');
    const offered = await app.until('titles offered', (w) => (otherEditor(w)?.completion.length ?? 0) > 0);
    const completion = otherEditor(offered)!.completion;
    assert.equal(completion[0], 'Alpha kickoff notes', completion.join(', '));
    await xdotool(display, 'key', 'Return');
    await app.until('the completed link', (w) => otherEditor(w)?.text?.endsWith('See [[Alpha kickoff notes]]') === true);
  });

  test('Ctrl+S asks what the version is: Escape cancels and the text is untouched, Enter saves one version with that message', async () => {
    const before = otherEditor(await app.until('the note', (w) => otherEditor(w) !== null))!;
    assert.equal(before.sessionVersions, 0);
    await xdotool(display, 'key', 'ctrl+s');
    await app.until('the message entry', (w) => otherEditor(w)?.askingVersionMessage === true);
    await typeText(display, 'never mind');
    await xdotool(display, 'key', 'Escape');
    const cancelled = otherEditor(await app.until('the entry gone and the cursor back in the text', (w) => otherEditor(w)?.askingVersionMessage === false && otherEditor(w)?.focused === true))!;
    assert.equal(cancelled.sessionVersions, 0, 'Escape saves no version');
    assert.equal(cancelled.text, before.text, 'what went into the message entry did not reach the document');

    await xdotool(display, 'key', 'ctrl+s');
    await app.until('the message entry again, empty', (w) => otherEditor(w)?.askingVersionMessage === true);
    await typeText(display, 'Trip outline with links');
    // A moment for the frame that shows the typed message.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await screenshot(display, 'editor-version-message');
    await xdotool(display, 'key', 'Return');
    const saved = await app.until('one version saved with the message', (w) => otherEditor(w)?.sessionVersions === 1 && otherEditor(w)?.askingVersionMessage === false, 20_000);
    assert.equal(otherEditor(saved)!.text, before.text, 'the message is not typed into the document');
    await app.until('the toast naming the version', (w) => w.toasts.includes('Version saved: “Trip outline with links”'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await screenshot(display, 'editor-version-saved');

    // The cursor is back in the text: typing goes on into a new session.
    await typeText(display, '\n\nPacking list');
    await app.until('the new text saved', (w) => otherEditor(w)?.savedText?.endsWith('Packing list') === true, 20_000);
    assert.equal(otherEditor(await app.until('the note', (w) => otherEditor(w) !== null))!.sessionVersions, 1, 'autosaves are not versions');
  });

  test('the editor follows the dark style', async () => {
    const env = appEnv(display, app.probeFile);
    await run('gsettings', ['set', 'org.sovereign.Sovereign', 'color-scheme', 'dark'], { env }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 800));
    await screenshot(display, 'editor-dark');
  });

  test('F2 renames the note; quitting ends each editing session as one version in the history', async () => {
    const taskbar = app.probe()!.window!.taskbar;
    assert.ok(taskbar.titles.length >= 2, `both notes are on the taskbar: ${JSON.stringify(taskbar.titles)}`);
    // F2 renames the front document (the second note).
    await xdotool(display, 'key', 'F2', 'ctrl+a');
    await typeText(display, 'Trip plan');
    await xdotool(display, 'key', 'Return');
    await app.until('the new title', (w) => w.panelStates.some((p) => p.id === otherId && p.title === 'Trip plan'));
    // The taskbar follows the rename by relabelling the note's button: the buttons are kept, none is built again.
    const renamed = (await app.until('the new title on the taskbar', (w) => w.taskbar.titles.includes('Trip plan'))).taskbar;
    assert.equal(renamed.titles.length, taskbar.titles.length);
    assert.equal(renamed.buttonsMade, taskbar.buttonsMade);
    // Quit as a person does: the window waits for the sessions to end, then the process exits.
    await xdotool(display, 'key', 'ctrl+q');
    assert.equal(await app.exited(30_000), 0);
    const env = appEnv(display, path.join(display.home, 'unused-probe.json'));
    const history = async (id: string) => {
      const { stdout } = await run(process.execPath, [cliEntry, 'history', id, '--json'], { env });
      return (JSON.parse(stdout) as { message: string }[]).map((c) => c.message);
    };
    // Newest first. The first note: its killed session, recovered as one version at the restart.
    assert.deepEqual(await history(noteId), ['Recovered unsaved text', 'Created']);
    // The second: dozens of autosaves, one version with the message typed at Ctrl+S,
    // and the session after it, one version when the window closed.
    assert.deepEqual(await history(otherId), ['Edited', 'Trip outline with links', 'Created']);
    const { stdout } = await run(process.execPath, [cliEntry, 'doc', 'show', otherId, '--json'], { env });
    const stored = JSON.parse(stdout) as { title: string; content: string };
    assert.equal(stored.title, 'Trip plan', 'the rename reached the store');
    assert.equal(stored.content, `## Title\n\n**strong**\n\nSee [[Alpha kickoff notes]]\n\nPacking list`);
  });
});
