import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { defaultConfig, isSovereignError, resolvePaths } from '../../../src/core/index.js';
import { openStore, type GraphStore } from '../../../src/store/index.js';
import { createSampleWorkspace, loadWorkspaceModel } from '../../../src/workspace/index.js';
import { createDiskWorkspace, flipBytes, hashFolder, holdOpen, largestFile, listDocuments, type DiskWorkspace } from '../../support/damaged-workspace.js';
import { runCli } from '../../support/run-cli.js';
import { exitWhenDone, tempDir } from '../../support/store.js';

exitWhenDone();

function openWorkspaceStore(workspace: DiskWorkspace): Promise<GraphStore> {
  return openStore(defaultConfig(), resolvePaths({ HOME: workspace.dataHome, XDG_DATA_HOME: workspace.dataHome }));
}

const damaged = (error: unknown) => isSovereignError(error, 'database') && /is damaged/.test(error.message) && /sovereign db repair/.test(error.hint ?? '');

async function assertEveryWorkspaceReadFails(store: GraphStore): Promise<void> {
  await assert.rejects(store.countDocuments(), damaged, 'counting documents');
  await assert.rejects(store.allDocumentMeta(), damaged, 'loading document metadata');
  await assert.rejects(loadWorkspaceModel(store), damaged, 'loading the workspace model');
  await assert.rejects(
    (async () => {
      for await (const page of store.scanDocuments()) void page;
    })(),
    damaged,
    'scanning documents for the search index',
  );
  await assert.rejects(createSampleWorkspace(store), damaged, 'adding the sample workspace over a damaged one');
}

test('4 KB flipped inside the largest .blob stops the workspace load with a damage error instead of showing fewer documents', async () => {
  const workspace = createDiskWorkspace(30);
  flipBytes(largestFile(workspace.dbDir, '.blob'), 4096);
  const ls = listDocuments(workspace.env);
  assert.equal(ls.status, 1);
  assert.match(ls.stderr, /is damaged: Corruption: .*CRC mismatch/);
  // This process opens it last: the engine keeps the folder locked until the process exits.
  const store = await openWorkspaceStore(workspace);
  await assertEveryWorkspaceReadFails(store);
});

test('deleted .blob files stop the workspace load with a damage error instead of an empty workspace', async () => {
  const workspace = createDiskWorkspace(30);
  for (const name of fs.readdirSync(workspace.dbDir)) if (name.endsWith('.blob')) fs.rmSync(path.join(workspace.dbDir, name));
  const store = await openWorkspaceStore(workspace);
  await assertEveryWorkspaceReadFails(store);
});

test('damage anywhere in the .sst makes loading links fail rather than return some of them', async () => {
  const base = createDiskWorkspace(30, undefined, { linksPerDocument: 20 });
  const outcomes: string[] = [];
  for (const at of [0.1, 0.3, 0.5, 0.7, 0.9]) {
    const workspace = { ...base, dataHome: tempDir('sovereign-damaged-') };
    fs.cpSync(path.dirname(base.dbDir), path.join(workspace.dataHome, 'sovereign'), { recursive: true });
    const dbDir = path.join(workspace.dataHome, 'sovereign', 'database');
    flipBytes(largestFile(dbDir, '.sst'), 64, at);
    try {
      const store = await openWorkspaceStore(workspace);
      const links = await store.allRelationships();
      assert.equal(links.length, 600, `damage at ${at} of the .sst: ${links.length} of 600 links, and no error`);
      outcomes.push('all');
    } catch (error) {
      assert.ok(damaged(error), `damage at ${at} of the .sst: ${String(error)}`);
      outcomes.push('damaged');
    }
  }
  assert.ok(outcomes.includes('damaged'), `no damage was noticed: ${outcomes.join(' ')}`);
});

test('a checksum mismatch inside an .sst is reported as damage, not as a database in use', () => {
  const workspace = createDiskWorkspace(30);
  flipBytes(largestFile(workspace.dbDir, '.sst'), 512);
  const ls = listDocuments(workspace.env);
  assert.equal(ls.status, 1);
  assert.doesNotMatch(ls.stderr, /in use/);
  assert.match(ls.stderr, new RegExp(`${workspace.dbDir} is damaged: Corruption: block checksum mismatch`));
  assert.match(ls.stderr, /sovereign db check/);

  const before = hashFolder(workspace.dbDir);
  const check = runCli(['db', 'check', '--json'], { env: workspace.env });
  assert.equal(check.status, 1);
  assert.equal((JSON.parse(check.stdout) as { state: string }).state, 'damaged');
  const repair = runCli(['db', 'repair'], { env: workspace.env });
  assert.equal(repair.status, 1);
  assert.match(repair.stderr, /could not be repaired: .*checksum mismatch.*Nothing was changed/);
  assert.deepEqual(hashFolder(workspace.dbDir), before, 'check and repair left the folder as it was');
  assert.deepEqual(fs.readdirSync(path.dirname(workspace.dbDir)), ['database'], 'no copies left behind');
});

test('a database another process holds open is reported as in use, and db check names that process', async () => {
  const workspace = createDiskWorkspace(3);
  const holder = await holdOpen(workspace);
  const ls = listDocuments(workspace.env);
  assert.equal(ls.status, 1);
  assert.match(ls.stderr, /in use by another program/);
  const check = runCli(['db', 'check', '--json'], { env: workspace.env });
  assert.deepEqual(JSON.parse(check.stdout), {
    path: workspace.dbDir,
    state: 'locked',
    lockedBy: holder.pid,
    message: `The database is open in process ${holder.pid}; close it to check the data.`,
  });
});
