import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cliHome } from '../../support/cli-home.js';
import { tempDir } from '../../support/store.js';

// Each step runs the real `sovereign` in its own process against one private workspace, in order.
const { home, sovereign } = cliHome();
const files = tempDir('sovereign-vault-files-');
const passphrase = path.join(files, 'passphrase');
const wrong = path.join(files, 'wrong');
const next = path.join(files, 'next');
fs.writeFileSync(passphrase, 'correct horse battery\n');
fs.writeFileSync(wrong, 'correct horse batterY\n');
fs.writeFileSync(next, 'a brand new passphrase\n');
const vaultFile = path.join(home, 'data', 'sovereign', 'vault.json');
const WRONG = 'The vault did not open: the passphrase is wrong, or vault.json was altered.';

test('vault create makes an empty workspace a vault and prints its recovery key once', () => {
  assert.match(sovereign(['vault', 'status']).stdout, /is not a vault/);
  const created = sovereign(['vault', 'create', '--passphrase-file', passphrase, '--json']);
  assert.equal(created.status, 0, created.stderr);
  const { file, recoveryKey } = JSON.parse(created.stdout) as { file: string; recoveryKey: string };
  assert.equal(file, vaultFile);
  assert.match(recoveryKey, /^[0-9a-f]{5}(-[0-9a-f]{5}){7}$/);
  assert.equal(fs.readFileSync(vaultFile, 'utf8').includes(recoveryKey), false);
  assert.match(sovereign(['vault', 'status']).stdout, /is an encrypted vault .* Argon2id with 64 MiB, 2 passes/);
});

test('a command that opens the store says the vault is locked when no passphrase can be asked', () => {
  const run = sovereign(['doc', 'ls']);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /This workspace is a locked vault: run this in a terminal to type its passphrase, or set SOVEREIGN_PASSPHRASE_FILE/);
});

test('with the passphrase a document is added, listed and found, and no file in the data or cache folders holds its title', () => {
  const env = { SOVEREIGN_PASSPHRASE_FILE: passphrase };
  const added = sovereign(['doc', 'add', 'Quokka Harbour Accord', '-c', 'the lighthouse keeper signs 7719'], env);
  assert.equal(added.status, 0, added.stderr);
  assert.match(sovereign(['doc', 'ls'], env).stdout, /Quokka Harbour Accord/);
  assert.match(sovereign(['search', 'lighthouse'], env).stdout, /Quokka Harbour Accord/);
  const holding = fs
    .readdirSync(home, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .filter((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name)).includes('Quokka Harbour') || fs.readFileSync(path.join(entry.parentPath, entry.name)).includes('lighthouse keeper'))
    .map((entry) => path.join(entry.parentPath, entry.name));
  assert.deepEqual(holding, []);
  const refused = sovereign(['doc', 'ls'], { SOVEREIGN_PASSPHRASE_FILE: wrong });
  assert.equal(refused.status, 1);
  assert.equal(refused.stderr.trim(), `sovereign: ${WRONG}`);
});

test('change-passphrase switches passphrases; recovery-key replaces the recovery key', () => {
  assert.equal(sovereign(['vault', 'unlock', '--passphrase-file', wrong]).stderr.trim(), `sovereign: ${WRONG}`);
  assert.match(sovereign(['vault', 'unlock', '--passphrase-file', passphrase]).stdout, /The passphrase opens the vault/);
  const changed = sovereign(['vault', 'change-passphrase', '--passphrase-file', passphrase, '--new-passphrase-file', next]);
  assert.equal(changed.status, 0, changed.stderr);
  assert.equal(sovereign(['vault', 'unlock', '--passphrase-file', passphrase]).status, 1);
  assert.match(sovereign(['doc', 'ls'], { SOVEREIGN_PASSPHRASE_FILE: next }).stdout, /Quokka Harbour Accord/);
  const replaced = sovereign(['vault', 'recovery-key', '--passphrase-file', next]);
  assert.match(replaced.stdout, /^Recovery key: [0-9a-f]{5}(-[0-9a-f]{5}){7}\n.*shown only now/);
});

test('reset-passphrase sets a new passphrase with the recovery key; a wrong key changes nothing', () => {
  const printed = sovereign(['vault', 'recovery-key', '--passphrase-file', next, '--json']);
  const { recoveryKey } = JSON.parse(printed.stdout) as { recoveryKey: string };
  const keyFile = path.join(files, 'recovery-key');
  const wrongKeyFile = path.join(files, 'wrong-recovery-key');
  const reset = path.join(files, 'reset');
  fs.writeFileSync(keyFile, `${recoveryKey}\n`);
  fs.writeFileSync(wrongKeyFile, `${recoveryKey.slice(0, -1)}${recoveryKey.endsWith('0') ? '1' : '0'}\n`);
  fs.writeFileSync(reset, 'forgotten and reset 2026\n');
  const refused = sovereign(['vault', 'reset-passphrase', '--recovery-key-file', wrongKeyFile, '--new-passphrase-file', reset]);
  assert.equal(refused.status, 1);
  assert.equal(refused.stderr.trim(), 'sovereign: The vault did not open: the recovery key is wrong, or vault.json was altered.');
  assert.equal(sovereign(['vault', 'unlock', '--passphrase-file', next]).status, 0);
  const done = sovereign(['vault', 'reset-passphrase', '--recovery-key-file', keyFile, '--new-passphrase-file', reset]);
  assert.equal(done.stdout.trim(), 'The vault passphrase is reset.', done.stderr);
  assert.equal(sovereign(['vault', 'unlock', '--passphrase-file', next]).stderr.trim(), `sovereign: ${WRONG}`);
  assert.match(sovereign(['doc', 'ls'], { SOVEREIGN_PASSPHRASE_FILE: reset }).stdout, /Quokka Harbour Accord/);
  // The recovery key still opens the vault after the reset.
  assert.equal(sovereign(['vault', 'reset-passphrase', '--recovery-key-file', keyFile, '--new-passphrase-file', next]).status, 0);
});

test('vault lock with no Sovereign running says the vault is locked', () => {
  const locked = sovereign(['vault', 'lock']);
  assert.equal(locked.status, 0, locked.stderr);
  assert.equal(locked.stdout.trim(), 'Sovereign is not running; the vault is locked.');
});
