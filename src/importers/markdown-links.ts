import { RELATION_KINDS } from '../store/records.js';
import type { ImportedLink } from './importer.js';

/**
 * Links and tags in markdown as Obsidian reads them. Pure: no file system,
 * no store. Code (fenced blocks and inline spans) is skipped, as Obsidian
 * does, so `[[x]]` inside a code sample is not a link.
 */
const FENCED_CODE = /^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm;
const INLINE_CODE = /`[^`\n]*`/g;
/** ![[target#heading|alias]] — target may contain spaces and folders. */
const WIKILINK = /(!?)\[\[([^\]|#^\n]*)(?:[#^][^\]|\n]*)?(?:\|([^\]\n]*))?\]\]/g;
/** [label](target "title") and ![alt](target); <target with spaces> allowed. */
const MARKDOWN_LINK = /(!?)\[([^\]\n]*)\]\((?:<([^>\n]+)>|([^)\s]+))(?:\s+"[^"\n]*")?\)/g;
/** #tag: letters, digits, _ - / ; not all digits (Obsidian's rule); preceded by start or whitespace. */
const TAG = /(?:^|\s)#([\p{L}\p{N}_/-]+)/gu;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function withoutCode(markdown: string): string {
  return markdown.replace(FENCED_CODE, '').replace(INLINE_CODE, '');
}

export function linksInMarkdown(markdown: string): ImportedLink[] {
  const text = withoutCode(markdown);
  const links: ImportedLink[] = [];
  for (const match of text.matchAll(WIKILINK)) {
    const target = (match[2] ?? '').trim();
    if (target === '') continue; // [[#heading]] points into the same note
    links.push({ target: { kind: 'wikilink', text: target }, ...(match[3] ? { label: match[3].trim() } : {}), ...(match[1] ? { embed: true } : {}) });
  }
  for (const match of text.matchAll(MARKDOWN_LINK)) {
    const raw = match[3] ?? match[4] ?? '';
    if (raw === '' || raw.startsWith('#') || URL_SCHEME.test(raw)) continue;
    let target = raw.split('#')[0]!;
    try {
      target = decodeURIComponent(target);
    } catch {
      // A stray % is part of the name.
    }
    if (target === '') continue;
    links.push({ target: { kind: 'path', path: target }, ...(match[2] ? { label: match[2] } : {}), ...(match[1] ? { embed: true } : {}) });
  }
  return links;
}

export function tagsInMarkdown(markdown: string): string[] {
  const tags = new Set<string>();
  for (const match of withoutCode(markdown).matchAll(TAG)) {
    const tag = match[1]!.replace(/\/+$/, '');
    if (tag !== '' && !/^\d+$/.test(tag)) tags.add(tag);
  }
  return [...tags];
}

/** Front-matter tags: a list, or one string of tags separated by commas or spaces; '#' dropped. */
export function tagsFromFrontMatter(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,\s]+/) : [];
  return items
    .filter((item): item is string | number => typeof item === 'string' || typeof item === 'number')
    .map((item) => String(item).trim().replace(/^#/, ''))
    .filter((item) => item !== '');
}

/**
 * Links kept in front matter, one list per relationship kind, as the
 * markdown export writes them (`references: ["[[Other note]]"]`) and as
 * Obsidian shows link properties: each becomes a relationship of that kind.
 */
export function linksFromFrontMatter(data: Record<string, unknown>): ImportedLink[] {
  const links: ImportedLink[] = [];
  for (const relation of RELATION_KINDS) {
    const value = data[relation];
    const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    for (const item of items) {
      if (typeof item !== 'string') continue;
      for (const link of linksInMarkdown(item)) links.push({ ...link, relation });
    }
  }
  return links;
}
