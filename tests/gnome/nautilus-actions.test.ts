import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SOVEREIGN, call, waitFor } from '../support/dbus-client.js';
import { repoRoot } from '../support/repo.js';
import type { ProbeState } from '../ui/support/sovereign-app.js';
import { startNautilus, type NautilusSession } from './support/nautilus.js';
import { sovereignDataFiles } from './support/sovereign-data-files.js';

// One real Nautilus for the whole file (it takes seconds to start). Each test
// selects a file the way "Show in Files" does, opens its context menu with the
// keyboard and reads or clicks it through AT-SPI, like a person would.
const IMPORT = 'Import into Sovereign';
const ASK = 'Ask Sovereign about this file';
// The window is titled after the folder. (An earlier note blamed Tracker for a
// folder named "Documents" never being listed; that was the stalled loading
// described in support/nautilus.ts, and "Documents" lists fine now.)
const FOLDER = 'files';

let nautilus: NautilusSession;
let filesDir: string;
/** Where the Sovereign window, once the service opens one, reports what it shows. */
let probeFile: string;

before(async () => {
  nautilus = await startNautilus({
    env: { GSETTINGS_BACKEND: 'memory' },
    configToml: '[service]\nidle_exit_seconds = 600\n[store]\nconnect_timeout_ms = 90000\n',
    dataFiles: sovereignDataFiles(),
  });
  // The service is D-Bus-activated with the bus daemon's environment, which
  // predates the X server: hand it the display, as a desktop session does,
  // so that the window it opens is a real one the probe can read.
  probeFile = path.join(nautilus.session.root, 'sovereign-probe.json');
  await call(nautilus.bus, {
    destination: 'org.freedesktop.DBus',
    path: '/org/freedesktop/DBus',
    interface: 'org.freedesktop.DBus',
    member: 'UpdateActivationEnvironment',
    signature: 'a{ss}',
    body: [
      {
        DISPLAY: nautilus.display,
        GDK_BACKEND: 'x11',
        GSETTINGS_SCHEMA_DIR: path.join(repoRoot, 'build', 'data', 'glib-2.0', 'schemas'),
        SOVEREIGN_UI_PROBE: probeFile,
      },
    ],
  });
  filesDir = path.join(nautilus.session.root, FOLDER);
  fs.mkdirSync(path.join(filesDir, 'receipts'), { recursive: true });
  fs.writeFileSync(path.join(filesDir, 'budget.md'), '# Household budget\n\nRent, food and savings for 2026.\n');
  fs.writeFileSync(path.join(filesDir, 'question.txt'), 'Which supplier offered the lowest quote for the roof?\n');
});

after(async () => {
  await nautilus?.stop();
});

async function contextMenuOf(fileName: string, choose?: string): Promise<string[]> {
  await nautilus.showItem(path.join(filesDir, fileName));
  return nautilus.contextMenu(FOLDER, fileName, choose);
}

async function findByTitle(query: string, title: string): Promise<string | undefined> {
  const [hits] = (await call(nautilus.bus, { ...SOVEREIGN, interface: 'org.sovereign.Sovereign', member: 'Search', signature: 'su', body: [query, 10] })) as [
    [string, string, string, string, number][],
  ];
  return hits.find((hit) => hit[1] === title)?.[0];
}

function sovereignWindow(): ProbeState['window'] | undefined {
  try {
    return (JSON.parse(fs.readFileSync(probeFile, 'utf8')) as ProbeState).window;
  } catch {
    return undefined;
  }
}

test('Nautilus loads the extension: a file offers both Sovereign items, a folder none', async () => {
  const fileMenu = await contextMenuOf('budget.md');
  assert.ok(fileMenu.includes('Properties'), `not the file's context menu: ${fileMenu.join(', ')}`);
  assert.deepEqual(
    fileMenu.filter((label) => label.includes('Sovereign')),
    [IMPORT, ASK],
  );
  const folderMenu = await contextMenuOf('receipts');
  assert.ok(folderMenu.includes('Open In New Tab'), `not the folder's context menu: ${folderMenu.join(', ')}`);
  assert.deepEqual(
    folderMenu.filter((label) => label.includes('Sovereign')),
    [],
  );
});

test('"Import into Sovereign" in the Files context menu imports the file into the store', async () => {
  await contextMenuOf('budget.md', IMPORT);
  const id = await waitFor('the imported document to be searchable', () => findByTitle('savings', 'Household budget'), 30_000, 250);
  assert.ok(id);
});

test('"Import into Sovereign" opens no Sovereign window', () => {
  assert.equal(sovereignWindow(), undefined);
});

test('"Ask Sovereign about this file" imports it and shows it in the Sovereign window with the chat panel summarising it', async () => {
  await contextMenuOf('question.txt', ASK);
  const id = await waitFor('the asked-about document to be searchable', () => findByTitle('supplier roof', 'question'), 30_000, 250);
  const window = await waitFor(
    'the Sovereign window to show the document with the chat panel summarising it',
    async () => {
      const shown = sovereignWindow();
      return shown && shown.panels.some((panel) => panel.id === id) && shown.chat.visible && shown.chat.question === 'Summary of “question”' ? shown : undefined;
    },
    120_000,
    250,
  );
  assert.equal(window.panelStates.find((panel) => panel.id === id)?.title, 'question');
});
