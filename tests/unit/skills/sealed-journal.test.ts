import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DraftJournal } from '../../../src/skills/core/markdown-editor/index.js';
import { sealedFields } from '../../../src/store/index.js';
import { tempDir } from '../../support/store.js';

const TYPED = 'the lighthouse keeper signs on Thursday 7719';

test('in a vault the editor journal keeps typed text sealed on disk and gives it back with the key', async () => {
  const dir = path.join(tempDir(), 'journal');
  const cipher = sealedFields(randomBytes(32));
  const journal = new DraftJournal(dir, cipher);
  await journal.write('accord', TYPED);
  const onDisk = fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name), 'utf8'));
  assert.equal(onDisk.length, 1);
  assert.equal(onDisk[0]!.includes('lighthouse'), false, onDisk[0]);
  assert.equal((await new DraftJournal(dir, cipher).read('accord'))?.content, TYPED);
});

test('a sealed journal entry does not open under another key: it is set aside, not read as text', async () => {
  const dir = path.join(tempDir(), 'journal');
  await new DraftJournal(dir, sealedFields(randomBytes(32))).write('accord', TYPED);
  assert.equal(await new DraftJournal(dir, sealedFields(randomBytes(32))).read('accord'), undefined);
  assert.deepEqual(fs.readdirSync(dir), ['accord.json.damaged']);
});
