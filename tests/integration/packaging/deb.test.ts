import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from '../../support/repo.js';
import { APP_FILES, GNOME_LOCATIONS } from '../../support/installed-layout.js';
import { runCli } from '../../support/run-cli.js';
import { tool } from '../../support/tools.js';

// Builds the .deb from a copy of the checkout (dpkg-buildpackage writes
// into the source tree and puts the package in its parent folder), reusing
// the node_modules npm already installed; once more, from another folder,
// to show the build is reproducible.
let work: string;
let deb: string;
let root: string;

/**
 * Copies the checkout to <parent>/sovereign and builds the package there;
 * returns the .deb. -d: the build dependencies are what the setup installed
 * from debian/control; don't depend on how this machine's node was
 * installed. gzip -1 instead of xz: the package's contents are the same, the
 * build ~70 s shorter.
 */
function buildPackage(parent: string): string {
  const source = path.join(parent, 'sovereign');
  fs.mkdirSync(source, { recursive: true });
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot });
  const tracked = files.toString('utf8').split('\0').filter((file) => file && fs.existsSync(path.join(repoRoot, file)));
  for (const file of tracked) {
    if (fs.lstatSync(path.join(repoRoot, file)).isSymbolicLink()) continue;
    fs.mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, file), path.join(source, file));
    fs.chmodSync(path.join(source, file), fs.statSync(path.join(repoRoot, file)).mode);
  }
  fs.symlinkSync(fs.realpathSync(path.join(repoRoot, 'node_modules')), path.join(source, 'node_modules'));
  tool('dpkg-buildpackage', ['-b', '-uc', '-us', '-d'], {
    cwd: source,
    env: { DPKG_DEB_COMPRESSOR_TYPE: 'gzip', DPKG_DEB_COMPRESSOR_LEVEL: '1' },
  });
  const debs = fs.readdirSync(parent).filter((name) => /^sovereign_.*\.deb$/.test(name));
  assert.equal(debs.length, 1, `one package expected, found ${debs.join(', ')}`);
  return path.join(parent, debs[0]!);
}

before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-deb-'));
  deb = buildPackage(work);
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

test('two builds of the same source in different folders give byte-identical packages', () => {
  const again = buildPackage(path.join(work, 'second-build-in-another-folder'));
  const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  if (sha(again) === sha(deb)) return;
  // Not identical: name what differs, so the failure says where to look.
  const listing = (file: string) => tool('dpkg-deb', ['-c', file]).split('\n').sort();
  const [first, second] = [listing(deb), listing(again)];
  const listed = second.filter((line) => !first.includes(line));
  const otherRoot = path.join(work, 'second-root');
  tool('dpkg-deb', ['-x', again, otherRoot]);
  const contents = tool('find', [root, '-type', 'f', '-printf', '%P\\n']).split('\n').filter(Boolean);
  const changed = contents.filter((file) => !fs.existsSync(path.join(otherRoot, file)) || sha(path.join(root, file)) !== sha(path.join(otherRoot, file)));
  const control = ['control', 'md5sums'].filter((member) => tool('dpkg-deb', ['-I', deb, member]) !== tool('dpkg-deb', ['-I', again, member]));
  assert.fail(`the packages differ:\n  files: ${changed.slice(0, 20).join(', ')}\n  control members: ${control.join(', ')}\n  listing: ${listed.slice(0, 10).join('\n')}`);
});
