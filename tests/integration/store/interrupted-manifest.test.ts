import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createDiskWorkspace, listDocuments } from '../../support/damaged-workspace.js';
import { runCli } from '../../support/run-cli.js';

const manifestsIn = (dir: string) => fs.readdirSync(dir).filter((name) => name.startsWith('MANIFEST-')).sort();
const currentOf = (dir: string) => fs.readFileSync(path.join(dir, 'CURRENT'), 'utf8').trim();

// The engine writes its next manifest and only then points CURRENT at it. A
// process that ends between the two (killed while its store opened or
// closed: seen when the D-Bus service got SIGTERM during its first second)
// leaves a higher-numbered manifest, newer than CURRENT's, which the engine
// discards on the next open. Built here from two real opens: the folder as
// it was before an open, plus the manifest that open wrote.
test('a manifest written but never made current, as a process ended mid-open leaves it, is discarded and every document opens', () => {
  const workspace = createDiskWorkspace(30);
  const before = `${workspace.dbDir}.before-open`;
  fs.cpSync(workspace.dbDir, before, { recursive: true, preserveTimestamps: true });
  assert.equal(listDocuments(workspace.env).status, 0);
  const unswitched = manifestsIn(workspace.dbDir).at(-1)!;
  const current = currentOf(before);
  assert.ok(unswitched > current, `the open wrote ${unswitched} after ${current}`);
  fs.copyFileSync(path.join(workspace.dbDir, unswitched), path.join(before, unswitched));
  fs.rmSync(workspace.dbDir, { recursive: true });
  fs.renameSync(before, workspace.dbDir);
  assert.deepEqual([currentOf(workspace.dbDir), manifestsIn(workspace.dbDir).at(-1)], [current, unswitched]);

  const run = listDocuments(workspace.env);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(run.ids.sort(), [...workspace.ids].sort());
  assert.ok(!manifestsIn(workspace.dbDir).includes(unswitched), `the engine discarded ${unswitched}`);
  const check = JSON.parse(runCli(['db', 'check', '--json'], { env: workspace.env }).stdout) as { state: string; documents: number };
  assert.deepEqual([check.state, check.documents], ['ok', 30]);
});
