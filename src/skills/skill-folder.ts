import fs from 'node:fs/promises';
import path from 'node:path';
import { SovereignError, _, format } from '../core/index.js';
import { MANIFEST_FILE, parseSkillManifestText, type SkillManifest } from './manifest.js';

/** A skill.json larger than this is not a manifest. */
export const MAX_MANIFEST_BYTES = 64 * 1024;

/** Reads and checks `<folder>/skill.json`, and that its entry is a plain file inside the folder. */
export async function readSkillFolder(folder: string): Promise<SkillManifest> {
  const file = path.join(folder, MANIFEST_FILE);
  const manifest = parseSkillManifestText(await readManifestText(file), file);
  await checkEntry(folder, manifest, file);
  return manifest;
}

export async function readManifestText(file: string): Promise<string> {
  let stat;
  try {
    stat = await fs.lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new SovereignError('invalid-input', format(_('{folder} is not a skill: it has no {manifest}'), { folder: path.dirname(file), manifest: MANIFEST_FILE }));
    }
    throw new SovereignError('io', format(_('cannot read {file}: {cause}'), { file, cause: (error as Error).message }), { cause: error });
  }
  if (!stat.isFile()) throw new SovereignError('invalid-input', format(_('invalid skill manifest {file}: not a plain file'), { file }));
  if (stat.size > MAX_MANIFEST_BYTES) {
    throw new SovereignError('invalid-input', format(_('invalid skill manifest {file}: larger than {limit} KiB'), { file, limit: MAX_MANIFEST_BYTES / 1024 }));
  }
  return fs.readFile(file, 'utf8');
}

async function checkEntry(folder: string, manifest: SkillManifest, manifestFile: string): Promise<void> {
  // Core skills are code inside Sovereign; their entry names the module for
  // people reading the manifest and is not loaded from disk.
  if (manifest.kind === 'core') return;
  const entry = path.join(folder, manifest.entry);
  const stat = await fs.lstat(entry).catch(() => null);
  if (!stat) {
    throw new SovereignError('invalid-input', format(_('invalid skill manifest {file}: entry: {entry} does not exist'), { file: manifestFile, entry: manifest.entry }));
  }
  if (!stat.isFile()) {
    throw new SovereignError('invalid-input', format(_('invalid skill manifest {file}: entry: {entry} is not a plain file'), { file: manifestFile, entry: manifest.entry }));
  }
}
