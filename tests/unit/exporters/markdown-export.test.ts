import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import { ExportService } from '../../../src/exporters/export-service.js';
import { safeFileStem } from '../../../src/exporters/file-names.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

const dataDir = tempDir();
fs.mkdirSync(path.join(dataDir, 'attachments'));
fs.writeFileSync(path.join(dataDir, 'attachments', 'abc123'), 'original bytes');

const store = await openTestStore('mem');
const thread = await store.createThread({ name: 'Reading' });
const created = new Date('2025-11-02T08:30:00.000Z');
const modified = new Date('2025-11-04T17:00:00.000Z');
const book = await store.createDocument({
  title: 'Book: "Dune" / notes?',
  docType: 'markdown',
  content: '# Dune\n\nSpice *must* flow.\n',
  threadId: thread.id,
  createdAt: created,
  modifiedAt: modified,
  provenance: { sourcePath: '/home/me/dune.md', originalHash: 'abc123', importedAt: modified },
  mediaRef: 'attachments/abc123',
});
const twinA = await store.createDocument({ title: 'Notes', docType: 'markdown', content: 'first', threadId: thread.id, createdAt: new Date(created.getTime() + 1000) });
const twinB = await store.createDocument({ title: 'notes', docType: 'text', content: 'second', threadId: thread.id, createdAt: new Date(created.getTime() + 2000) });
await store.createRelationship({ kind: 'references', from: book.id, to: twinA.id });
await store.createRelationship({ kind: 'references', from: book.id, to: twinB.id });
await store.createRelationship({ kind: 'derived_from', from: twinA.id, to: book.id });
const service = new ExportService(store, dataDir);
after(() => service.close());

test('a thread exports as a folder of markdown files in a folder named after the thread, with front matter, wiki links and its attachments', async () => {
  const out = path.join(tempDir(), 'vault');
  const result = await service.export({ format: 'markdown', selection: { kind: 'thread', threadId: thread.id }, out });
  assert.equal(result.documents, 3);
  assert.deepEqual(fs.readdirSync(out).sort(), ['Reading', 'attachments']);
  assert.deepEqual(fs.readdirSync(path.join(out, 'Reading')).sort(), ['Book- -Dune- - notes.md', 'Notes.md', 'notes (2).md']);
  assert.deepEqual(fs.readdirSync(path.join(out, 'attachments')), ['abc123']);
  assert.equal(fs.readFileSync(path.join(out, 'attachments', 'abc123'), 'utf8'), 'original bytes');
  assert.equal(
    fs.readFileSync(path.join(out, 'Reading', 'Book- -Dune- - notes.md'), 'utf8'),
    [
      '---',
      'title: "Book: \\"Dune\\" / notes?"',
      'created: "2025-11-02T08:30:00.000Z"',
      'modified: "2025-11-04T17:00:00.000Z"',
      'thread: "Reading"',
      'type: "markdown"',
      'owned: true',
      'source: "/home/me/dune.md"',
      'sha256: "abc123"',
      'imported: "2025-11-04T17:00:00.000Z"',
      'attachment: "attachments/abc123"',
      'references: ["[[Notes]]","[[notes (2)|notes]]"]',
      '---',
      '',
      '# Dune',
      '',
      'Spice *must* flow.',
      '',
    ].join('\n'),
  );
  assert.match(fs.readFileSync(path.join(out, 'Reading', 'Notes.md'), 'utf8'), /^derived_from: \["\[\[Book- -Dune- - notes\|Book: \\"Dune\\" \/ notes\?\]\]"\]$/m);
  assert.match(fs.readFileSync(path.join(out, 'Reading', 'notes (2).md'), 'utf8'), /\n---\n\nsecond$/);
});

test('an export never writes into a folder that has files in it, and leaves it as it was', async () => {
  const out = tempDir();
  fs.writeFileSync(path.join(out, 'keep.txt'), 'mine');
  await assert.rejects(service.export({ format: 'markdown', selection: { kind: 'all' }, out }), (error: unknown) => isSovereignError(error, 'already-exists') && error.message.includes(out));
  assert.deepEqual(fs.readdirSync(out), ['keep.txt']);
  assert.deepEqual(fs.readdirSync(path.dirname(out)).filter((name) => name.startsWith(path.basename(out) + '.partial')), []);
});

test('file names from titles are safe on every file system', () => {
  assert.equal(safeFileStem('a/b\\c:d*e?f"g<h>i|j'), 'a-b-c-d-e-f-g-h-i-j');
  assert.equal(safeFileStem('...hidden'), 'hidden');
  assert.equal(safeFileStem('line\nbreak'), 'line break');
  assert.equal(safeFileStem('   '), 'Untitled');
  assert.equal(safeFileStem('CON'), 'CON-');
  assert.equal([...safeFileStem('é'.repeat(300))].length, 120);
});
