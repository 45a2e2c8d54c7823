import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ANSWER_NOTES, TYRE_PASSAGE } from '../fixtures/assistant/answer-notes.js';
import { testModels } from '../support/ai-server.js';
import { repoRoot } from '../support/repo.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { typeText } from './support/keyboard.js';
import { startNotificationServer, type NotificationServer } from './support/notification-server.js';
import { SovereignApp } from './support/sovereign-app.js';

const run = promisify(execFile);

interface Point {
  x: number;
  y: number;
}

interface ChatProbe {
  visible: boolean;
  question: string;
  shownText: string;
  chunks: number;
  status: string;
  notice: string;
  conversationId: string | null;
  regenerateSensitive: boolean;
  regenerateButton: Point | null;
  historyButton: Point | null;
  page: string;
  conversations: string[];
  citations: { number: number; documentId: string; title: string; start: number; end: number; button: Point | null }[];
}

const chatOf = (w: unknown) => (w as { chat: ChatProbe }).chat;

interface RevealedEditor {
  revealed: { start: number; end: number } | null;
  selection: { start: number; end: number } | null;
  visibleRange: { start: number; end: number } | null;
}

/** Clicks a point given in the window's surface coordinates (what the probe's button centres are). */
async function clickInWindow(display: TestDisplay, app: SovereignApp, point: Point): Promise<void> {
  const id = (await xdotool(display, 'search', '--sync', '--onlyvisible', '--pid', String(app.child.pid))).split('\n')[0]!;
  const shell = await xdotool(display, 'getwindowgeometry', '--shell', id);
  const value = (key: string) => Number(new RegExp(`^${key}=(-?\\d+)$`, 'm').exec(shell)?.[1] ?? NaN);
  await xdotool(display, 'mousemove', String(Math.round(value('X') + point.x)), String(Math.round(value('Y') + point.y)));
  await xdotool(display, 'click', '1');
}

describe('the chat panel in the window', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let notifications: NotificationServer;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    notifications = startNotificationServer(display);
    const seed = path.join(repoRoot, 'build', 'tests', 'ui', 'support', 'seed-answer-workspace.js');
    await run(process.execPath, [seed, display.home], { env: display.env, timeout: 600_000 });
    app = new SovereignApp(display, 'chat', { config: `[ai]\ncontext_size = 1024\n[ai.models]\nchat = ${JSON.stringify(testModels().chat)}\n` });
  });

  after(async () => {
    await app?.stop();
    notifications?.stop();
    await display?.close();
  });

  test('a question in the command bar streams an answer into the chat panel, and its citation opens the note scrolled to the cited passage', async () => {
    await app.until('the canvas', (w) => w.view === 'canvas' && w.frames > 0);
    await xdotool(display, 'key', 'ctrl+k');
    await app.until('the command bar focused', (w) => w.commandBar.visible && w.commandBar.focused);
    const question = 'how do I fix a flat tyre?';
    await typeText(display, question);
    await app.until('the question routed', (w) => w.commandBar.routedText === question && !w.commandBar.running);
    await xdotool(display, 'key', 'Return');

    const streaming = await app.until('answer text shown while it streams', (w) => chatOf(w).visible && chatOf(w).chunks > 0 && chatOf(w).shownText.length > 0, 120_000);
    assert.equal(chatOf(streaming).question, question);
    const done = await app.until('the answer finished with its citation buttons laid out', (w) => chatOf(w).status === 'answered' && chatOf(w).citations.length > 0 && chatOf(w).citations.every((c) => c.button !== null), 120_000);
    await screenshot(display, 'chat-panel-answer');
    const chat = chatOf(done);
    const bike = ANSWER_NOTES.find((n) => n.id === 'bicycle')!;
    const cited = chat.citations.find((c) => c.documentId === 'bicycle');
    assert.ok(cited, `the bicycle note is cited: ${JSON.stringify(chat.citations)}`);
    assert.equal(bike.content.slice(cited.start, cited.end), TYRE_PASSAGE, 'the citation is the tyre passage itself');

    await clickInWindow(display, app, cited.button!);
    const opened = await app.until(
      'the bicycle note open with the tyre passage selected and on screen',
      (w) => {
        const editor = w.panelStates.find((p) => p.id === 'bicycle')?.editor as unknown as RevealedEditor | undefined;
        return Boolean(editor?.selection && editor.visibleRange && editor.selection.start === cited.start && editor.visibleRange.start <= cited.start && cited.start <= editor.visibleRange.end);
      },
      60_000,
    );
    const editor = opened.panelStates.find((p) => p.id === 'bicycle')!.editor as unknown as RevealedEditor;
    assert.deepEqual(editor.selection, { start: cited.start, end: cited.end });
    assert.ok(editor.visibleRange!.start > 0, 'the note was scrolled down to the passage, past its first lines');
    await screenshot(display, 'chat-panel-citation-opened');

    // Regenerate: a new answer to the same question, in the same conversation.
    const before = chat.conversationId;
    await clickInWindow(display, app, chat.regenerateButton!);
    const again = await app.until('a regenerated answer', (w) => chatOf(w).status === 'answering' || (chatOf(w).status === 'answered' && chatOf(w).chunks > 0 && !chatOf(w).regenerateSensitive), 30_000);
    assert.equal(chatOf(again).question, question);
    const finished = await app.until('the regenerated answer finished', (w) => chatOf(w).status === 'answered' && chatOf(w).regenerateSensitive, 120_000);
    assert.equal(chatOf(finished).conversationId, before);
  });

  test('a question nothing in the notes is about says so plainly in the panel', async () => {
    await xdotool(display, 'key', 'Escape');
    await xdotool(display, 'key', 'ctrl+k');
    await app.until('the command bar focused', (w) => w.commandBar.visible && w.commandBar.focused);
    const question = 'who won the snooker final in Sheffield?';
    await typeText(display, question);
    await app.until('the question routed', (w) => w.commandBar.routedText === question && !w.commandBar.running);
    await xdotool(display, 'key', 'Return');
    const shown = await app.until('the nothing-relevant answer', (w) => chatOf(w).question === question && chatOf(w).status === 'nothing-relevant', 60_000);
    assert.match(chatOf(shown).shownText, /Nothing relevant in your documents/);
    assert.deepEqual(chatOf(shown).citations, []);

    // Both questions are kept as conversations to reopen, newest first.
    await clickInWindow(display, app, chatOf(shown).historyButton!);
    const listed = await app.until('the past conversations listed', (w) => chatOf(w).page === 'conversations' && chatOf(w).conversations.length >= 2, 30_000);
    assert.deepEqual(chatOf(listed).conversations.slice(0, 2), [question, 'how do I fix a flat tyre?']);
    await clickInWindow(display, app, chatOf(listed).historyButton!);
    await app.until('the answer page again', (w) => chatOf(w).page === 'chat');
  });

  test('“Ask Sovereign about this file” (D-Bus AskAboutFile) imports the file, summarises it in the chat panel citing only it, and sends the summary as a notification with Open', async () => {
    const file = path.join(display.home, 'Garden plan.md');
    fs.writeFileSync(file, '# Garden plan\n\nPlant the tomatoes in May, after the last frost.\n\n## Watering\n\nWater the beds every evening in July.\n');
    const { stdout } = await run('gdbus', ['call', '--session', '-d', 'org.sovereign.Sovereign', '-o', '/org/sovereign/Sovereign', '-m', 'org.sovereign.Sovereign.AskAboutFile', file], { env: display.env });
    const id = /'([^']+)'/.exec(stdout)![1]!;
    const done = await app.until(
      'the summary in the chat panel beside the imported note',
      (w) => w.panels.some((p) => p.id === id) && chatOf(w).question === 'Summary of “Garden plan”' && chatOf(w).status === 'answered' && chatOf(w).citations.length > 0,
      120_000,
    );
    await screenshot(display, 'chat-panel-ask-about-file');
    assert.ok(chatOf(done).citations.every((c) => c.documentId === id), 'a summary cites only its own file');
    assert.equal((done as unknown as { lastNotice: { title: string } | null }).lastNotice?.title, 'Summary of “Garden plan”');
    const log = await waitFor('the summary at the notification server', () => (notifications.busLog().includes('Summary of “Garden plan”') ? notifications.busLog() : undefined), 30_000);
    assert.match(log, /Open/, 'the notification carries an Open button');
  });
});
