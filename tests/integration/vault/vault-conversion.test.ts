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

function workspace(dataDir: string, command: string, passphrase = PASSPHRASE, rest: string[] = []): string {
  return execFileSync(process.execPath, [helper, command, dataDir, passphrase, ...rest], { encoding: 'utf8', timeout: 60_000 });
}

/** An imported page kept as an original in attachments/: conversion must seal it too. */
const ATTACHED_PHRASE = 'the harbour pilot boards at dawn 4402';
const page = path.join(files, 'pilot notes.html');
fs.writeFileSync(page, `<!doctype html><html><head><title>Pilot notes</title></head><body><article><h1>Pilot notes</h1><p>${ATTACHED_PHRASE}, weather permitting, and leaves by the north channel.</p><p>More words so the reader keeps the article.</p></article></body></html>`);

/** Text a killed editor left unsaved in the plain workspace's journal: conversion must seal it, and it must still come back. */
const UNSAVED_PHRASE = 'typed before the crash: moor at berth 12 9931';

/** The converted vault's journal holds the unsaved text only sealed, and it opens with the key. */
function assertJournalSealed(dataDir: string): void {
  assert.deepEqual(filesHolding(dataDir, UNSAVED_PHRASE), []);
  assert.equal(workspace(dataDir, 'journal'), UNSAVED_PHRASE);
}

/** The converted vault holds the page only sealed, and Show Original gives it back unchanged. */
function assertOriginalSealed(dataDir: string, ref: string): void {
  assert.deepEqual(filesHolding(dataDir, ATTACHED_PHRASE), []);
  assert.deepEqual(fs.readdirSync(path.join(dataDir, 'attachments')).length, 1);
  const shown = workspace(dataDir, 'original', PASSPHRASE, [ref, 'pilot notes.html', path.join(tempDir('sovereign-runtime-'), 'unsealed')]);
  assert.deepEqual(fs.readFileSync(shown), fs.readFileSync(page));
}

function filesHolding(dir: string, text: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && fs.readFileSync(path.join(entry.parentPath, entry.name)).includes(text))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** A plain workspace with a known document, a second version, a conversation, events and an imported page; and what it reads as. */
function plainWorkspace(): { home: string; env: NodeJS.ProcessEnv; dataDir: string; original: string; pageRef: string } {
  const { home, env } = cliHome();
  const dataDir = path.join(home, 'data', 'sovereign');
  fs.mkdirSync(dataDir, { recursive: true });
  workspace(dataDir, 'seed', '-');
  const [pageRef] = JSON.parse(workspace(dataDir, 'attach', '-', [page])) as [string];
  workspace(dataDir, 'journal', '-', [UNSAVED_PHRASE]);
  return { home, env, dataDir, original: workspace(dataDir, 'dump', '-'), pageRef };
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
    const { env, dataDir, original, pageRef } = plainWorkspace();
    const { killed } = await convertUntil(env, path.join(dataDir, marker));
    assert.equal(killed, true, 'the conversion was cut short');
    assert.equal(fs.existsSync(path.join(dataDir, 'vault.json')), false);
    assert.equal(workspace(dataDir, 'dump', '-'), original);
    assert.deepEqual(fs.readdirSync(path.join(dataDir, 'attachments')), [path.basename(pageRef)], 'the plain original is untouched');
    assert.equal(workspace(dataDir, 'journal', '-'), UNSAVED_PHRASE, 'the unsaved text is untouched');
    if (!again) return;
    const run = execFileSync(process.execPath, [cliEntry, 'vault', 'create', '--passphrase-file', passphraseFile], { env, encoding: 'utf8', timeout: 60_000 });
    assert.match(run, /Recovery key: /);
    assert.equal(workspace(dataDir, 'dump'), original);
    assert.deepEqual(fs.readdirSync(dataDir).sort(), ['attachments', 'database', 'journal', 'vault.json']);
    assert.deepEqual(filesHolding(dataDir, 'Quokka Harbour Accord'), []);
    assert.deepEqual(filesHolding(dataDir, 'lighthouse keeper'), []);
    assertOriginalSealed(dataDir, pageRef);
    assertJournalSealed(dataDir);
  });
}

test('a kill -9 right after the switch leaves a vault that the next unlock completes, with every record', async () => {
  const { env, dataDir, original, pageRef } = plainWorkspace();
  const { killed } = await convertUntil(env, path.join(dataDir, 'vault.json'));
  assert.equal(killed, true, 'the conversion was cut short');
  assert.equal(workspace(dataDir, 'dump'), original);
  assert.deepEqual(fs.readdirSync(dataDir).sort(), ['attachments', 'database', 'journal', 'vault.json']);
  assert.deepEqual(filesHolding(dataDir, 'Quokka Harbour Accord'), []);
  assertOriginalSealed(dataDir, pageRef);
  assertJournalSealed(dataDir);
});
