/**
 * `[[Title]]` links in markdown: the titles a text links to, and the title
 * being typed at the cursor (for completion). Pure functions.
 */

// No newline and no bracket inside, and not a third bracket before: "[[a\nb]]" and "[[[x]]" are not links.
const LINK = /(?<!\[)\[\[([^\[\]\n]{1,200})\]\]/g;

/** The distinct titles linked from the text, trimmed, in order of first appearance. */
export function wikiLinkTitles(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(LINK)) {
    // [[Title|shown text]]: the part before the bar is the target.
    const title = match[1]!.split('|')[0]!.trim();
    if (title) seen.add(title);
  }
  return [...seen];
}

/**
 * The partial title of an unclosed `[[` just before the cursor, or null when
 * the cursor is not inside one: "see [[Bud" → "Bud".
 */
export function openWikiLink(textBeforeCursor: string): string | null {
  const start = textBeforeCursor.lastIndexOf('[[');
  if (start < 0) return null;
  const partial = textBeforeCursor.slice(start + 2);
  if (/[\]\n\[]/.test(partial) || partial.length > 200) return null;
  return partial;
}
