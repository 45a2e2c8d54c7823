import type { Dirent, Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SovereignError, _, displayPath, format } from '../core/index.js';

/** One file to import and where it sits. */
export interface FileToImport {
  /** As found (a symlink stays a symlink: the readable-file check judges its target). */
  path: string;
  /** The folder it was found under (the vault), or its own folder when named directly. */
  root: string;
  /** The first folder below root, when there is one (a thread candidate). */
  topFolder: string | null;
}

export interface CollectedFiles {
  files: FileToImport[];
  /** Paths that could not be listed, with why; they count as failures. */
  problems: { path: string; error: SovereignError }[];
  /** Roots that are Obsidian vaults (hold .obsidian/), with their attachment folder (vault-relative, "" if none set). */
  vaults: Map<string, string>;
}

/**
 * Expands the paths a person named into files. Folders need `recursive`.
 * Hidden entries (.obsidian, .git, .trash) are skipped, as Obsidian does;
 * symlinked folders are not followed (a link loop would never end, and a
 * link out of the vault is not part of it).
 */
export async function collectFiles(paths: readonly string[], recursive: boolean): Promise<CollectedFiles> {
  const result: CollectedFiles = { files: [], problems: [], vaults: new Map() };
  for (const given of paths) {
    const absolute = path.resolve(given);
    let stat: Stats;
    try {
      stat = await fs.lstat(absolute);
    } catch {
      result.problems.push({ path: given, error: new SovereignError('not-found', format(_('{path} does not exist.'), { path: displayPath(given) })) });
      continue;
    }
    if (!stat.isDirectory()) {
      result.files.push({ path: absolute, root: path.dirname(absolute), topFolder: null });
      continue;
    }
    if (!recursive) {
      result.problems.push({
        path: given,
        error: new SovereignError('usage', format(_('{path} is a folder.'), { path: displayPath(given) }), { hint: _('Import folders with --recursive.') }),
      });
      continue;
    }
    const attachmentFolder = await obsidianAttachmentFolder(absolute);
    if (attachmentFolder !== undefined) result.vaults.set(absolute, attachmentFolder);
    await walk(absolute, absolute, result, attachmentFolder);
  }
  return result;
}

/** attachmentFolder: the vault's attachment folder (vault-relative), which holds files of notes, not a thread of its own. */
async function walk(root: string, folder: string, result: CollectedFiles, attachmentFolder: string | undefined): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(folder, { withFileTypes: true });
  } catch (error) {
    result.problems.push({ path: folder, error: new SovereignError('io', format(_('Cannot list {path}: {reason}'), { path: displayPath(folder), reason: (error as Error).message }), { cause: error }) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) await walk(root, full, result, attachmentFolder);
    else if (!(entry.isSymbolicLink() && (await isFolder(full)))) {
      const relative = path.relative(root, full).split(path.sep);
      const inAttachments = attachmentFolder !== undefined && attachmentFolder !== '' && path.relative(root, full).startsWith(attachmentFolder + path.sep);
      result.files.push({ path: full, root, topFolder: relative.length > 1 && !inAttachments ? relative[0]! : null });
    }
  }
}

async function isFolder(link: string): Promise<boolean> {
  try {
    return (await fs.stat(link)).isDirectory();
  } catch {
    return false; // a dangling link or a loop: the readable-file check reports it
  }
}

/** undefined when the folder is not a vault. */
async function obsidianAttachmentFolder(folder: string): Promise<string | undefined> {
  try {
    if (!(await fs.stat(path.join(folder, '.obsidian'))).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  try {
    const settings = JSON.parse(await fs.readFile(path.join(folder, '.obsidian', 'app.json'), 'utf8')) as { attachmentFolderPath?: unknown };
    const setting = typeof settings.attachmentFolderPath === 'string' ? settings.attachmentFolderPath : '';
    // "./" and "./sub" mean "next to the note": not one folder.
    return setting.startsWith('.') ? '' : setting.replace(/^\/+|\/+$/g, '');
  } catch {
    return '';
  }
}
