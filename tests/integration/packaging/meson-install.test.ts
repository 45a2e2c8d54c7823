import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from '../../support/repo.js';
import { APP_FILES, GNOME_LOCATIONS } from '../../support/installed-layout.js';
import { runCli } from '../../support/run-cli.js';
import { tool } from '../../support/tools.js';

// One meson build for the whole file: setup, compile, install into a DESTDIR.
let work: string;
let buildDir: string;
let root: string;

before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-meson-'));
  buildDir = path.join(work, 'build');
  root = path.join(work, 'root');
  tool('meson', ['setup', buildDir, '--prefix=/usr'], { cwd: repoRoot });
  tool('meson', ['compile', '-C', buildDir]);
  tool('meson', ['install', '-C', buildDir, '--no-rebuild', '--quiet', `--destdir=${root}`]);
});

after(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('meson test runs the desktop, AppStream and schema validators and they pass', () => {
  const output = tool('meson', ['test', '-C', buildDir, '--no-rebuild', '--print-errorlogs']);
  for (const name of ['desktop-file-validate', 'appstreamcli-validate', 'glib-compile-schemas']) {
    assert.match(output, new RegExp(`${name} +OK`));
  }
  assert.match(output, /Fail: +0/);
});

test('every file is installed where GNOME looks for it', () => {
  for (const file of [...GNOME_LOCATIONS, ...APP_FILES]) assert.ok(fs.existsSync(path.join(root, file)), `${file} is missing`);
  assert.ok((fs.statSync(path.join(root, 'usr/bin/sovereign')).mode & 0o111) !== 0, 'the launcher is executable');
});

test('the launcher runs an absolute node', () => {
  const launcher = fs.readFileSync(path.join(root, 'usr/bin/sovereign'), 'utf8');
  const node = /exec '([^']+)'/.exec(launcher)?.[1];
  assert.ok(node && path.isAbsolute(node), launcher);
  assert.ok(fs.existsSync(node));
});

test('the launcher starts node with malloc held to two arenas, unless the caller chose a number', () => {
  // The environment node itself started with, as glibc read it: a preload prints it, then --version runs as usual.
  const preload = path.join(work, 'print-arena-max.cjs');
  fs.writeFileSync(preload, 'process.stderr.write(`arenas=${process.env.MALLOC_ARENA_MAX}\\n`);\n');
  const command = path.join(root, 'usr/bin/sovereign');
  const started = (env: NodeJS.ProcessEnv) => {
    const run = runCli(['--version'], { command, env: { NODE_OPTIONS: `--require=${preload}`, ...env } });
    assert.equal(run.status, 0, run.stderr);
    return /^arenas=(.*)$/m.exec(run.stderr)?.[1];
  };
  assert.equal(started({}), '2');
  assert.equal(started({ MALLOC_ARENA_MAX: '6' }), '6');
});

test('node_modules sits under lib (it holds native addons) and only this platform\'s addons are there', () => {
  const link = path.join(root, 'usr/share/sovereign/node_modules');
  assert.ok(fs.lstatSync(link).isSymbolicLink());
  assert.ok(!path.isAbsolute(fs.readlinkSync(link)), 'a relative link, so the tree can move');
  assert.match(fs.realpathSync(link), /\/usr\/lib\/([^/]+\/)?sovereign\/node_modules$/);
  const surreal = fs.readdirSync(path.join(link, '@surrealdb/node/dist')).filter((name) => name.endsWith('.node'));
  assert.deepEqual(surreal, [`surrealdb-node.linux-${process.arch}-gnu.node`]);
  for (const devOnly of ['typescript-eslint', 'eslint', 'pixelmatch', '@types']) {
    assert.ok(!fs.existsSync(path.join(link, devOnly)), `${devOnly} is a devDependency and must not be installed`);
  }
});

test('the installed sovereign runs from the DESTDIR and speaks German under LANGUAGE=de', () => {
  const command = path.join(root, 'usr/bin/sovereign');
  const version = runCli(['--version'], { command });
  assert.equal(version.status, 0, version.stderr);
  const expected = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  assert.equal(version.stdout.trim(), expected);
  const help = runCli(['--help'], { command, env: { LANGUAGE: 'de' } });
  assert.match(help.stdout, /^Aufruf: sovereign/);
});

test('the installed data files validate and the desktop file is translated', () => {
  const desktop = path.join(root, 'usr/share/applications/org.sovereign.Sovereign.desktop');
  tool('desktop-file-validate', [desktop]);
  const entry = fs.readFileSync(desktop, 'utf8');
  assert.match(entry, /^DBusActivatable=true$/m);
  assert.match(entry, /^MimeType=.*text\/markdown;.*application\/pdf;/m);
  assert.match(entry, /^Comment\[de\]=Notizen und Dokumente/m);
  tool('appstreamcli', ['validate', '--no-net', path.join(root, 'usr/share/metainfo/org.sovereign.Sovereign.metainfo.xml')]);
  tool('glib-compile-schemas', ['--strict', `--targetdir=${work}`, path.join(root, 'usr/share/glib-2.0/schemas')]);
  assert.ok(fs.existsSync(path.join(work, 'gschemas.compiled')));
});
