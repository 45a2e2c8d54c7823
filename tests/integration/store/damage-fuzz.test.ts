import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createDiskWorkspace, hashFolder, listDocuments } from '../../support/damaged-workspace.js';
import { tempDir } from '../../support/store.js';
import { seededRandom } from '../../fixtures/workspace-fixture.js';

// A fixed seed and count: the same 12 damaged folders on every run (about 70 s on a busy 2-core machine).
const SEED = 0x5eed17;
const CASES = 12;


type Damage = 'flip' | 'zero' | 'truncate' | 'delete';
const DAMAGES: readonly Damage[] = ['flip', 'zero', 'truncate', 'delete'];

function damage(file: string, kind: Damage, next: () => number): string {
  const size = fs.statSync(file).size;
  const at = Math.floor(next() * Math.max(1, size));
  const length = Math.min(size - at, 1 + Math.floor(next() * 4096));
  switch (kind) {
    case 'delete':
      fs.rmSync(file);
      return 'deleted';
    case 'truncate':
      fs.truncateSync(file, at);
      return `truncated to ${at} of ${size} bytes`;
    case 'flip':
    case 'zero': {
      const fd = fs.openSync(file, 'r+');
      const bytes = Buffer.alloc(Math.max(0, length));
      fs.readSync(fd, bytes, 0, bytes.length, at);
      for (let i = 0; i < bytes.length; i++) bytes[i] = kind === 'flip' ? bytes[i]! ^ 0xff : 0;
      fs.writeSync(fd, bytes, 0, bytes.length, at);
      fs.closeSync(fd);
      return `${kind === 'flip' ? 'flipped' : 'zeroed'} ${bytes.length} bytes at ${at} of ${size}`;
    }
  }
}

/** The .sst and .blob files' hashes: the documents themselves, which no open may delete or rewrite. */
function tableFiles(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(hashFolder(dir)).filter(([name]) => /\.(sst|blob)$/.test(name)));
}

test(`${CASES} randomly damaged workspaces: every listing is all 30 documents or a clear error, and no try deletes data`, (t) => {
  const base = createDiskWorkspace(30);
  const expected = [...base.ids].sort();
  const next = seededRandom(SEED);
  const outcomes = new Map<string, number>();
  for (let n = 0; n < CASES; n++) {
    const dataHome = tempDir('sovereign-fuzz-');
    const dbDir = path.join(dataHome, 'sovereign', 'database');
    fs.cpSync(path.dirname(base.dbDir), path.dirname(dbDir), { recursive: true });
    const names = fs.readdirSync(dbDir).filter((name) => name !== 'LOCK' && !name.startsWith('LOG'));
    const victim = names[Math.floor(next() * names.length)]!;
    const kind = DAMAGES[Math.floor(next() * DAMAGES.length)]!;
    const what = `case ${n}: ${victim} ${damage(path.join(dbDir, victim), kind, next)}`;
    const tables = tableFiles(dbDir);

    const env = { XDG_DATA_HOME: dataHome };
    const first = listDocuments(env);
    const second = listDocuments(env);
    for (const run of [first, second]) {
      if (run.status === 0) {
        assert.deepEqual(run.ids.sort(), expected, `${what}: a listing that succeeds lists every document`);
      } else {
        assert.equal(run.status, 1, `${what}: ${run.stderr}`);
        assert.match(run.stderr, /^sovereign: The database .+\n.+/, `${what}: a message and a hint`);
        assert.doesNotMatch(run.stderr, /in use|\[object Object\]|\n\s+at /, `${what}: ${run.stderr}`);
      }
    }
    for (const [name, hash] of Object.entries(tables)) {
      assert.equal(tableFiles(dbDir)[name], hash, `${what}: ${name} was deleted or rewritten`);
    }
    const outcome = first.status === 0 ? 'listed all 30' : (/is damaged|cannot be opened safely|cannot be opened/.exec(first.stderr)?.[0] ?? 'other error');
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    fs.rmSync(dataHome, { recursive: true, force: true });
  }
  t.diagnostic(`outcomes over ${CASES} cases: ${JSON.stringify(Object.fromEntries(outcomes))}`);
});
