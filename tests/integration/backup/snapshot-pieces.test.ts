import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

const here = path.dirname(fileURLToPath(import.meta.url));
const helper = path.join(here, '../../support/backup-workspace.js');
/**
 * Imports the snapshot file into DIR/database handing it over three bytes at
 * a time, in a process of its own: the engine keeps its lock on the folder
 * until the process that opened it exits, and the dump opens it again.
 */
const IMPORT_IN_PIECES = `
const [snapshotFile, dataDir, storeIndex, coreIndex] = process.argv.slice(1);
const { importSnapshot } = await import(storeIndex);
const { defaultConfig } = await import(coreIndex);
const whole = (await import('node:fs')).readFileSync(snapshotFile);
async function* pieces() { for (let offset = 0; offset < whole.length; offset += 3) yield whole.subarray(offset, offset + 3); }
const imported = await importSnapshot(dataDir + '/database', pieces(), defaultConfig().store);
process.stdout.write(JSON.stringify(imported));
process.exit(0);
`;
const TITLE = 'Café ☕ — naïve 日本語 🎉';
const CONTENT = '# Ünïcödé\n\nZürich → Kraków, 東京 and 🙂 in one line.\n';

test('a snapshot read in pieces that cut through multi-byte characters restores its text exactly', async () => {
  const store = await openTestStore('mem');
  await store.createDocument({ title: TITLE, docType: 'markdown', content: CONTENT });
  const chunks: Uint8Array[] = [];
  for await (const chunk of store.exportSnapshot()) chunks.push(chunk);
  await store.close();
  const dataDir = tempDir();
  const snapshotFile = path.join(dataDir, 'snapshot.surql');
  fs.writeFileSync(snapshotFile, Buffer.concat(chunks));
  // Three bytes at a time: most of the non-ASCII characters above straddle two pieces.
  const imported = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', IMPORT_IN_PIECES, snapshotFile, dataDir, path.join(here, '../../../src/store/index.js'), path.join(here, '../../../src/core/index.js')],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.deepEqual(JSON.parse(imported), { documents: 1 });
  const dump = execFileSync(process.execPath, [helper, 'dump', dataDir], { encoding: 'utf8', timeout: 30_000 });
  assert.ok(dump.includes(JSON.stringify(TITLE).slice(1, -1)), `the restored workspace holds the title ${TITLE}`);
  assert.ok(dump.includes(JSON.stringify(CONTENT).slice(1, -1)), 'the restored workspace holds the content');
});
