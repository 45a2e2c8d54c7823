import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import { checkPathSyntax, openReadableFile } from '../../../src/core/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-readable-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'note.md');
fs.writeFileSync(file, '# Note\n');

test('a plain absolute path to a regular file opens and reads', async () => {
  const opened = await openReadableFile(file, 1024);
  assert.equal(opened.real, fs.realpathSync(file));
  assert.equal((await opened.read()).toString(), '# Note\n');
});

test('a file:// URI is accepted as its path, percent-encoding decoded', async () => {
  const spaced = path.join(dir, 'a note.md');
  fs.writeFileSync(spaced, 'x');
  const opened = await openReadableFile('file://' + spaced.replace(' ', '%20'), 1024);
  assert.equal(opened.real, fs.realpathSync(spaced));
  await opened.read();
});

test('relative paths, dot segments and doubled slashes are refused before touching the disk', () => {
  for (const bad of ['note.md', `${dir}/../x/note.md`, `${dir}/./note.md`, `${dir}//note.md`, `${dir}/`, 'file://host/etc/passwd', 'a\0b']) {
    assert.throws(() => checkPathSyntax(bad), (error) => isSovereignError(error, 'invalid-input'), bad);
  }
});

test('a directory, a FIFO, a missing file and an oversized file each get their own error', async () => {
  await assert.rejects(openReadableFile(dir, 1024), (error) => isSovereignError(error, 'invalid-input'));
  const fifo = path.join(dir, 'pipe.md');
  const { execFileSync } = await import('node:child_process');
  execFileSync('mkfifo', [fifo]);
  await assert.rejects(openReadableFile(fifo, 1024), (error) => isSovereignError(error, 'invalid-input'));
  await assert.rejects(openReadableFile(path.join(dir, 'missing.md'), 1024), (error) => isSovereignError(error, 'not-found'));
  await assert.rejects(openReadableFile(file, 3), (error) => isSovereignError(error, 'resource'));
});

test('a symlink is followed to its target, which is what gets recorded', async () => {
  const link = path.join(dir, 'link.md');
  fs.symlinkSync(file, link);
  const opened = await openReadableFile(link, 1024);
  assert.equal(opened.real, fs.realpathSync(file));
  await opened.read();
});
