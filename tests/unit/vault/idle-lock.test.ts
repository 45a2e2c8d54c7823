import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { idleCheckDelayMs, idleLockDue } from '../../../src/vault/idle-lock.js';

describe('the vault idle lock', () => {
  test('a vault set to lock after 15 minutes locks at 15 minutes of quiet, not a second before', () => {
    assert.equal(idleLockDue(15 * 60 * 1000 - 1000, 15 * 60), false);
    assert.equal(idleLockDue(15 * 60 * 1000, 15 * 60), true);
  });

  test('a setting of 0 never locks, however long the quiet', () => {
    assert.equal(idleLockDue(7 * 24 * 3600 * 1000, 0), false);
    assert.equal(idleCheckDelayMs(0), undefined);
  });

  test('the lock is looked for often enough to come at most a quarter of the setting late, and at least every 30 s', () => {
    // 4 s: every second.
    assert.equal(idleCheckDelayMs(4), 1000);
    // 15 minutes: every 30 s, not every 225 s.
    assert.equal(idleCheckDelayMs(15 * 60), 30_000);
    // 1 s: no busier than twice a second.
    assert.equal(idleCheckDelayMs(1), 500);
  });
});
