import fs from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { SovereignError, _, format } from '../core/index.js';

export const MAX_PATH_BYTES = 4096;

export interface OpenedFile {
  /** The path as the caller gave it, for messages. */
  requested: string;
  /** The resolved path without symlinks: what provenance records. */
  real: string;
  size: number;
  read(): Promise<Buffer>;
}

/**
 * Opens a path a D-Bus caller asked Sovereign to read. The path must be
 * absolute and written plainly (no `..`, `.`, `//` or trailing slash tricks),
 * resolve to a regular file (symlinks are followed once, by realpath, and the
 * result is checked again after opening so a swapped file is noticed), be
 * readable by this user and not larger than maxBytes. file:// URIs are
 * accepted and turned into paths.
 */
export async function openReadableFile(requested: string, maxBytes: number): Promise<OpenedFile> {
  const given = checkPathSyntax(requested);
  let real: string;
  try {
    real = await fs.realpath(given);
  } catch (error) {
    throw fileError(error, given);
  }
  let handle: fs.FileHandle;
  try {
    // O_NOFOLLOW: real has no symlinks left; if one appeared since, refuse it.
    // O_NONBLOCK: opening a FIFO must not hang the service.
    handle = await fs.open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw fileError(error, given);
  }
  let size: number;
  try {
    const stat = await handle.stat();
    size = stat.size;
    if (!stat.isFile()) {
      throw new SovereignError('invalid-input', format(_('{path} is not a regular file.'), { path: given }));
    }
    if (stat.size > maxBytes) {
      throw new SovereignError('resource', format(_('{path} is too large to import ({size} bytes; at most {max}).'), { path: given, size: stat.size, max: maxBytes }));
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    requested: given,
    real,
    size,
    read: async () => {
      try {
        return await handle.readFile();
      } finally {
        await handle.close();
      }
    },
  };
}

/** Accepts an absolute path or a file:// URI and rejects anything written to mislead. */
export function checkPathSyntax(value: string): string {
  let candidate = value;
  if (candidate.startsWith('file://')) {
    try {
      const url = new URL(candidate);
      if (url.host !== '' && url.host !== 'localhost') throw new Error('remote host');
      candidate = decodeURIComponent(url.pathname);
    } catch {
      throw new SovereignError('invalid-input', format(_('"{uri}" is not a local file URI.'), { uri: value.slice(0, 200) }));
    }
  }
  if (candidate.includes('\0')) throw new SovereignError('invalid-input', _('The path contains a NUL character.'));
  if (Buffer.byteLength(candidate) > MAX_PATH_BYTES) throw new SovereignError('invalid-input', _('The path is too long.'));
  if (!path.isAbsolute(candidate)) {
    throw new SovereignError('invalid-input', format(_('"{path}" is not an absolute path.'), { path: candidate.slice(0, 200) }));
  }
  const segments = candidate.split('/').slice(1);
  if (candidate !== '/' && segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new SovereignError('invalid-input', format(_('"{path}" is not a plain path: it contains "..", "." or an empty segment.'), { path: candidate.slice(0, 200) }));
  }
  return candidate;
}

function fileError(error: unknown, file: string): SovereignError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new SovereignError('not-found', format(_('{path} does not exist.'), { path: file }), { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new SovereignError('permission', format(_('You are not allowed to read {path}.'), { path: file }), { cause: error });
    case 'ELOOP':
      return new SovereignError('invalid-input', format(_('{path} changed into a symbolic link while it was being opened.'), { path: file }), { cause: error });
    case 'EISDIR':
      return new SovereignError('invalid-input', format(_('{path} is not a regular file.'), { path: file }), { cause: error });
    default:
      return new SovereignError('io', format(_('Cannot read {path}: {reason}'), { path: file, reason: (error as Error).message }), { cause: error });
  }
}
