import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../support/run-cli.js';
import { repoRoot } from '../../support/repo.js';

const versionOf = (file: string) => (JSON.parse(fs.readFileSync(path.join(repoRoot, file), 'utf8')) as { version: string }).version;

test('sovereign --version --verbose names every native component with the version it reports', () => {
  const run = runCli(['--version', '--verbose']);
  assert.equal(run.status, 0, run.stderr);
  const rows = new Map(
    run.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [name, version] = line.split(/\s{2,}/);
        return [name!, version!] as const;
      }),
  );
  assert.equal(rows.get('Sovereign'), versionOf('package.json'));
  assert.equal(rows.get('Node.js'), process.versions.node);
  assert.equal(rows.get('OpenSSL'), process.versions.openssl);
  assert.match(rows.get('SurrealDB engine') ?? '', /^surrealdb-\d+\.\d+\.\d+/);
  assert.match(rows.get('llama.cpp') ?? '', /^\S+ \(ggml-org\/llama\.cpp\)$/);
  assert.match(run.stdout, new RegExp(`node-llama-cpp ${versionOf('node_modules/node-llama-cpp/package.json').replaceAll('.', '\\.')}`));
  assert.match(rows.get('GTK') ?? '', /^4\.\d+\.\d+$/);
  assert.match(rows.get('libadwaita') ?? '', /^1\.\d+\.\d+$/);
  assert.match(rows.get('GLib') ?? '', /^2\.\d+\.\d+$/);
  assert.match(rows.get('libvips (sharp)') ?? '', /^\d+\.\d+\.\d+$/);
  assert.equal([...rows.values()].filter((version) => version.startsWith('unavailable')).length, 0, run.stdout);

  const short = runCli(['--version']);
  assert.equal(short.stdout, `${versionOf('package.json')}\n`);
});
