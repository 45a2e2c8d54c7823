import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../support/repo.js';
import { runCli } from '../../support/run-cli.js';

const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

test('--help describes the command and exits 0', () => {
  const result = runCli(['--help']);
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^Usage: sovereign \[options\]/);
  assert.match(result.stdout, /-v, --version +Print the version and exit/);
  assert.equal(result.stderr, '');
});

test('--version and -v print the package version and exit 0', () => {
  for (const flag of ['--version', '-v']) {
    const result = runCli([flag]);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, `${version}\n`);
  }
});

test('an unknown command is named, with where to look, and exits 2', () => {
  const result = runCli(['frobnicate']);
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^sovereign: unknown command 'frobnicate'\n/);
  assert.match(result.stderr, /Run 'sovereign --help' to see the commands\./);
});

test('an unknown flag is named and exits 2', () => {
  const result = runCli(['--frobnicate']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /^sovereign: unknown option '--frobnicate'\n/);
  assert.match(result.stderr, /Run 'sovereign --help'/);
});
