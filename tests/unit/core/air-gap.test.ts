import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { airGapFile, assertConnectionAllowed, isLoopbackHost, isSovereignError, readAirGap, resolvePaths, writeAirGap } from '../../../src/core/index.js';
import { tempDir } from '../../support/store.js';

function privatePaths() {
  return resolvePaths({ HOME: tempDir('sov-airgap-') });
}

test('loopback names and addresses count as this computer; everything else does not', () => {
  for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.8.9.10', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(isLoopbackHost(host), true, host);
  for (const host of ['192.0.2.1', '10.0.0.1', '0.0.0.0', '::', '2001:db8::1', 'example.com', 'localhost.example.com', '128.0.0.1', '::ffff:10.0.0.1']) {
    assert.equal(isLoopbackHost(host), false, host);
  }
});

test('the air gap is off on a fresh machine, and on once switched on, in every process that reads the file', () => {
  const paths = privatePaths();
  assert.equal(readAirGap(paths).enabled, false);
  writeAirGap(true, paths, new Date('2026-12-06T10:00:00Z'));
  assert.deepEqual(readAirGap(paths), { enabled: true, changedAt: '2026-12-06T10:00:00.000Z', problem: undefined });
  writeAirGap(false, paths);
  assert.equal(readAirGap(paths).enabled, false);
});

test('a damaged air-gap file keeps the air gap on and says which file', () => {
  const paths = privatePaths();
  fs.mkdirSync(path.dirname(airGapFile(paths)), { recursive: true });
  fs.writeFileSync(airGapFile(paths), '{"enabled": fal');
  const state = readAirGap(paths);
  assert.equal(state.enabled, true);
  assert.ok(state.problem?.includes(airGapFile(paths)), state.problem);
});

test('with the air gap on, a connection outside this computer is refused with what and where; loopback still works', () => {
  const on = { enabled: true, changedAt: undefined, problem: undefined };
  assert.throws(
    () => assertConnectionAllowed('https://huggingface.co/x/model.gguf', 'download the model', on),
    (error: unknown) => isSovereignError(error, 'permission') && /air gap is on/.test(error.message) && error.message.includes('huggingface.co') && error.message.includes('download the model'),
  );
  assert.throws(() => assertConnectionAllowed('ws://192.0.2.1:8000', 'reach the database server', on), /192\.0\.2\.1/);
  assert.throws(() => assertConnectionAllowed('0.0.0.0', 'serve the models to other machines', on), /0\.0\.0\.0/);
  assert.doesNotThrow(() => assertConnectionAllowed('http://127.0.0.1:8080/model.gguf', 'download the model', on));
  assert.doesNotThrow(() => assertConnectionAllowed('ws://localhost:8000', 'reach the database server', on));
  assert.doesNotThrow(() => assertConnectionAllowed('http://[::1]:9/x', 'download the model', on));
  assert.doesNotThrow(() => assertConnectionAllowed('https://huggingface.co/x', 'download the model', { ...on, enabled: false }));
});
