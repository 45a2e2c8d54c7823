import fs from 'node:fs/promises';
import { constants, type Stats } from 'node:fs';
import path from 'node:path';
import { SovereignError } from './errors.js';
import { _, format } from './i18n.js';

export const MAX_PATH_BYTES = 4096;
/** Largest text a command reads into a document (`doc add -f`): far beyond any note, far below memory. */
export const MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024;

export interface OpenedFile {
  /** The path as the caller gave it, for messages. */
  requested: string;
  /** The resolved path without symlinks: what provenance records and what the type is judged by. */
  real: string;
  /** Base name of the resolved target. */
  name: string;
  /** Lower-case extension of the resolved target, with the dot ("" if none). */
  extension: string;
  size: number;
  modifiedAt: Date;
  /** Reads the whole file (at most the size cap, even if it grew since it was opened) and closes it. */
  read(): Promise<Buffer>;
  /** The first bytes (to name a type), leaving the file open. */
  head(bytes: number): Promise<Buffer>;
  /** Closes the file without reading it. */
  close(): Promise<void>;
}

/**
 * THE check for every file Sovereign is asked to read: the CLI (`doc add -f`,
 * `import`, `models add`), D-Bus ImportFile, the window's file chooser and
 * drops. Symlinks are resolved first and the TARGET is what is judged
 * (a link named notes.txt pointing at /etc/os-release is a file without an
 * extension). The file is opened without following links and without
 * blocking (a FIFO or a device must never hang the caller), then must be a
 * regular file no larger than maxBytes, checked on the open handle so a file
 * swapped in between is noticed. Relative paths resolve against the current
 * directory; callers that must refuse them (D-Bus) run checkPathSyntax first.
 */
export async function openReadableFile(requested: string, maxBytes: number): Promise<OpenedFile> {
  const shown = displayPath(requested);
  let real: string;
  try {
    real = await fs.realpath(path.resolve(requested));
  } catch (error) {
    throw fileError(error, shown, 'resolve');
  }
  let handle: fs.FileHandle;
  try {
    // O_NOFOLLOW: real has no symlinks left; if one appeared since, refuse it.
    // O_NONBLOCK: opening a FIFO must not hang.
    handle = await fs.open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw fileError(error, shown, 'open');
  }
  let stat: Stats;
  try {
    stat = await handle.stat();
    if (!stat.isFile()) {
      throw new SovereignError('invalid-input', format(_('{path} is not a regular file (it is {kind}).'), { path: shown, kind: kindOf(stat) }));
    }
    if (stat.size > maxBytes) {
      throw new SovereignError('resource', format(_('{path} is too large to read ({size} bytes; at most {max}).'), { path: shown, size: stat.size, max: maxBytes }));
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return {
    requested,
    real,
    name: path.basename(real),
    extension: path.extname(real).toLowerCase(),
    size: stat.size,
    modifiedAt: stat.mtime,
    read: async () => {
      try {
        // Read at most one byte past the cap: a file that grows while it is read
        // (a log, /proc) must not fill memory.
        const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
        let length = 0;
        for (;;) {
          const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
          if (bytesRead === 0) break;
          length += bytesRead;
          if (length === buffer.length) break;
        }
        if (length > maxBytes) {
          throw new SovereignError('resource', format(_('{path} grew past {max} bytes while it was being read.'), { path: shown, max: maxBytes }));
        }
        return buffer.subarray(0, length);
      } catch (error) {
        if (error instanceof SovereignError) throw error;
        throw fileError(error, shown, 'read');
      } finally {
        await close();
      }
    },
    head: async (bytes) => {
      const buffer = Buffer.alloc(Math.min(bytes, stat.size));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead);
    },
    close,
  };
}

/** Decodes bytes as UTF-8 or throws naming the file and the offset of the first bad byte; never substitutes U+FFFD. */
export function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return text;
  } catch {
    throw new SovereignError('invalid-input', format(_('{path} is not valid UTF-8 text (the first invalid byte is at offset {offset}).'), {
      path: displayPath(file),
      offset: firstInvalidUtf8Offset(bytes),
    }), { hint: _('Convert it to UTF-8 first, e.g. with iconv.') });
  }
}

/** Reads a whole UTF-8 text file through the one check; what `doc add -f` uses. */
export async function readTextFile(requested: string, maxBytes: number): Promise<string> {
  const opened = await openReadableFile(requested, maxBytes);
  return decodeUtf8(await opened.read(), requested);
}

/** A path as it can be shown in one line of a message: control characters (a newline in a name) escaped. */
export function displayPath(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** Accepts an absolute path or a file:// URI and rejects anything written to mislead (D-Bus callers). */
export function checkPathSyntax(value: string): string {
  let candidate = value;
  if (candidate.startsWith('file://')) {
    try {
      const url = new URL(candidate);
      if (url.host !== '' && url.host !== 'localhost') throw new Error('remote host');
      candidate = decodeURIComponent(url.pathname);
    } catch {
      throw new SovereignError('invalid-input', format(_('"{uri}" is not a local file URI.'), { uri: displayPath(value.slice(0, 200)) }));
    }
  }
  if (candidate.includes('\0')) throw new SovereignError('invalid-input', _('The path contains a NUL character.'));
  if (Buffer.byteLength(candidate) > MAX_PATH_BYTES) throw new SovereignError('invalid-input', _('The path is too long.'));
  if (!path.isAbsolute(candidate)) {
    throw new SovereignError('invalid-input', format(_('"{path}" is not an absolute path.'), { path: displayPath(candidate.slice(0, 200)) }));
  }
  const segments = candidate.split('/').slice(1);
  if (candidate !== '/' && segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new SovereignError('invalid-input', format(_('"{path}" is not a plain path: it contains "..", "." or an empty segment.'), { path: displayPath(candidate.slice(0, 200)) }));
  }
  return candidate;
}

function firstInvalidUtf8Offset(bytes: Buffer): number {
  // Node's lenient decoder puts U+FFFD where a bad sequence starts; everything before it decoded
  // one to one, so its UTF-8 length is the offset. A U+FFFD the file really holds (EF BF BD) is skipped.
  const decoded = bytes.toString('utf8');
  let from = 0;
  for (;;) {
    const index = decoded.indexOf('\ufffd', from);
    if (index < 0) return bytes.length;
    const offset = Buffer.byteLength(decoded.slice(0, index));
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return offset;
    from = index + 1;
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return _('a folder');
  if (stat.isFIFO()) return _('a named pipe');
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return _('a device');
  if (stat.isSocket()) return _('a socket');
  return _('not a file');
}

function fileError(error: unknown, file: string, stage: 'resolve' | 'open' | 'read'): SovereignError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new SovereignError('not-found', format(_('{path} does not exist.'), { path: file }), { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new SovereignError('permission', format(_('You are not allowed to read {path}.'), { path: file }), { cause: error });
    case 'ELOOP':
      return stage === 'resolve'
        ? new SovereignError('invalid-input', format(_('{path} is a loop of symbolic links.'), { path: file }), { cause: error })
        : new SovereignError('invalid-input', format(_('{path} changed into a symbolic link while it was being opened.'), { path: file }), { cause: error });
    case 'EISDIR':
      return new SovereignError('invalid-input', format(_('{path} is not a regular file (it is {kind}).'), { path: file, kind: _('a folder') }), { cause: error });
    default:
      return new SovereignError('io', format(_('Cannot read {path}: {reason}'), { path: file, reason: (error as Error).message }), { cause: error });
  }
}
