import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { repoRoot } from './repo.js';
import { runCli, type CliResult } from './run-cli.js';
import { tempDir } from './store.js';

/** A workspace on disk (rocksdb) under a private XDG data dir, for breaking on purpose. */
export interface DiskWorkspace {
  /** Environment for `sovereign` and child scripts: XDG_DATA_HOME points at the workspace. */
  env: Record<string, string>;
  dataHome: string;
  /** $XDG_DATA_HOME/sovereign/database */
  dbDir: string;
  ids: string[];
}

const built = (file: string) => JSON.stringify(path.join(repoRoot, 'build', file));

/**
 * Creates `count` documents (each linked to the next `linksPerDocument`
 * ones) in a child process, then lists them with the
 * CLI: that second open replays the write-ahead log into .sst and .blob
 * files, so the folder looks like a workspace that has been used for a
 * while. Contents are 30-150 KB, large enough for the engine to keep them
 * in blob files.
 */
export function createDiskWorkspace(count = 30, dataHome = tempDir('sovereign-damaged-'), options: { linksPerDocument?: number } = {}): DiskWorkspace {
  const dbDir = path.join(dataHome, 'sovereign', 'database');
  const script = `import { openStore } from ${built('src/store/index.js')};
import { defaultConfig, resolvePaths } from ${built('src/core/index.js')};
const store = await openStore(defaultConfig(), resolvePaths({ HOME: ${JSON.stringify(dataHome)}, XDG_DATA_HOME: ${JSON.stringify(dataHome)} }));
const docs = Array.from({ length: ${count} }, (_, i) => ({
  title: 'Note ' + i, docType: 'markdown', content: ('Paragraph ' + i + ' of a long note. ').repeat(1000 + i * 150),
}));
const created = await store.createDocuments(docs, {});
const links = created.flatMap((doc, i) => Array.from({ length: ${options.linksPerDocument ?? 0} }, (_, j) => ({
  from: doc.id, to: created[(i + j + 1) % created.length].id, kind: 'related', strength: 0.5,
})));
for (let i = 0; i < links.length; i += 100) await store.createRelationships(links.slice(i, i + 100));
await store.close();
process.stdout.write(JSON.stringify(created.map((d) => d.id)), () => process.exit(0));`;
  const writer = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(writer.status, 0, writer.stderr);
  const ids = JSON.parse(writer.stdout) as string[];
  const env = { XDG_DATA_HOME: dataHome };
  const listed = listDocuments(env);
  assert.equal(listed.status, 0, listed.stderr);
  assert.equal(listed.ids.length, count);
  const names = fs.readdirSync(dbDir);
  assert.ok(names.some((name) => name.endsWith('.sst')) && names.some((name) => name.endsWith('.blob')), `data files in ${names.join(' ')}`);
  return { env, dataHome, dbDir, ids };
}

/** `sovereign doc ls --json` over every document, with the ids it printed. */
export function listDocuments(env: Record<string, string>): CliResult & { ids: string[] } {
  const run = runCli(['doc', 'ls', '--json', '--limit', '1000'], { env });
  const ids = run.status === 0 ? (JSON.parse(run.stdout) as { items: { id: string }[] }).items.map((item) => item.id) : [];
  return { ...run, ids };
}

/** sha256 of every file in a folder, by name. */
export function hashFolder(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    hashes[name] = crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, name))).digest('hex');
  }
  return hashes;
}

/** The largest file in the folder whose name ends with `suffix`. */
export function largestFile(dir: string, suffix: string): string {
  const files = fs.readdirSync(dir).filter((name) => name.endsWith(suffix)).map((name) => path.join(dir, name));
  assert.ok(files.length > 0, `no ${suffix} file in ${dir}`);
  return files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]!;
}

/** Inverts `length` bytes of a file, as a failing disk would; `where` is the position as a fraction of the size (the middle by default). */
export function flipBytes(file: string, length: number, where = 0.5): void {
  const fd = fs.openSync(file, 'r+');
  try {
    const size = fs.fstatSync(fd).size;
    const at = Math.max(0, Math.floor((size - length) * where));
    const bytes = Buffer.alloc(Math.min(length, size));
    fs.readSync(fd, bytes, 0, bytes.length, at);
    for (let i = 0; i < bytes.length; i++) bytes[i] = bytes[i]! ^ 0xff;
    fs.writeSync(fd, bytes, 0, bytes.length, at);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Opens the folder with the engine directly, past Sovereign's checks, the
 * way the first release did; resolves with the engine's error, if any.
 */
export function openWithBareEngine(dir: string): string {
  const script = `import { createNodeEngines } from '@surrealdb/node';
import { Surreal, createRemoteEngines } from 'surrealdb';
const engines = createNodeEngines();
const db = new Surreal({ engines: { ...createRemoteEngines(), rocksdb: (context) => {
  const engine = engines.rocksdb(context);
  engine.subscribe('error', (error) => { process.stdout.write(String(error?.cause?.message ?? error), () => process.exit(0)); });
  return engine;
} } });
setTimeout(() => process.exit(2), 20000);
await db.connect(${JSON.stringify('rocksdb://' + dir)}, { namespace: 'sovereign', database: 'main' });
process.stdout.write('opened', () => process.exit(0));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

/** A child process that holds the workspace database open until the test file ends. */
export async function holdOpen(workspace: DiskWorkspace): Promise<ChildProcess> {
  const script = `import { openStore } from ${built('src/store/index.js')};
import { defaultConfig, resolvePaths } from ${built('src/core/index.js')};
await openStore(defaultConfig(), resolvePaths({ HOME: ${JSON.stringify(workspace.dataHome)}, XDG_DATA_HOME: ${JSON.stringify(workspace.dataHome)} }));
process.stdout.write('open\\n');
setInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  after(() => child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('open') && resolve());
    child.once('exit', (code) => reject(new Error(`the holder exited (${code})`)));
  });
  return child;
}
