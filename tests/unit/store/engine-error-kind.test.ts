import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyEngineError, engineReason } from '../../../src/store/integrity/engine-error-kind.js';

// The first four are texts the engine (SurrealDB 3.0.2 over RocksDB) printed here for a flipped .sst, a
// flipped .blob, a deleted .blob and a second process; the others follow RocksDB's env_posix formats.
const BLOCK_CHECKSUM =
  'There was a problem with the key-value store: There was a problem with a transaction: Corruption: block checksum mismatch: stored(context removed) = 4192629205, computed = 3336374898, type = 4  in /data/db/000008.sst offset 0 size 27147';
const BLOB_CRC = 'There was a problem with the key-value store: There was a problem with a transaction: Corruption: Error while decoding blob record: Header CRC mismatch';
const BLOB_MISSING =
  'There was a problem with the key-value store: There was a problem with a transaction: IO error: No such file or directory: while stat a file for size: /data/db/000009.blob: No such file or directory';
const LOCKED_ELSEWHERE = 'There was a problem with a transaction: IO error: While lock file: /data/db/LOCK: Resource temporarily unavailable';
const LOCKED_HERE = 'IO error: lock hold by current process, acquire time 1796565209 acquiring thread 1: /data/db/LOCK: No locks available';

test('a block checksum mismatch is damage, though "block" contains "lock"', () => {
  assert.equal(classifyEngineError(BLOCK_CHECKSUM), 'damaged');
});

test('blob CRC mismatches and missing blob files are damage', () => {
  assert.equal(classifyEngineError(BLOB_CRC), 'damaged');
  assert.equal(classifyEngineError(BLOB_MISSING), 'damaged');
});

test('a LOCK file held by another process or by this one is a lock', () => {
  assert.equal(classifyEngineError(LOCKED_ELSEWHERE), 'locked');
  assert.equal(classifyEngineError(LOCKED_HERE), 'locked');
});

test('permission and disk-full errors are told apart from damage', () => {
  assert.equal(classifyEngineError('IO error: While open a file for appending: /data/db/000012.log: Permission denied'), 'permission');
  assert.equal(classifyEngineError('IO error: No space left on device: While appending to file: /data/db/000012.log'), 'disk-full');
  assert.equal(classifyEngineError('Expected a valid Datetime value'), 'other');
});

test('the reason shown is the RocksDB status without the engine wrappers', () => {
  assert.equal(engineReason(BLOB_CRC), 'Corruption: Error while decoding blob record: Header CRC mismatch');
  assert.match(engineReason(BLOCK_CHECKSUM), /^Corruption: block checksum mismatch: .* in \/data\/db\/000008\.sst offset 0 size 27147$/);
});
