import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import { launchDefault } from '../../../src/ui/launch-default.js';

test('opening an exported file given by a relative path is refused, naming the path', () => {
  assert.throws(
    () => launchDefault('Exports/Report.pdf'),
    (error: unknown) => isSovereignError(error, 'invalid-input') && error.message.includes('Exports/Report.pdf') && /not absolute/.test(error.message),
  );
});

test('opening an exported file that was moved away says it is no longer where it was saved', () => {
  const gone = path.join(os.tmpdir(), `sovereign-moved-${process.pid}`, 'Project Alpha.pdf');
  assert.throws(
    () => launchDefault(gone),
    (error: unknown) => isSovereignError(error, 'not-found') && error.message.includes('Project Alpha.pdf') && error.message.includes(gone),
  );
});
