import type matter from 'gray-matter';
import { SovereignError, _, format } from '../core/index.js';
import type { ImportedDates, ImportedDocument, Importer, SourceFile } from './importer.js';
import { clampTitle, titleFromFileName } from './file-title.js';
import { linksFromFrontMatter, linksInMarkdown, tagsFromFrontMatter, tagsInMarkdown } from './markdown-links.js';
import { looksLikeText, textOf } from './text-importer.js';

/**
 * gray-matter evaluates `---js` and `---javascript` front matter with eval:
 * a note from the internet could run code on import. Both engines throw.
 */
function refuseCode(): never {
  throw new Error('front matter written in JavaScript is never run');
}
const MATTER_OPTIONS = { engines: { js: refuseCode, javascript: refuseCode } };

const FIRST_HEADING = /^#\s+(.+?)\s*#*\s*$/m;

export const markdownImporter: Importer = {
  id: 'markdown',
  version: '1',
  extensions: ['.md', '.markdown', '.mdown'],
  detect: looksLikeText,
  async import(file: SourceFile): Promise<ImportedDocument[]> {
    const text = textOf(file);
    let parsed: matter.GrayMatterFile<string>;
    // Loaded with the first markdown import, not with the import service every window and service builds at start.
    const { default: parseFrontMatter } = await import('gray-matter');
    try {
      parsed = parseFrontMatter(text, MATTER_OPTIONS);
    } catch (error) {
      throw new SovereignError('invalid-input', format(_('Cannot import {name}: its front matter cannot be read ({reason}).'), {
        name: file.name,
        reason: (error as Error).message.split('\n')[0] ?? '',
      }), { cause: error });
    }
    const data = (typeof parsed.data === 'object' && parsed.data !== null ? parsed.data : {}) as Record<string, unknown>;
    const body = parsed.content.replace(/^\r?\n/, '');
    const tags = new Set([...tagsFromFrontMatter(data['tags'] ?? data['tag']), ...tagsInMarkdown(body)]);
    return [
      {
        key: '',
        title: titleOf(data, body, file.name),
        docType: 'markdown',
        content: body,
        dates: datesOf(data, file.modifiedAt),
        tags: [...tags],
        links: [...linksInMarkdown(body), ...linksFromFrontMatter(data)],
      },
    ];
  },
};

function titleOf(data: Record<string, unknown>, body: string, fileName: string): string {
  const fromMatter = typeof data['title'] === 'string' ? clampTitle(data['title']) : '';
  if (fromMatter) return fromMatter;
  const heading = FIRST_HEADING.exec(body.slice(0, 8192))?.[1];
  const fromHeading = heading ? clampTitle(heading) : '';
  return fromHeading || titleFromFileName(fileName);
}

function datesOf(data: Record<string, unknown>, fileModified: Date): ImportedDates {
  const created = dateOf(data['created']) ?? dateOf(data['date']) ?? dateOf(data['created_at']);
  const modified = dateOf(data['modified']) ?? dateOf(data['updated']) ?? dateOf(data['updated_at']) ?? fileModified;
  const timeline = dateOf(data['date']) ?? created;
  return { created: created ?? modified, modified, ...(timeline ? { timeline } : {}) };
}

/** YAML timestamps arrive as Dates; quoted or odd ones as strings, which must parse to a real date. */
function dateOf(value: unknown): Date | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' && value.trim() !== '' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
