import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { cliEntry, repoRoot } from '../../support/repo.js';

const run = promisify(execFile);
const fixture = path.join(repoRoot, 'tests', 'fixtures', 'canvas', 'sample-workspace.json');

async function sovereign(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliEntry, ...args], { env: { ...process.env, LANG: 'C' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('sovereign canvas render writes a PNG of the requested size and reports it as JSON', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-canvas-'));
  try {
    const out = path.join(dir, 'shot.png');
    const result = await sovereign(['canvas', 'render', '--workspace', fixture, '--out', out, '--size', '800x500', '--theme', 'dark', '--viewport', '2026-02-24..2026-03-09', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { widthPx: number; heightPx: number; lod: string; documents: number };
    assert.deepEqual([report.widthPx, report.heightPx, report.lod, report.documents], [800, 500, 'full', 9]);
    const png = PNG.sync.read(fs.readFileSync(out));
    assert.deepEqual([png.width, png.height], [800, 500]);
    // The dark theme's canvas background (#242424) fills the top-right corner below the ruler.
    const o = (60 * 800 + 790) * 4;
    assert.deepEqual([...png.data.subarray(o, o + 3)], [0x24, 0x24, 0x24]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input is refused with a specific message', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-canvas-'));
  try {
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{"documents": [');
    const malformed = await sovereign(['canvas', 'render', '--workspace', broken, '--out', path.join(dir, 'x.png')]);
    assert.equal(malformed.code, 1);
    assert.match(malformed.stderr, /broken\.json: it is not valid JSON/);
    assert.equal(fs.existsSync(path.join(dir, 'x.png')), false, 'nothing written');
    const size = await sovereign(['canvas', 'render', '--workspace', fixture, '--out', path.join(dir, 'x.png'), '--size', 'huge']);
    assert.equal(size.code, 2);
    assert.match(size.stderr, /WIDTHxHEIGHT/);
    const missing = await sovereign(['canvas', 'render', '--workspace', path.join(dir, 'nope.json'), '--out', path.join(dir, 'x.png')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no such file/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('sovereign canvas render reads a workspace database directory through the store', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-canvas-db-'));
  try {
    const db = path.join(dir, 'database');
    // Seeded in a child process: the embedded engine keeps its lock until the process that opened it exits.
    const seed = `
      import { openStore } from ${JSON.stringify(path.join(repoRoot, 'build', 'src', 'store', 'index.js'))};
      import { defaultConfig, resolvePaths } from ${JSON.stringify(path.join(repoRoot, 'build', 'src', 'core', 'index.js'))};
      const store = await openStore(defaultConfig(), resolvePaths(process.env), { url: ${JSON.stringify(`rocksdb://${db}`)} });
      const thread = await store.createThread({ name: 'Budget', colour: '#3584e4' });
      for (let i = 0; i < 12; i++) {
        await store.createDocument({ title: 'Note ' + i, docType: 'markdown', content: '', threadId: thread.id, createdAt: new Date(Date.UTC(2026, 1, 1 + i)) });
      }
      await store.close();
      process.exit(0);`;
    await run(process.execPath, ['--input-type=module', '-e', seed], { env: { ...process.env, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir } });
    const out = path.join(dir, 'shot.png');
    const result = await sovereign(['canvas', 'render', '--workspace', db, '--out', out, '--size', '640x400', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { documents: number; lod: string };
    assert.equal(report.documents, 12);
    assert.equal(PNG.sync.read(fs.readFileSync(out)).width, 640);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
