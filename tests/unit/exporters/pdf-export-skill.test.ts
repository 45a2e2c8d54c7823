import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPdfExportSkill } from '../../../src/skills/core/pdf-export/pdf-export-skill.js';
import { TypstCompiler } from '../../../src/skills/core/pdf-export/typst-compiler.js';

test('the PDF export skill is a core skill that is healthy once loaded and stops its typesetter when unloaded', async () => {
  const skill = createPdfExportSkill(new TypstCompiler());
  assert.deepEqual(
    [(skill.manifest as { id: string }).id, (skill.manifest as { kind: string }).kind],
    ['org.sovereign.core.PdfExport', 'core'],
  );
  await skill.load();
  await skill.health();
  await skill.unload();
  // Health after unload starts the typesetter again: the skill can be enabled anew.
  await skill.health();
  await skill.unload();
});
