import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from '../../support/repo.js';
import { APP_FILES, GNOME_LOCATIONS } from '../../support/installed-layout.js';
import { runCli } from '../../support/run-cli.js';
import { tool } from '../../support/tools.js';

// Builds the .deb once, from a copy of the checkout (dpkg-buildpackage
// writes into the source tree and puts the package in its parent folder),
// reusing the node_modules npm already installed.
let work: string;
let source: string;
let deb: string;
let root: string;

/** Every path under dir (folders, files, links), depth first. */
function* walk(dir: string): Generator<string> {
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, item.name);
    yield file;
    if (item.isDirectory()) yield* walk(file);
  }
}

before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-deb-'));
  source = path.join(work, 'sovereign');
  fs.mkdirSync(source);
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot });
  const tracked = files.toString('utf8').split('\0').filter((file) => file && fs.existsSync(path.join(repoRoot, file)));
  for (const file of tracked) {
    if (fs.lstatSync(path.join(repoRoot, file)).isSymbolicLink()) continue;
    fs.mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, file), path.join(source, file));
    fs.chmodSync(path.join(source, file), fs.statSync(path.join(repoRoot, file)).mode);
  }
  fs.symlinkSync(fs.realpathSync(path.join(repoRoot, 'node_modules')), path.join(source, 'node_modules'));
  // -d: the build dependencies are what the setup installed from
  // debian/control; don't depend on how this machine's node was installed.
  // gzip -1 instead of xz: the package's contents are the same, the build
  // ~70 s shorter.
  tool('dpkg-buildpackage', ['-b', '-uc', '-us', '-d'], {
    cwd: source,
    env: { DPKG_DEB_COMPRESSOR_TYPE: 'gzip', DPKG_DEB_COMPRESSOR_LEVEL: '1' },
  });
  const debs = fs.readdirSync(work).filter((name) => /^sovereign_.*\.deb$/.test(name));
  assert.equal(debs.length, 1, `one package expected, found ${debs.join(', ')}`);
  deb = path.join(work, debs[0]!);
  root = path.join(work, 'root');
  tool('dpkg-deb', ['-x', deb, root]);
});

after(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('lintian reports no errors', () => {
  // lintian exits non-zero on errors (its default --fail-on error); tool() throws with the report.
  const report = tool('lintian', ['--no-tag-display-limit', deb]);
  assert.doesNotMatch(report, /^E: /m);
});

test('the package depends on the node it was built for and the GNOME libraries', () => {
  const depends = tool('dpkg-deb', ['-f', deb, 'Depends']);
  const major = Number(process.versions.node.split('.')[0]);
  assert.match(depends, new RegExp(`nodejs \\(<< ${major + 1}~\\)`));
  assert.match(depends, /libadwaita-1-0/);
  assert.match(depends, /libgirepository-1\.0-1/, 'found by dpkg-shlibdeps from node-gtk');
  assert.equal(tool('dpkg-deb', ['-f', deb, 'Architecture']).trim(), tool('dpkg', ['--print-architecture']).trim());
});

test('binary, desktop file, metainfo, schema and icons are where GNOME looks for them', () => {
  for (const file of [...GNOME_LOCATIONS, ...APP_FILES]) assert.ok(fs.existsSync(path.join(root, file)), `${file} is missing`);
});

test('sovereign --version runs from the unpacked package', () => {
  const result = runCli(['--version'], { command: path.join(root, 'usr/bin/sovereign') });
  assert.equal(result.status, 0, result.stderr);
  const control = tool('dpkg-deb', ['-f', deb, 'Version']).trim();
  assert.equal(result.stdout.trim(), control);
});

// Reproducibility, the part one build can show (build-aux/check-reproducible
// builds twice and compares): nothing of the build's own time or place.
test('no file in the package is dated later than its changelog entry', () => {
  const entry = Number(tool('dpkg-parsechangelog', ['-STimestamp'], { cwd: source }).trim());
  const later = [...walk(root)].filter((file) => fs.lstatSync(file).mtimeMs / 1000 > entry);
  assert.deepEqual(later.map((file) => path.relative(root, file)), []);
});

test('no installed file names the folder the package was built in', () => {
  const buildFolder = Buffer.from(work);
  const naming = [...walk(root)].filter((file) => fs.lstatSync(file).isFile() && fs.readFileSync(file).includes(buildFolder));
  assert.deepEqual(naming.map((file) => path.relative(root, file)), []);
});
