import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { unwrapDataKey, wrapDataKey } from '../../../src/core/crypto/index.js';
import { agreeAsRecipient, agreeAsSender, newRecipientKeyPair } from '../../../src/backup/recipient-key.js';

const header = Buffer.from('the header bytes');

test('a data key sealed for a public key opens with its private key and no other', () => {
  const recipient = newRecipientKeyPair();
  const stranger = newRecipientKeyPair();
  const dataKey = randomBytes(32);
  const sender = agreeAsSender(recipient.publicKey);
  const wrapped = wrapDataKey(dataKey, sender.wrappingKey, header);

  const opened = agreeAsRecipient(recipient.privateKey, sender.ephemeralPublic);
  assert.ok(opened);
  assert.deepEqual(unwrapDataKey(wrapped, opened, header), dataKey);
  const wrong = agreeAsRecipient(stranger.privateKey, sender.ephemeralPublic);
  assert.ok(wrong);
  assert.equal(unwrapDataKey(wrapped, wrong, header), null);
  assert.equal(unwrapDataKey(wrapped, opened, Buffer.from('another header')), null);
});

test('every backup gets its own ephemeral key, so two seals of one key for one recipient share nothing', () => {
  const recipient = newRecipientKeyPair();
  const first = agreeAsSender(recipient.publicKey);
  const second = agreeAsSender(recipient.publicKey);
  assert.notDeepEqual(first.ephemeralPublic, second.ephemeralPublic);
  assert.notDeepEqual(first.wrappingKey, second.wrappingKey);
  assert.equal(first.ephemeralPublic.length, 32);
});

test('an ephemeral key that is not a curve point (an altered header) opens nothing instead of throwing', () => {
  const recipient = newRecipientKeyPair();
  assert.equal(agreeAsRecipient(recipient.privateKey, Buffer.alloc(32)), null);
  assert.equal(agreeAsRecipient(recipient.privateKey, Buffer.alloc(5)), null);
});
