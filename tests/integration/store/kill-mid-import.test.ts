import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openStore } from '../../../src/store/index.js';
import { repoRoot } from '../../support/repo.js';
import { exitWhenDone, tempDir } from '../../support/store.js';

exitWhenDone();

const BATCH = 50;

test('SIGKILL mid-import: every acknowledged document is intact, none is partial, the database reopens', async () => {
  const dir = path.join(tempDir(), 'db');
  const build = (file: string) => JSON.stringify(path.join(repoRoot, 'build', file));
  // The writer imports fixture documents in batches and prints each acknowledged batch.
  const script = `import { openStore } from ${build('src/store/index.js')};
import { defaultConfig, resolvePaths } from ${build('src/core/index.js')};
import { generateWorkspace } from ${build('tests/fixtures/workspace-fixture.js')};
const store = await openStore(defaultConfig(), resolvePaths(), { url: ${JSON.stringify('rocksdb://' + dir)} });
const { documents } = generateWorkspace({ documents: 5000, threads: 0, edges: 0, seed: 7 });
for (let i = 0; i < documents.length; i += ${BATCH}) {
  await store.createDocuments(documents.slice(i, i + ${BATCH}), { batchSize: ${BATCH} });
  process.stdout.write('ack ' + (i + ${BATCH}) + '\\n');
}`;
  const writer = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let acknowledged = 0;
  await new Promise<void>((resolve, reject) => {
    writer.stdout.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/ack (\d+)/g)) acknowledged = Number(match[1]);
      if (acknowledged >= 20 * BATCH) {
        writer.kill('SIGKILL');
        resolve();
      }
    });
    writer.on('exit', (code) => (acknowledged >= 20 * BATCH ? resolve() : reject(new Error(`writer exited early (${code})`))));
  });
  if (writer.exitCode === null && writer.signalCode === null) await new Promise((resolve) => writer.once('exit', resolve));

  const store = await openStore(defaultConfig(), resolvePaths({ HOME: tempDir() }), { url: `rocksdb://${dir}` });
  const { generateWorkspace } = await import('../../fixtures/workspace-fixture.js');
  const expected = generateWorkspace({ documents: 5000, threads: 0, edges: 0, seed: 7 }).documents;
  const count = await store.countDocuments();
  assert.ok(count >= acknowledged, `${count} documents stored, ${acknowledged} acknowledged`);
  assert.equal(count % BATCH, 0, 'only whole transactions are stored');
  const stored = await store.getDocuments(expected.slice(0, count).map((d) => d.id));
  assert.equal(stored.length, count);
  // Content of every document; history (one query each) of the first hundred.
  for (const [i, doc] of stored.entries()) {
    assert.equal(doc.content, expected[i]!.content, `document ${doc.id} is intact`);
    if (i < 100) assert.equal((await store.listCommits(doc.id)).length, 1, `document ${doc.id} has its root commit`);
  }
  const last = stored[stored.length - 1]!;
  assert.equal(last.content, expected[count - 1]!.content);
  assert.equal((await store.listCommits(last.id))[0]!.content, last.content);
  // Still writable after the crash.
  await store.createDocument({ title: 'after the crash', docType: 'text', content: 'ok' });
  assert.equal(await store.countDocuments(), count + 1);
  await store.close();
});
