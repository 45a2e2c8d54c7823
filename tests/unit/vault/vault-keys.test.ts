import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import {
  changePassphrase,
  createVault,
  parseRecoveryKey,
  replaceRecoveryKey,
  unlockVault,
  unlockWithRecoveryKey,
  vaultFilePath,
  vaultStatus,
} from '../../../src/vault/index.js';

// Cheap Argon2id so the suite stays fast; the shipped cost is measured by tests/bench/vault.
const kdfCost = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
const WRONG = 'The vault did not open: the passphrase is wrong, or vault.json was altered.';

async function dataDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sovereign-vault-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

async function editKeyFile(dir: string, edit: (json: Record<string, unknown>) => void): Promise<void> {
  const file = vaultFilePath(dir);
  const json = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
  edit(json);
  await fs.writeFile(file, JSON.stringify(json));
}

test('the passphrase that created a vault unlocks the same data key, and the key file holds neither', async (t) => {
  const dir = await dataDir(t);
  const { dataKey, recoveryKey } = await createVault(dir, 'correct horse battery', { kdfCost });
  assert.equal(dataKey.length, 32);
  assert.deepEqual(await unlockVault(dir, 'correct horse battery'), dataKey);
  const text = await fs.readFile(vaultFilePath(dir), 'utf8');
  assert.equal(text.includes('correct horse'), false);
  assert.equal(text.includes(dataKey.toString('base64')), false);
  assert.equal(text.includes(dataKey.toString('hex')), false);
  assert.equal(text.includes(parseRecoveryKey(recoveryKey).toString('hex')), false);
  assert.equal(((await fs.stat(vaultFilePath(dir))).mode & 0o077), 0, 'the key file is readable by its owner only');
});

test('a wrong passphrase gets one fixed message, however close it is', async (t) => {
  const dir = await dataDir(t);
  await createVault(dir, 'correct horse battery', { kdfCost });
  for (const guess of ['correct horse batter', 'correct horse battery ', 'x']) {
    await assert.rejects(unlockVault(dir, guess), (error: unknown) => isSovereignError(error, 'permission') && error.message === WRONG && error.hint === undefined);
  }
});

test('the printed recovery key opens the vault: 8 groups of 5 hex digits, typed in any case and spacing', async (t) => {
  const dir = await dataDir(t);
  const { dataKey, recoveryKey } = await createVault(dir, 'correct horse battery', { kdfCost });
  assert.match(recoveryKey, /^[0-9a-f]{5}(-[0-9a-f]{5}){7}$/);
  assert.deepEqual(await unlockWithRecoveryKey(dir, recoveryKey.toUpperCase().replaceAll('-', ' ')), dataKey);
  const other = recoveryKey.startsWith('0') ? '1' + recoveryKey.slice(1) : '0' + recoveryKey.slice(1);
  await assert.rejects(unlockWithRecoveryKey(dir, other), /recovery key is wrong/);
  await assert.rejects(unlockWithRecoveryKey(dir, 'abc'), /That is not a recovery key/);
});

test('changing the passphrase keeps the data key and the recovery key; the old passphrase stops working', async (t) => {
  const dir = await dataDir(t);
  const { dataKey, recoveryKey } = await createVault(dir, 'correct horse battery', { kdfCost });
  await changePassphrase(dir, 'correct horse battery', 'tr0ub4dor and more', { kdfCost });
  assert.deepEqual(await unlockVault(dir, 'tr0ub4dor and more'), dataKey);
  await assert.rejects(unlockVault(dir, 'correct horse battery'), { message: WRONG });
  assert.deepEqual(await unlockWithRecoveryKey(dir, recoveryKey), dataKey);
  await assert.rejects(changePassphrase(dir, 'not the passphrase', 'another long one', { kdfCost }), { message: WRONG });
  await assert.rejects(changePassphrase(dir, 'tr0ub4dor and more', 'short', { kdfCost }), /at least 8 characters/);
});

test('a new recovery key replaces the old one', async (t) => {
  const dir = await dataDir(t);
  const { dataKey, recoveryKey } = await createVault(dir, 'correct horse battery', { kdfCost });
  const fresh = await replaceRecoveryKey(dir, 'correct horse battery');
  assert.notEqual(fresh, recoveryKey);
  assert.deepEqual(await unlockWithRecoveryKey(dir, fresh), dataKey);
  await assert.rejects(unlockWithRecoveryKey(dir, recoveryKey), /recovery key is wrong/);
});

test('Argon2id parameters edited in the key file make the unlock fail instead of deriving another key', async (t) => {
  const dir = await dataDir(t);
  await createVault(dir, 'correct horse battery', { kdfCost });
  await editKeyFile(dir, (json) => {
    (json['kdf'] as { timeCost: number }).timeCost = 2;
  });
  await assert.rejects(unlockVault(dir, 'correct horse battery'), { message: WRONG });
});

test('a flipped bit in the wrapped key fails the unlock', async (t) => {
  const dir = await dataDir(t);
  await createVault(dir, 'correct horse battery', { kdfCost });
  await editKeyFile(dir, (json) => {
    const wrap = Buffer.from(json['passphraseWrap'] as string, 'base64');
    wrap[20] = (wrap[20] ?? 0) ^ 1;
    json['passphraseWrap'] = wrap.toString('base64');
  });
  await assert.rejects(unlockVault(dir, 'correct horse battery'), { message: WRONG });
});

test('a key file that is not one is refused by name and field', async (t) => {
  const dir = await dataDir(t);
  await createVault(dir, 'correct horse battery', { kdfCost });
  await editKeyFile(dir, (json) => {
    delete json['recovery'];
  });
  await assert.rejects(unlockVault(dir, 'correct horse battery'), (error: unknown) => isSovereignError(error, 'invalid-input') && error.message.includes(vaultFilePath(dir)) && error.message.includes('recovery'));
  await fs.writeFile(vaultFilePath(dir), '{"format": 1, "cipher": "aes-256-gcm", "kdf": ');
  await assert.rejects(vaultStatus(dir), /is damaged: it is not JSON/);
  await fs.writeFile(vaultFilePath(dir), '{"format": 9}');
  await assert.rejects(vaultStatus(dir), /newer Sovereign \(vault format 9\)/);
});

test('a second vault is refused and no vault is reported as such', async (t) => {
  const dir = await dataDir(t);
  assert.deepEqual(await vaultStatus(dir), { exists: false, file: vaultFilePath(dir) });
  await assert.rejects(unlockVault(dir, 'correct horse battery'), /There is no vault in/);
  await assert.rejects(createVault(dir, 'short', { kdfCost }), /at least 8 characters/);
  await createVault(dir, 'correct horse battery', { kdfCost, now: new Date('2026-12-01T10:00:00Z') });
  await assert.rejects(createVault(dir, 'correct horse battery', { kdfCost }), /is a vault already/);
  assert.deepEqual(await vaultStatus(dir), {
    exists: true,
    file: vaultFilePath(dir),
    createdAt: '2026-12-01T10:00:00.000Z',
    kdf: { algorithm: 'argon2id', ...kdfCost },
  });
});
