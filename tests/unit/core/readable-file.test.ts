import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import { checkPathSyntax, decodeUtf8, displayPath, openReadableFile, readTextFile } from '../../../src/core/index.js';

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
  const opened = await openReadableFile(checkPathSyntax('file://' + spaced.replace(' ', '%20')), 1024);
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

test('a symlink is judged by its target: notes.txt pointing at a file without extension has none', async () => {
  const target = path.join(dir, 'os-release');
  fs.writeFileSync(target, 'NAME=x\n');
  const link = path.join(dir, 'notes.txt');
  fs.symlinkSync(target, link);
  const opened = await openReadableFile(link, 1024);
  assert.deepEqual([opened.name, opened.extension], ['os-release', '']);
  await opened.close();
});

test('a device is refused without reading it, a FIFO without blocking, a link loop by name', async () => {
  await assert.rejects(openReadableFile('/dev/zero', 1024), (error) => isSovereignError(error, 'invalid-input') && /a device/.test(error.message));
  const fifo = path.join(dir, 'pipe.txt');
  const { execFileSync } = await import('node:child_process');
  execFileSync('mkfifo', [fifo]);
  await assert.rejects(readTextFile(fifo, 1024), (error) => isSovereignError(error, 'invalid-input') && /named pipe/.test(error.message));
  const loop = path.join(dir, 'loop.md');
  fs.symlinkSync(loop, loop);
  await assert.rejects(openReadableFile(loop, 1024), (error) => isSovereignError(error, 'invalid-input') && /loop of symbolic links/.test(error.message));
});

test('invalid UTF-8 is refused with the offset of the first bad byte; a real U+FFFD is fine', () => {
  assert.throws(() => decodeUtf8(Buffer.from([0x68, 0x69, 0xff, 0x21]), 'x.txt'), (error) => isSovereignError(error, 'invalid-input') && /offset 2/.test(error.message));
  assert.throws(() => decodeUtf8(Buffer.concat([Buffer.from('\ufffd ok '), Buffer.from([0xc3])]), 'y.txt'), (error) => isSovereignError(error, 'invalid-input') && /offset 7/.test(error.message));
  assert.equal(decodeUtf8(Buffer.from('caf\u00e9 \ufffd'), 'z.txt'), 'caf\u00e9 \ufffd');
});

test('a newline or escape in a file name is shown escaped on one line', () => {
  assert.equal(displayPath('/tmp/a\nb\u001b.md'), '/tmp/a\\nb\\x1b.md');
});
