import fs from 'node:fs';
import { SovereignError, _, format } from '../../../core/index.js';
import { allFontFiles } from './pdf-fonts.js';
import type { CoreSkill } from '../../core-skill.js';
import { parseSkillManifest } from '../../manifest.js';
import type { TypstCompiler } from './typst-compiler.js';
// Imported, not read at run time: tsc then copies skill.json beside the compiled skill.
import manifest from './skill.json' with { type: 'json' };

/**
 * PDF export as a core skill: the manifest (skill.json beside this file)
 * and the lifecycle the skill registry drives. It needs no `runCommand`:
 * the export itself goes through ExportService (src/exporters), the one way
 * out that the command line and the window share, which calls exportPdf
 * with the same (shared) compiler. Enabling the skill starts nothing: the
 * typesetter's worker thread starts with the first export, or as the
 * export dialog opens (TypstCompiler.warm). Started with every window, it
 * parsed its fonts (~1 s of CPU) beside the first frames and held 30-70 MiB
 * for a session that may export nothing (tests/bench/ui/start-up-50k.md).
 * Disabling the skill stops the worker.
 */
export function createPdfExportSkill(compiler: TypstCompiler): CoreSkill {
  return {
    manifest: parseSkillManifest(manifest, 'pdf-export/skill.json'),
    load: () => Promise.resolve(),
    unload: () => compiler.close(),
    async health() {
      const missing = allFontFiles().filter((file) => !fs.existsSync(file));
      if (missing.length > 0) {
        throw new SovereignError('unsupported', format(_('PDF export needs its fonts, and {file} is missing'), { file: missing[0]! }), {
          hint: _('Install the fonts-noto-core and fonts-dejavu-core packages.'),
        });
      }
      const pdf = await compiler.compile('#"Sovereign";');
      if (Buffer.from(pdf.subarray(0, 5)).toString('latin1') !== '%PDF-') throw new SovereignError('internal', _('the PDF typesetter did not produce a PDF'));
    },
  };
}
