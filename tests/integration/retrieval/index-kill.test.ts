import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { SemanticIndex, SentenceEncoder } from '../../../src/retrieval/index.js';
import { readVectorIndexFile } from '../../../src/retrieval/vector-index-file.js';
import { openStore } from '../../../src/store/index.js';
import { repoRoot } from '../../support/repo.js';
import { exitWhenDone, tempDir } from '../../support/store.js';

exitWhenDone();

const NOTES = 20;

/** Runs the indexing child until it has printed `steps` progress lines, then kills it with SIGKILL. */
async function indexThenKill(url: string, file: string, home: string, steps: number): Promise<void> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'build', 'tests', 'fixtures', 'retrieval', 'index-until-killed.js'), url, file, String(NOTES)], {
    env: { ...process.env, HOME: home },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let seen = 0;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString().split('\n').filter((line) => line.startsWith('step')).length;
      // Killed while it goes on embedding and saving the next step.
      if (seen >= steps) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the indexing child exited (${code}) before it was killed`)));
  });
  child.kill('SIGKILL');
  await exited;
}

test('indexing killed with SIGKILL leaves a readable index that the next session resumes to the end', async () => {
  const home = tempDir();
  const url = `rocksdb://${path.join(home, 'db')}`;
  const file = path.join(home, 'cache', 'vector-index.bin');
  await indexThenKill(url, file, home, 1);

  const saved = readVectorIndexFile(file)!;
  assert.ok(saved.graphFile && fs.existsSync(saved.graphFile), 'the graph the index names is on disk');
  assert.ok(!fs.readdirSync(path.dirname(file)).some((name) => name.endsWith('.usearch') && path.join(path.dirname(file), name) !== saved.graphFile && !name.endsWith('.tmp')), 'no other graph is left beside it');

  const store = await openStore(defaultConfig(), resolvePaths({ HOME: home }), { url });
  const encoder = await SentenceEncoder.open();
  try {
    const index = await SemanticIndex.open(store, encoder, { file });
    const before = index.status();
    assert.ok(before.documents >= 8, `the work saved before the kill is kept (${before.documents} documents)`);
    assert.equal(before.documents + before.pending, NOTES, 'every note is either indexed or waiting');
    await index.run();
    assert.deepEqual(index.status(), { model: encoder.id, documents: NOTES, passages: NOTES, pending: 0, paused: false });
    await index.close();
    const saved = readVectorIndexFile(file)!;
    saved.vectors.close();
    assert.equal(saved.rows.slots, NOTES, 'the finished index is saved whole');
  } finally {
    await encoder.close();
    await store.close();
  }
});
