import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { SovereignError, _, format } from '../core/index.js';
import { MANIFEST_FILE, parseSkillManifestText, type SkillManifest } from './manifest.js';
import { MAX_MANIFEST_BYTES } from './skill-folder.js';

const run = promisify(execFile);

/**
 * A skill packed as a .tar.gz, read with the system `tar` (GNU tar, in every
 * Debian base system). The manifest is read out of the archive and checked
 * before anything is written to disk.
 */
export interface SkillArchive {
  manifest: SkillManifest;
  /** The folder inside the archive that holds skill.json ('' when it is at the top). */
  root: string;
}

const LIST_LIMIT = 8 * 1024 * 1024;

export function isSkillArchive(file: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(file);
}

export async function readSkillArchive(archive: string): Promise<SkillArchive> {
  const members = await listMembers(archive);
  const manifestMember = members.find((m) => m.type === '-' && isManifestAtRoot(m.name));
  if (!manifestMember) {
    throw new SovereignError('invalid-input', format(_('{archive} is not a skill: it has no {manifest} at its top or in its one top folder'), { archive, manifest: MANIFEST_FILE }));
  }
  const root = path.posix.dirname(stripDot(manifestMember.name)).replace(/^\.$/, '');
  for (const member of members) {
    if (member.type !== '-' && member.type !== 'd') {
      throw new SovereignError('invalid-input', format(_('cannot install {archive}: {member} is not a plain file or folder'), { archive, member: member.name }));
    }
    const name = stripDot(member.name);
    if (name === '' || name === '.') continue;
    if (path.posix.isAbsolute(member.name) || name.split('/').includes('..')) {
      throw new SovereignError('invalid-input', format(_('cannot install {archive}: {member} points outside the skill folder'), { archive, member: member.name }));
    }
    if (root && name !== root && name !== `${root}/` && !name.startsWith(`${root}/`)) {
      throw new SovereignError('invalid-input', format(_('cannot install {archive}: {member} is outside its top folder {root}'), { archive, member: member.name, root }));
    }
  }
  const { stdout } = await tar(['-xzOf', archive, '--', manifestMember.name], archive, MAX_MANIFEST_BYTES);
  const manifest = parseSkillManifestText(stdout, `${archive}:${manifestMember.name}`);
  return { manifest, root };
}

/** Unpacks the archive into an empty folder; call after readSkillArchive accepted it. */
export async function extractSkillArchive(archive: string, into: string): Promise<void> {
  await tar(['-xzf', archive, '-C', into, '--no-same-owner', '--no-same-permissions', '--no-overwrite-dir'], archive, LIST_LIMIT);
}

interface Member {
  name: string;
  /** tar's type letter: '-' file, 'd' folder, 'l' symlink, 'h' hard link, … */
  type: string;
}

async function listMembers(archive: string): Promise<Member[]> {
  // Names from -t and types from -tv line up one to one; -tv alone is
  // ambiguous about where a name with spaces starts.
  const names = (await tar(['-tzf', archive], archive, LIST_LIMIT)).stdout.split('\n').filter(Boolean);
  const long = (await tar(['-tvzf', archive], archive, LIST_LIMIT)).stdout.split('\n').filter(Boolean);
  if (names.length !== long.length) {
    throw new SovereignError('invalid-input', format(_('cannot install {archive}: a file name in it contains a line break'), { archive }));
  }
  return names.map((name, i) => ({ name, type: long[i]!.charAt(0) }));
}

function isManifestAtRoot(name: string): boolean {
  const parts = stripDot(name).split('/');
  return parts[parts.length - 1] === MANIFEST_FILE && parts.length <= 2;
}

function stripDot(name: string): string {
  return name.replace(/^\.\//, '');
}

async function tar(args: string[], archive: string, maxBuffer: number): Promise<{ stdout: string }> {
  try {
    const { stdout } = await run('tar', args, { maxBuffer, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    return { stdout };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    const cause = e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' ? _('it is too large') : (e.stderr?.trim() || e.message).split('\n')[0]!;
    throw new SovereignError('invalid-input', format(_('cannot read {archive} as a .tar.gz: {cause}'), { archive, cause }), { cause: error });
  }
}
