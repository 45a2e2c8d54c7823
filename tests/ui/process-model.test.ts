import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type dbus from 'dbus-next';
import { SOVEREIGN, call, connect, ownerPid, type Call } from '../support/dbus-client.js';
import { startPrivateSession, type PrivateSession } from '../support/private-session.js';
import { repoRoot } from '../support/repo.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { SovereignApp, seedWorkspace, type ProbeState } from './support/sovereign-app.js';

// Sovereign is one process: the window and the D-Bus service share its
// workspace and its bus name, whichever way it was started.
const APP = 'org.sovereign.Sovereign';
const PROVIDER = { destination: APP, path: '/org/sovereign/Sovereign/SearchProvider', interface: 'org.gnome.Shell.SearchProvider2' };
const method = (member: string, signature = '', body: unknown[] = []): Call => ({ ...SOVEREIGN, interface: APP, member, signature, body });
type Hit = [string, string, string, string, number];

async function search(bus: dbus.MessageBus, query: string): Promise<Hit[]> {
  const [hits] = (await call(bus, method('Search', 'su', [query, 5]))) as [Hit[]];
  return hits;
}

describe('a plain `sovereign` with its window owns the bus name and serves it', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let bus: dbus.MessageBus;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    await seedWorkspace(display, 'sample');
    app = new SovereignApp(display, 'unified');
    bus = connect(display.busAddress);
  });

  after(async () => {
    bus?.disconnect();
    await app?.stop();
    await display?.close();
  });

  test('Search and OpenDocument from another process reach the window of the same process', async () => {
    await app.until('the canvas', (w) => w.view === 'canvas');
    const pid = await waitFor('the window process to own the bus name', () => ownerPid(bus, APP).catch(() => undefined), 90_000);
    assert.equal(pid, app.child.pid);
    const hits = await search(bus, 'budget');
    assert.ok(hits.length > 0, 'the sample workspace has a budget note');
    const [id, title] = hits[0]!;
    assert.match(title, /budget/i);
    await call(bus, method('OpenDocument', 's', [id]));
    await app.until('the document open in the window', (w) => w.panels.some((panel) => panel.id === id));
    await screenshot(display, 'process-model-open-document');
  });

  test('a second `sovereign some-file.md` hands the file to the running one and exits 0', async () => {
    const file = path.join(display.home, 'forwarded-note.md');
    fs.writeFileSync(file, '# Forwarded heron sighting\n\nA grey heron on the canal.\n');
    const second = new SovereignApp(display, 'forwarded', { args: [file] });
    assert.equal(await second.exited(60_000), 0, second.output.join('').slice(-500));
    assert.equal(second.probe(), undefined, 'the second process opened no window');
    const hits = await waitFor('the forwarded file in the workspace', async () => {
      const found = await search(bus, 'heron');
      return found.length > 0 ? found : undefined;
    });
    assert.equal(hits[0]![1], 'Forwarded heron sighting');
    await app.until('the forwarded document open in the first window', (w) => w.panels.some((panel) => panel.id === hits[0]![0]));
    assert.equal(await ownerPid(bus, APP), app.child.pid);
  });
});

describe('a D-Bus-activated service opens its window in the same process when asked', () => {
  let display: TestDisplay;
  let session: PrivateSession;
  let bus: dbus.MessageBus;
  let probeFile: string;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    probeFile = path.join(display.home, 'activated-probe.json');
    session = await startPrivateSession({
      env: {
        DISPLAY: display.display,
        GDK_BACKEND: 'x11',
        GSETTINGS_BACKEND: 'keyfile',
        GSETTINGS_SCHEMA_DIR: path.join(repoRoot, 'build', 'data', 'glib-2.0', 'schemas'),
        SOVEREIGN_UI_PROBE: probeFile,
      },
      configToml: '[service]\nidle_exit_seconds = 600\n[store]\nconnect_timeout_ms = 90000\n',
    });
    bus = connect(session.busAddress);
  });

  after(async () => {
    bus?.disconnect();
    await session?.stop();
    await display?.close();
  });

  const probe = (): ProbeState | undefined => {
    try {
      return JSON.parse(fs.readFileSync(probeFile, 'utf8')) as ProbeState;
    } catch {
      return undefined;
    }
  };

  test('ActivateResult shows the document in a window of the windowless service', async () => {
    const file = path.join(session.root, 'kestrel.md');
    fs.writeFileSync(file, '# Kestrel survey\n\nHovering over the verge.\n');
    const [id] = (await call(bus, method('ImportFile', 's', [file]))) as [string];
    const pid = await ownerPid(bus, APP);
    assert.doesNotMatch(fs.readFileSync(`/proc/${pid}/maps`, 'utf8'), /libgtk-4/, 'no GTK before a window is needed');
    assert.equal(probe(), undefined, 'no window yet');

    await call(bus, { ...PROVIDER, member: 'ActivateResult', signature: 'sasu', body: [id, ['sov:', 'kestrel'], 0] });
    const windowId = await waitFor(
      'a visible window of the service process',
      () => xdotool(display, 'search', '--onlyvisible', '--pid', String(pid)).catch(() => undefined),
      90_000,
    );
    assert.ok(windowId.length > 0);
    await waitFor('the document open in that window', () => probe()?.window?.panels.some((panel) => panel.id === id) || undefined, 90_000);
    await waitFor('a drawn canvas', () => (probe()?.window?.frames ?? 0) > 0 || undefined, 30_000);
    assert.equal(await ownerPid(bus, APP), pid, 'the same process owns the name');
    assert.match(fs.readFileSync(`/proc/${pid}/maps`, 'utf8'), /libgtk-4/);
    await screenshot(display, 'process-model-activated-window');
  });

  test('AskAboutFile ("Ask Sovereign about this file") opens the file in the window with the chat panel summarising it', async () => {
    const file = path.join(session.root, 'supplier.md');
    fs.writeFileSync(file, '# Supplier question\n\nWho quoted lowest for the roof?\n');
    const [id] = (await call(bus, method('AskAboutFile', 's', [file]))) as [string];
    const window = await waitFor(
      'the asked-about document open with the chat panel summarising it',
      () => {
        const shown = probe()?.window;
        return shown && shown.panels.some((panel) => panel.id === id) && shown.chat.visible && shown.chat.question === 'Summary of “Supplier question”' ? shown : undefined;
      },
      90_000,
    );
    assert.equal(window.panelStates.find((panel) => panel.id === id)?.title, 'Supplier question');
    await screenshot(display, 'process-model-ask-about-file');
  });
});
