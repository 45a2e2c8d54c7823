import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { defaultConfig, isSovereignError, resolvePaths } from '../../../src/core/index.js';
import { openStore } from '../../../src/store/index.js';
import { exitWhenDone, tempDir } from '../../support/store.js';

exitWhenDone();

const config = defaultConfig();
const paths = () => resolvePaths({ HOME: tempDir() });

function expectKind(kind: string, pattern?: RegExp) {
  return (error: unknown) => {
    assert.ok(isSovereignError(error), String(error));
    assert.equal(error.kind, kind, error.message);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('the default location is the embedded database in the data dir, and data survives a restart', async () => {
  const p = paths();
  // The engine keeps its lock until the process exits: write from a child, read back here.
  const script = `import { openStore } from ${JSON.stringify(path.resolve('build/src/store/index.js'))};
import { defaultConfig } from ${JSON.stringify(path.resolve('build/src/core/index.js'))};
const s = await openStore(defaultConfig(), ${JSON.stringify(p)}, { env: {} });
await s.createDocument({ id: 'kept', title: 'Kept', docType: 'text', content: 'still here' });
await s.close(); process.exit(0);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'inherit', 'inherit'] });
  assert.equal(await new Promise<number | null>((resolve) => child.on('exit', resolve)), 0);
  const store = await openStore(config, p, { env: {} });
  assert.equal(store.location, `rocksdb://${p.databaseDir}`);
  assert.equal((await store.getDocument('kept')).content, 'still here');
  await store.close();
});

test("an embedded database bounds the engine's block cache to 32 MiB, unless the user set SURREAL_ROCKSDB_BLOCK_CACHE_SIZE", async () => {
  // The engine reads the variable once per process, at its first RocksDB open: each case gets a process of its own.
  const cacheAfterOpen = async (env: NodeJS.ProcessEnv): Promise<string> => {
    const script = `import { openStore } from ${JSON.stringify(path.resolve('build/src/store/index.js'))};
import { defaultConfig } from ${JSON.stringify(path.resolve('build/src/core/index.js'))};
const s = await openStore(defaultConfig(), ${JSON.stringify(paths())}, { env: {} });
process.stdout.write(String(process.env.SURREAL_ROCKSDB_BLOCK_CACHE_SIZE));
await s.close(); process.exit(0);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'], env });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    assert.equal(await new Promise<number | null>((resolve) => child.on('exit', resolve)), 0);
    return out;
  };
  const env = { ...process.env };
  delete env['SURREAL_ROCKSDB_BLOCK_CACHE_SIZE'];
  assert.equal(await cacheAfterOpen(env), String(32 * 1024 * 1024));
  assert.equal(await cacheAfterOpen({ ...env, SURREAL_ROCKSDB_BLOCK_CACHE_SIZE: '268435456' }), '268435456');
});

test('opening the same directory twice in one process is refused, not hung', async () => {
  const p = paths();
  const store = await openStore(config, p, { env: {} });
  await assert.rejects(openStore(config, p, { env: {} }), expectKind('database-locked', /already open/));
  await store.close();
  await assert.rejects(openStore(config, p, { env: {} }), expectKind('database-locked'));
});

test('a database held by another process is reported as locked', async () => {
  const dir = path.join(tempDir(), 'db');
  const script = `import { openStore } from ${JSON.stringify(path.resolve('build/src/store/index.js'))};
import { defaultConfig, resolvePaths } from ${JSON.stringify(path.resolve('build/src/core/index.js'))};
await openStore(defaultConfig(), resolvePaths(), { url: ${JSON.stringify('rocksdb://' + dir)} });
process.stdout.write('open\\n'); setTimeout(() => process.exit(0), 20000);`;
  const holder = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    await assert.rejects(openStore(config, paths(), { url: `rocksdb://${dir}` }), expectKind('database-locked', /in use by another program/));
  } finally {
    holder.kill('SIGKILL');
  }
});

test('a corrupt database directory gives a clear error naming it', async () => {
  const dir = path.join(tempDir(), 'db');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'CURRENT'), 'garbage\n');
  await assert.rejects(openStore(config, paths(), { url: `rocksdb://${dir}` }), expectKind('database', new RegExp(`${dir}.*corrupt`, 'i')));
  const file = path.join(tempDir(), 'not-a-dir');
  fs.writeFileSync(file, 'x');
  await assert.rejects(openStore(config, paths(), { url: `rocksdb://${file}` }), expectKind('database', /cannot be opened/));
});

test('a server URL that does not answer fails within the timeout', async () => {
  const port = await closedPort();
  const quick = { ...config, store: { ...config.store, connect_timeout_ms: 1500 } };
  await assert.rejects(openStore(quick, paths(), { url: `ws://127.0.0.1:${port}` }), expectKind('database-unreachable', new RegExp(String(port))));
});

test('URLs: SOVEREIGN_DB_URL wins over config, surrealkv and unknown schemes are refused', async () => {
  const store = await openStore({ ...config, store: { ...config.store, url: 'rocksdb:///nonexistent/never' } }, paths(), { env: { SOVEREIGN_DB_URL: 'mem://' } });
  assert.equal(store.location, 'mem://');
  await store.close();
  await assert.rejects(openStore(config, paths(), { url: 'surrealkv:///tmp/x' }), expectKind('unsupported', /surrealkv/));
  await assert.rejects(openStore(config, paths(), { url: 'http://x' }), expectKind('config'));
  await assert.rejects(openStore(config, paths(), { url: 'rocksdb://relative/path' }), expectKind('config', /absolute/));
});
