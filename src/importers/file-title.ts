import path from 'node:path';

export const MAX_TITLE_CHARS = 200;

/** A title from a file name: the name without its extension, or the whole name when that leaves nothing. */
export function titleFromFileName(name: string): string {
  const stem = path.basename(name, path.extname(name)).trim();
  return clampTitle(stem || name);
}

/** One line, no control characters, at most MAX_TITLE_CHARS: titles are printed to terminals and shown in one row. */
export function clampTitle(title: string): string {
  // Control characters (ESC, BEL, newline) must not reach a terminal.
  const clean = title.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return clean.slice(0, MAX_TITLE_CHARS);
}
