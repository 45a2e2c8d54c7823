import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SOVEREIGN, call, waitFor } from '../support/dbus-client.js';
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

before(async () => {
  nautilus = await startNautilus({
    env: { SOVEREIGN_TEST_HOOKS: '1', GSETTINGS_BACKEND: 'memory' },
    configToml: '[service]\nidle_exit_seconds = 600\n',
    dataFiles: sovereignDataFiles(),
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

async function windowRequests(): Promise<{ kind: string; id?: string; assistant?: boolean }[]> {
  const [json] = await call(nautilus.bus, { ...SOVEREIGN, interface: 'org.sovereign.Sovereign.TestHooks', member: 'GetWindowRequests' });
  return JSON.parse(json as string) as { kind: string; id?: string; assistant?: boolean }[];
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

test('"Ask Sovereign about this file" imports it and opens it with the assistant', async () => {
  await contextMenuOf('question.txt', ASK);
  const id = await waitFor('the asked-about document to be searchable', () => findByTitle('supplier roof', 'question'), 30_000, 250);
  await waitFor('the window request with the assistant', async () =>
    (await windowRequests()).some((request) => request.kind === 'open-document' && request.id === id && request.assistant === true) ? true : undefined,
  );
});
