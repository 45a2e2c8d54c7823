import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createDiskWorkspace, hashFolder, listDocuments, openWithBareEngine } from '../../support/damaged-workspace.js';
import { runCli } from '../../support/run-cli.js';

interface Check {
  state: string;
  documents?: number;
}
interface Repair {
  repaired: boolean;
  original: string;
  documents: number;
}

test('a workspace whose CURRENT file is lost is refused on every try, with every byte left as it was', () => {
  const workspace = createDiskWorkspace(30);
  fs.rmSync(path.join(workspace.dbDir, 'CURRENT'));
  const before = hashFolder(workspace.dbDir);

  for (const attempt of [1, 2]) {
    const run = listDocuments(workspace.env);
    assert.equal(run.status, 1, `attempt ${attempt} must fail, not list ${run.ids.length} documents`);
    assert.match(run.stderr, new RegExp(`${workspace.dbDir}.*CURRENT file is missing`));
    assert.match(run.stderr, /sovereign db check/);
    assert.match(run.stderr, /sovereign db repair/);
    assert.deepEqual(hashFolder(workspace.dbDir), before, `attempt ${attempt} changed the folder`);
  }

  const check = runCli(['db', 'check', '--json'], { env: workspace.env });
  assert.equal(check.status, 1);
  assert.equal((JSON.parse(check.stdout) as Check).state, 'missing-current');
  assert.deepEqual(hashFolder(workspace.dbDir), before, 'db check changed the folder');
});

test('db repair brings back all 30 documents from a copy and keeps the original folder byte for byte', () => {
  const workspace = createDiskWorkspace(30);
  fs.rmSync(path.join(workspace.dbDir, 'CURRENT'));
  const before = hashFolder(workspace.dbDir);

  const run = runCli(['db', 'repair', '--json'], { env: workspace.env });
  assert.equal(run.status, 0, run.stderr);
  const repair = JSON.parse(run.stdout) as Repair;
  assert.equal(repair.repaired, true);
  assert.equal(repair.documents, 30);
  assert.equal(path.dirname(repair.original), path.dirname(workspace.dbDir));
  assert.match(path.basename(repair.original), /^database\.broken-/);
  assert.deepEqual(hashFolder(repair.original), before);

  assert.deepEqual(listDocuments(workspace.env).ids.sort(), [...workspace.ids].sort());
  const check = JSON.parse(runCli(['db', 'check', '--json'], { env: workspace.env }).stdout) as Check;
  assert.deepEqual([check.state, check.documents], ['ok', 30]);
  // Human output says where the original went.
  const again = runCli(['db', 'repair'], { env: workspace.env });
  assert.match(again.stdout, /nothing to repair/);
});

test('a folder an earlier failed open left with a fresh empty manifest is refused, and repair finds the documents', () => {
  const workspace = createDiskWorkspace(30);
  fs.rmSync(path.join(workspace.dbDir, 'CURRENT'));
  // What the first release let happen: the engine "creates" a database over the folder and fails.
  assert.match(openWithBareEngine(workspace.dbDir), /While creating a new Db/);
  const before = hashFolder(workspace.dbDir);

  const run = listDocuments(workspace.env);
  assert.equal(run.status, 1, `listed ${run.ids.length} documents from a folder whose data the engine would delete`);
  assert.match(run.stderr, /but a newer manifest .* is present/);
  assert.deepEqual(hashFolder(workspace.dbDir), before);

  const repair = runCli(['db', 'repair', '--json'], { env: workspace.env });
  assert.equal(repair.status, 0, repair.stderr);
  assert.equal((JSON.parse(repair.stdout) as Repair).documents, 30);
  assert.deepEqual(listDocuments(workspace.env).ids.sort(), [...workspace.ids].sort());
});
