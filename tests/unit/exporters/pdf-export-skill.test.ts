import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { builtinSkills } from '../../../src/cli/builtin-skills.js';
import { SkillRegistry, StoreSkillHost } from '../../../src/skills/index.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

test('PDF export is a built-in skill that the registry lists, loads healthy, and unloads', async () => {
  const dir = tempDir();
  const store = await openTestStore('mem');
  const registry = new SkillRegistry({
    coreSkills: builtinSkills(),
    skillsDir: path.join(dir, 'skills'),
    stateFile: path.join(dir, 'skill-state.json'),
    runtimeDir: path.join(dir, 'run'),
    createHost: (manifest) => new StoreSkillHost({ store, manifest, filesDir: path.join(dir, 'files') }),
    timeoutMs: 30_000,
    loadTimeoutMs: 30_000,
  });
  const listed = (await registry.list()).find((skill) => skill.id === 'org.sovereign.core.PdfExport');
  assert.ok(listed, 'sovereign skill ls shows PDF export');
  assert.equal(listed.kind, 'core');
  assert.equal(await registry.load('org.sovereign.core.PdfExport'), true);
  assert.equal(await registry.checkHealth('org.sovereign.core.PdfExport'), true, 'the typesetter makes a PDF');
  await registry.unloadAll();
});
