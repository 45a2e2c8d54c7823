import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SovereignError, _, format } from '../core/index.js';
import type { SkillManifest } from './manifest.js';
import { extractSkillArchive, isSkillArchive, readSkillArchive } from './skill-archive.js';
import { readSkillFolder } from './skill-folder.js';

/**
 * Installs a community skill from a folder or a .tar.gz into
 * `<skillsDir>/<id>/`. The manifest is read and checked before a single
 * file is copied; the skill is assembled in a staging folder next to its
 * destination and renamed into place, so a failed install leaves nothing.
 */
export async function installSkill(source: string, skillsDir: string, isTaken: (id: string) => boolean): Promise<SkillManifest> {
  const stat = await fs.stat(source).catch((error: NodeJS.ErrnoException) => {
    throw new SovereignError(error.code === 'ENOENT' ? 'not-found' : 'io', format(_('cannot install {source}: {cause}'), { source, cause: error.message }), { cause: error });
  });
  if (stat.isDirectory()) {
    const manifest = await readSkillFolder(source);
    checkInstallable(manifest, source, skillsDir, isTaken);
    await placeSkill(skillsDir, manifest, async (staging) => copyPlainTree(source, staging, source));
    return manifest;
  }
  if (stat.isFile() && isSkillArchive(source)) {
    const { manifest, root } = await readSkillArchive(source);
    checkInstallable(manifest, source, skillsDir, isTaken);
    await placeSkill(skillsDir, manifest, async (staging) => {
      const unpacked = `${staging}.unpacked`;
      await fs.mkdir(unpacked);
      try {
        await extractSkillArchive(source, unpacked);
        const folder = path.join(unpacked, root);
        // Read again from disk: what was unpacked is what will run.
        const unpackedManifest = await readSkillFolder(folder);
        if (unpackedManifest.id !== manifest.id) throw new SovereignError('invalid-input', format(_('cannot install {source}: its manifest changed while unpacking'), { source }));
        await copyPlainTree(folder, staging, source);
      } finally {
        await fs.rm(unpacked, { recursive: true, force: true });
      }
    });
    return manifest;
  }
  throw new SovereignError('invalid-input', format(_('cannot install {source}: give a skill folder or a .tar.gz'), { source }));
}

function checkInstallable(manifest: SkillManifest, source: string, skillsDir: string, isTaken: (id: string) => boolean): void {
  if (manifest.kind !== 'community') {
    throw new SovereignError('invalid-input', format(_('cannot install {source}: {id} is a core skill; only community skills can be installed'), { source, id: manifest.id }));
  }
  if (isTaken(manifest.id)) {
    throw new SovereignError('already-exists', format(_('cannot install {source}: a skill {id} is already installed'), { source, id: manifest.id }), {
      hint: format(_('Remove it first with: sovereign skill remove {id}'), { id: manifest.id }),
      detail: { id: manifest.id, folder: path.join(skillsDir, manifest.id) },
    });
  }
}

async function placeSkill(skillsDir: string, manifest: SkillManifest, fill: (staging: string) => Promise<void>): Promise<void> {
  await fs.mkdir(skillsDir, { recursive: true });
  // A leading dot: discovery skips it, so a half-copied skill is never seen.
  const staging = path.join(skillsDir, `.install-${manifest.id}-${randomBytes(4).toString('hex')}`);
  await fs.mkdir(staging);
  try {
    await fill(staging);
    await fs.rename(staging, path.join(skillsDir, manifest.id));
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new SovereignError('already-exists', format(_('a skill {id} is already installed'), { id: manifest.id }), { cause: error });
    }
    throw error;
  }
}

/** Copies folders and plain files only: a symlink or device in a skill is refused, not followed. */
async function copyPlainTree(from: string, to: string, source: string): Promise<void> {
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) {
      await fs.mkdir(dst);
      await copyPlainTree(src, dst, source);
    } else if (entry.isFile()) {
      await fs.copyFile(src, dst);
    } else {
      throw new SovereignError('invalid-input', format(_('cannot install {source}: {file} is not a plain file or folder'), { source, file: src }));
    }
  }
}
