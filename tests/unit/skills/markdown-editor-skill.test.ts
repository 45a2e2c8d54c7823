import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import { MarkdownEditorSkill } from '../../../src/skills/core/markdown-editor/index.js';
import { tempDir } from '../../support/store.js';

test('the markdown editor skill is healthy when it can keep a journal of unsaved text', async () => {
  const dataDir = path.join(tempDir(), 'sovereign');
  const skill = new MarkdownEditorSkill(dataDir);
  await skill.health();
  assert.ok(fs.statSync(path.join(dataDir, 'journal')).isDirectory(), 'the journal folder is ready for the first keystroke');
});

test('the markdown editor skill is unhealthy, naming the journal folder, when the journal cannot be written', async () => {
  // The data dir is a file: nothing can be created under it.
  const dataDir = path.join(tempDir(), 'not-a-folder');
  fs.writeFileSync(dataDir, '');
  const skill = new MarkdownEditorSkill(dataDir);
  await assert.rejects(skill.health(), (error: unknown) => {
    assert.ok(isSovereignError(error, 'io'));
    assert.match(error.message, new RegExp(`journal of unsaved text in ${path.join(dataDir, 'journal')} \\(ENOTDIR\\)`));
    return true;
  });
});
