import fs from 'node:fs/promises';
import path from 'node:path';
import { SovereignError, _, asSovereignError, format } from '../core/index.js';
import type { SkillManifest } from './manifest.js';
import { readSkillFolder } from './skill-folder.js';

/** An installed community skill folder: its manifest, or why it cannot be used. */
export type FoundSkill =
  | { ok: true; id: string; folder: string; manifest: SkillManifest }
  | { ok: false; id: string; folder: string; problem: SovereignError };

/**
 * The community skills in `<skillsDir>/<id>/`. A folder whose manifest is
 * bad is reported with the reason rather than hidden, so `sovereign skill ls`
 * can say what is wrong; folders starting with a dot are installs in progress.
 */
export async function discoverCommunitySkills(skillsDir: string): Promise<FoundSkill[]> {
  let entries;
  try {
    entries = await fs.readdir(skillsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SovereignError('io', format(_('cannot read {folder}: {cause}'), { folder: skillsDir, cause: (error as Error).message }), { cause: error });
  }
  const found: FoundSkill[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const folder = path.join(skillsDir, entry.name);
    try {
      const manifest = await readSkillFolder(folder);
      if (manifest.id !== entry.name) {
        throw new SovereignError('invalid-input', format(_('{folder} holds skill {id}: the folder must be named after the skill id'), { folder, id: manifest.id }));
      }
      if (manifest.kind !== 'community') {
        throw new SovereignError('invalid-input', format(_('{folder} says it is a core skill; only community skills are installed there'), { folder }));
      }
      found.push({ ok: true, id: entry.name, folder, manifest });
    } catch (error) {
      found.push({ ok: false, id: entry.name, folder, problem: asSovereignError(error, 'invalid-input') });
    }
  }
  return found;
}
