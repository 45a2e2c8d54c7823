import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import { importTypeOf, textDocumentFromFile } from '../../../src/dbus/text-import.js';

test('markdown takes its title from the first heading', () => {
  const draft = textDocumentFromFile('/x/plan.md', Buffer.from('intro\n# Budget 2026 #\nbody'));
  assert.deepEqual([draft.title, draft.docType], ['Budget 2026', 'markdown']);
});

test('plain text takes its title from the file name and loses a BOM', () => {
  const draft = textDocumentFromFile('/x/Meeting notes.txt', Buffer.from('\ufeffhello'));
  assert.deepEqual([draft.title, draft.docType, draft.content], ['Meeting notes', 'text', 'hello']);
});

test('unsupported types name the supported ones', () => {
  assert.throws(() => importTypeOf('/x/report.pdf'), (error) => isSovereignError(error, 'unsupported') && /\.md/.test(error.describe()));
});

test('bytes that are not UTF-8, or that hold NULs, are refused', () => {
  assert.throws(() => textDocumentFromFile('/x/a.txt', Buffer.from([0xff, 0xfe, 0x41])), (error) => isSovereignError(error, 'invalid-input'));
  assert.throws(() => textDocumentFromFile('/x/a.txt', Buffer.from('a\0b')), (error) => isSovereignError(error, 'invalid-input'));
});
