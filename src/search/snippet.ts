const RADIUS = 80;

/** Markdown punctuation that reads as noise in a one-line excerpt. */
export function plainText(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`~|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A one-line excerpt of the content around the first word that starts with
 * one of the terms (pure). Falls back to the beginning of the text.
 */
export function makeSnippet(content: string, terms: readonly string[]): string {
  const text = plainText(content);
  const lower = text.toLowerCase();
  let at = -1;
  for (const term of terms) {
    if (!term) continue;
    const re = new RegExp('(^|[^\\p{L}\\p{N}])' + term.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'u');
    const match = re.exec(lower);
    if (match && (at < 0 || match.index < at)) at = match.index + match[1]!.length;
  }
  if (at < 0) at = 0;
  let start = Math.max(0, at - RADIUS / 2);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < at ? space + 1 : start;
  }
  let end = Math.min(text.length, start + RADIUS * 2);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    end = space > at ? space : end;
  }
  return (start > 0 ? '…' : '') + text.slice(start, end) + (end < text.length ? '…' : '');
}
