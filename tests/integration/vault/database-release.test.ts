import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import { databaseHeld, waitForDatabaseRelease } from '../../../src/vault/index.js';
import { repoRoot } from '../../support/repo.js';
import { tempDir } from '../../support/store.js';

/** A process that opens the embedded database, says so, and holds it until its stdin closes (as a running window does). */
function holdDatabase(dir: string) {
  const connect = path.join(repoRoot, 'build', 'src', 'store', 'connection', 'connect.js');
  const config = path.join(repoRoot, 'build', 'src', 'core', 'index.js');
  const script = `const { connectSurreal } = await import(${JSON.stringify(connect)}); const { defaultConfig } = await import(${JSON.stringify(config)});
await connectSurreal('rocksdb://' + ${JSON.stringify(dir)}, defaultConfig().store); process.stdout.write('open\\n');
process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const opened = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { opened, exited, release: () => child.stdin.end(), kill: () => child.kill('SIGKILL') };
}

test('the conversion waits while another process holds the database, and goes on once that process has exited', async () => {
  const dir = path.join(tempDir('sovereign-release-'), 'database');
  const holder = holdDatabase(dir);
  await holder.opened;
  assert.equal(await databaseHeld(dir), true, 'held while the other process has it open');
  const waiting = waitForDatabaseRelease(dir, { timeoutMs: 60_000 });
  let done = false;
  void waiting.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(done, false, 'still waiting while it is held');
  holder.release();
  await holder.exited;
  await waiting;
  assert.equal(await databaseHeld(dir), false);
});

test('a database never let go of is refused with an error naming its folder, and the wait ends', async () => {
  const dir = path.join(tempDir('sovereign-release-'), 'database');
  const holder = holdDatabase(dir);
  await holder.opened;
  try {
    await assert.rejects(waitForDatabaseRelease(dir, { timeoutMs: 200 }), (error: unknown) => isSovereignError(error, 'database-locked') && (error as Error).message.includes(dir));
  } finally {
    holder.kill();
    await holder.exited;
  }
});
