/**
 * File names made from titles: safe on every file system Obsidian runs on
 * (no path separators, no characters Windows or Android refuse, no leading
 * dot that would hide the file) and unique case-insensitively, because
 * macOS and Windows folders are.
 */
const UNSAFE = /[/\\:*?"<>|#^[\]\p{Cc}]/gu;
const MAX_LENGTH = 120;

export function safeFileStem(title: string): string {
  let stem = title.replace(/\s+/g, ' ').replace(UNSAFE, '-').trim();
  stem = stem.replace(/^[.\s-]+/, '').replace(/[.\s-]+$/, '');
  if ([...stem].length > MAX_LENGTH) stem = [...stem].slice(0, MAX_LENGTH).join('').trim();
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(stem)) stem = `${stem}-`;
  return stem === '' ? 'Untitled' : stem;
}

/** Hands out unique stems: the second "Notes" becomes "Notes (2)". */
export class UniqueNames {
  private readonly taken = new Set<string>();

  take(title: string): string {
    const stem = safeFileStem(title);
    let candidate = stem;
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})`;
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}
