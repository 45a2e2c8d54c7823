import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cliHome } from '../../support/cli-home.js';
import { cliEntry } from '../../support/repo.js';
import { tempDir } from '../../support/store.js';

const helper = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'support', 'vault-workspace.js');
const PASSPHRASE = 'correct horse battery staple';
const files = tempDir('sovereign-vault-files-');
const passphraseFile = path.join(files, 'passphrase');
fs.writeFileSync(passphraseFile, `${PASSPHRASE}\n`);

function workspace(dataDir: string, command: string, passphrase = PASSPHRASE): string {
  return execFileSync(process.execPath, [helper, command, dataDir, passphrase], { encoding: 'utf8', timeout: 60_000 });
}

function filesHolding(dir: string, text: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && fs.readFileSync(path.join(entry.parentPath, entry.name)).includes(text))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** A plain workspace with a known document, a second version, a conversation and events; and what it reads as. */
function plainWorkspace(): { home: string; env: NodeJS.ProcessEnv; dataDir: string; original: string } {
  const { home, env } = cliHome();
  const dataDir = path.join(home, 'data', 'sovereign');
  fs.mkdirSync(dataDir, { recursive: true });
  workspace(dataDir, 'seed', '-');
  return { home, env, dataDir, original: workspace(dataDir, 'dump', '-') };
}

/** Runs `sovereign vault create` and kills it with SIGKILL the moment `marker` exists. */
async function convertUntil(env: NodeJS.ProcessEnv, marker: string): Promise<{ killed: boolean }> {
  const child = spawn(process.execPath, [cliEntry, 'vault', 'create', '--passphrase-file', passphraseFile], { env, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  let done = false;
  void exited.then(() => (done = true));
  while (!done && !fs.existsSync(marker)) await new Promise((resolve) => setImmediate(resolve));
  if (!done) child.kill('SIGKILL');
  return { killed: (await exited) === 'SIGKILL' };
}

for (const [when, marker, again] of [
  ['while the sealed copy is being built', 'vault-conversion/vault.json', true],
  ['while the sealed database is being written', 'vault-conversion/database', false],
] as const) {
  test(`a kill -9 ${when} leaves the plain workspace as it was${again ? ', and a later conversion keeps every record and leaves no file holding its words' : ''}`, async () => {
    const { env, dataDir, original } = plainWorkspace();
    const { killed } = await convertUntil(env, path.join(dataDir, marker));
    assert.equal(killed, true, 'the conversion was cut short');
    assert.equal(fs.existsSync(path.join(dataDir, 'vault.json')), false);
    assert.equal(workspace(dataDir, 'dump', '-'), original);
    if (!again) return;
    const run = execFileSync(process.execPath, [cliEntry, 'vault', 'create', '--passphrase-file', passphraseFile], { env, encoding: 'utf8', timeout: 60_000 });
    assert.match(run, /Recovery key: /);
    assert.equal(workspace(dataDir, 'dump'), original);
    assert.deepEqual(fs.readdirSync(dataDir).sort(), ['database', 'vault.json']);
    assert.deepEqual(filesHolding(dataDir, 'Quokka Harbour Accord'), []);
    assert.deepEqual(filesHolding(dataDir, 'lighthouse keeper'), []);
  });
}

test('a kill -9 right after the switch leaves a vault that the next unlock completes, with every record', async () => {
  const { env, dataDir, original } = plainWorkspace();
  const { killed } = await convertUntil(env, path.join(dataDir, 'vault.json'));
  assert.equal(killed, true, 'the conversion was cut short');
  assert.equal(workspace(dataDir, 'dump'), original);
  assert.deepEqual(fs.readdirSync(dataDir).sort(), ['database', 'vault.json']);
  assert.deepEqual(filesHolding(dataDir, 'Quokka Harbour Accord'), []);
});
