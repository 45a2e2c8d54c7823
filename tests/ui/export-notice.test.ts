import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { openOtherApplication } from './support/other-application.js';
import { startNotificationServer, type NotificationServer } from './support/notification-server.js';
import { SovereignApp, seedWorkspace } from './support/sovereign-app.js';

type Point = { x: number; y: number };

/** What this test reads from the probe beyond the shared ProbeState. */
interface NoticeProbe {
  lastExport?: string | null;
  lastNotice?: { title: string; shownAs: 'toast' | 'notification' } | null;
  buttons?: { exportWorkspace: Point | null; toastOpen: Point | null };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The screen geometry of an X window. */
async function geometry(display: TestDisplay, id: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const shell = await xdotool(display, 'getwindowgeometry', '--shell', id);
  const value = (key: string) => Number(new RegExp(`^${key}=(-?\\d+)$`, 'm').exec(shell)?.[1] ?? NaN);
  return { x: value('X'), y: value('Y'), width: value('WIDTH'), height: value('HEIGHT') };
}

/** The id of a process's visible X window with this title (any title when none is given). */
async function windowOf(display: TestDisplay, pid: number, title?: string): Promise<string | undefined> {
  const ids = (await xdotool(display, 'search', '--onlyvisible', '--pid', String(pid)).catch(() => '')).split('\n').filter(Boolean);
  for (const id of ids) if (title === undefined || (await xdotool(display, 'getwindowname', id).catch(() => '')) === title) return id;
  return undefined;
}

/** The paths the test viewer was launched with, once it has written a whole line. */
function openedPaths(log: string): string | undefined {
  const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
  return text.endsWith('\n') ? text : undefined;
}

async function click(display: TestDisplay, point: Point): Promise<void> {
  await xdotool(display, 'mousemove', String(Math.round(point.x)), String(Math.round(point.y)));
  await xdotool(display, 'click', '1');
}

/**
 * Makes a tiny program the desktop's default PDF viewer for this display's
 * user (a .desktop file and mimeapps.list, as a person's choice in Settings
 * writes them). It appends each path it is asked to open to `log`, so the
 * test sees a real launch through GIO's default-application lookup.
 */
function installPdfViewer(display: TestDisplay, log: string): void {
  const viewer = path.join(display.home, 'bin', 'test-pdf-viewer');
  fs.mkdirSync(path.dirname(viewer), { recursive: true });
  fs.writeFileSync(viewer, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\n`, { mode: 0o755 });
  const applications = path.join(display.env['XDG_DATA_HOME']!, 'applications');
  fs.mkdirSync(applications, { recursive: true });
  fs.writeFileSync(
    path.join(applications, 'test-pdf-viewer.desktop'),
    `[Desktop Entry]\nType=Application\nName=Test PDF Viewer\nExec=${viewer} %f\nMimeType=application/pdf;\n`,
  );
  fs.writeFileSync(path.join(display.env['XDG_CONFIG_HOME']!, 'mimeapps.list'), '[Default Applications]\napplication/pdf=test-pdf-viewer.desktop\n');
}

describe('an export tells the person it is done, with Open', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let notifications: NotificationServer;
  let opened: string;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    opened = path.join(display.home, 'opened.txt');
    installPdfViewer(display, opened);
    notifications = startNotificationServer(display);
    await seedWorkspace(display, 'sample');
    app = new SovereignApp(display, 'export-notice');
    await app.until('the canvas', (w) => w.view === 'canvas' && w.frames > 0);
  });

  after(async () => {
    await app?.stop();
    notifications?.stop();
    await display?.close();
  });

  /** Opens the header bar's export dialog and returns the screen point of its Export button. */
  async function openExportDialog(): Promise<Point> {
    const window = await windowOf(display, app.child.pid!);
    const origin = await geometry(display, window!);
    const state = (await app.until('the header’s Export button', (w) => Boolean((w as NoticeProbe).buttons?.exportWorkspace))) as NoticeProbe;
    await click(display, { x: origin.x + state.buttons!.exportWorkspace!.x, y: origin.y + state.buttons!.exportWorkspace!.y });
    const dialog = await waitFor('the Export dialog', () => windowOf(display, app.child.pid!, 'Export'), 20_000);
    // A new window maps before its first frame is drawn.
    await pause(2000);
    const rect = await geometry(display, dialog);
    // The Export button is at the right end of the dialog's header bar.
    return { x: rect.x + rect.width - 45, y: rect.y + 24 };
  }

  test('with the window focused, a finished export shows a toast whose Open button opens the PDF in the default viewer', async () => {
    const exportButton = await openExportDialog();
    await click(display, exportButton);
    const done = (await app.until('the export announced', (w) => (w as NoticeProbe).lastNotice != null, 60_000)) as NoticeProbe;
    assert.equal(done.lastNotice!.shownAs, 'toast');
    const out = done.lastExport!;
    assert.ok(fs.existsSync(out), 'the PDF was written');
    await app.until('the toast’s Open button', (w) => Boolean((w as NoticeProbe).buttons?.toastOpen));
    // Read again once the toast has been laid out: its first report may come before its allocation.
    await pause(500);
    const withButton = (await app.until('the toast’s Open button laid out', (w) => Boolean((w as NoticeProbe).buttons?.toastOpen))) as NoticeProbe;
    await screenshot(display, 'export-notice-toast');
    const origin = await geometry(display, (await windowOf(display, app.child.pid!))!);
    await click(display, { x: origin.x + withButton.buttons!.toastOpen!.x, y: origin.y + withButton.buttons!.toastOpen!.y });
    const launched = await waitFor(() => `the default PDF viewer launched (app output: ${app.output.join('').slice(-1500)})`, () => openedPaths(opened), 20_000);
    assert.equal(launched.trim(), out);
    assert.ok(!notifications.busLog().includes('Exported to'), 'no desktop notification while the person is in the window');
  });

  test('with the focus elsewhere, a finished export sends a desktop notification whose Open button opens the PDF', async () => {
    fs.rmSync(opened, { force: true });
    const exportButton = await openExportDialog();
    // Another application takes the focus, as when the person switches away while the export runs.
    const elsewhere = await openOtherApplication(display);
    try {
      await elsewhere.focus();
      await click(display, exportButton);
      const done = (await app.until('the export announced', (w) => (w as NoticeProbe).lastNotice?.shownAs === 'notification', 60_000)) as NoticeProbe;
      const out = done.lastExport!;
      const sent = await waitFor('the Notify call on the bus', () => {
        const text = notifications.busLog();
        return text.includes('member=Notify') && text.includes(path.basename(out)) ? text : undefined;
      });
      assert.ok(sent.includes(`string "Exported to ${path.basename(out)}"`), 'the notification names the PDF');
      assert.match(sent, /string "Open"/, 'the notification has an Open button');
      assert.ok(sent.includes('app.open-exported'), 'its button runs Sovereign’s open-exported action');
      const popup = await waitFor('the notification on screen', () => windowOf(display, notifications.pid), 10_000);
      await pause(500);
      await screenshot(display, 'export-notice-notification');
      const rect = await geometry(display, popup);
      // notification-daemon draws its action buttons along the bottom right of the bubble (see the screenshot).
      await click(display, { x: rect.x + rect.width - 81, y: rect.y + rect.height - 40 });
      const launched = await waitFor(() => `the default PDF viewer launched (app output: ${app.output.join('').slice(-1500)})`, () => openedPaths(opened), 20_000);
      assert.equal(launched.trim(), out);
    } finally {
      elsewhere.stop();
    }
  });
});
