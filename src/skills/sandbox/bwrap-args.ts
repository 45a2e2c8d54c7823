import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE } from '../manifest.js';

/** Where things appear inside the sandbox. */
export const SANDBOX_SKILL_DIR = '/skill';
export const SANDBOX_SOCKET_DIR = '/run/sovereign';
export const SANDBOX_SOCKET = `${SANDBOX_SOCKET_DIR}/host.sock`;

export interface SandboxLayout {
  /** The skill's installed folder: the only writable place that outlives the process. */
  skillDir: string;
  /** A private folder holding the host's listening socket. */
  socketDir: string;
  /** The node binary that runs the entry. */
  nodePath: string;
  /** The entry, relative to skillDir. */
  entry: string;
  /** V8 heap limit for the skill, in MiB. */
  heapMiB: number;
}

// System folders node needs, read-only. On a merged-/usr system (Debian 12)
// /bin, /lib, /lib64 and /sbin are symlinks into /usr and are recreated as
// symlinks; elsewhere they are bound. /etc is left out: node runs without it,
// and it would show the skill the machine's accounts and configuration.
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/**
 * The bubblewrap command line for a community skill. Every namespace is
 * unshared (--unshare-all) and --share-net is never given, so the skill has
 * only a loopback device of its own: 127.0.0.1 inside is not the host's.
 * The host's socket is a filesystem socket bound into the sandbox, which
 * works across network namespaces. HOME is not mounted at all.
 */
export function bwrapArgs(layout: SandboxLayout, inspect: (p: string) => SystemEntry = inspectPath): string[] {
  const args = ['--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL'];
  for (const dir of SYSTEM_DIRS) {
    const entry = inspect(dir);
    if (entry?.kind === 'symlink') args.push('--symlink', entry.target, dir);
    else if (entry?.kind === 'folder') args.push('--ro-bind', dir, dir);
  }
  const nodeDir = path.dirname(layout.nodePath);
  if (!SYSTEM_DIRS.some((dir) => nodeDir === dir || nodeDir.startsWith(`${dir}/`))) args.push('--ro-bind', nodeDir, nodeDir);
  args.push(
    '--proc', '/proc',
    '--dev', '/dev',
    '--tmpfs', '/tmp',
    '--bind', layout.skillDir, SANDBOX_SKILL_DIR,
    // The manifest stays read-only inside the writable folder: a skill must
    // not grant itself permissions for its next start.
    '--ro-bind', path.join(layout.skillDir, MANIFEST_FILE), path.posix.join(SANDBOX_SKILL_DIR, MANIFEST_FILE),
    '--bind', layout.socketDir, SANDBOX_SOCKET_DIR,
    '--chdir', SANDBOX_SKILL_DIR,
    '--',
    layout.nodePath,
    `--max-old-space-size=${layout.heapMiB}`,
    path.posix.join(SANDBOX_SKILL_DIR, layout.entry),
  );
  return args;
}

/** The whole environment a skill sees: nothing of the host's. */
export function sandboxEnv(skillId: string): Record<string, string> {
  return {
    PATH: '/usr/bin:/bin',
    HOME: SANDBOX_SKILL_DIR,
    TMPDIR: '/tmp',
    LANG: 'C.UTF-8',
    SOVEREIGN_SKILL_ID: skillId,
    SOVEREIGN_SKILL_SOCKET: SANDBOX_SOCKET,
  };
}

/** What a system path is on this machine; null when it does not exist. */
export type SystemEntry = { kind: 'folder' } | { kind: 'symlink'; target: string } | null;

function inspectPath(p: string): SystemEntry {
  try {
    return fs.lstatSync(p).isSymbolicLink() ? { kind: 'symlink', target: fs.readlinkSync(p) } : { kind: 'folder' };
  } catch {
    return null;
  }
}
