import type { ImportedDocument, Importer, SourceFile } from './importer.js';
import { clampTitle, titleFromFileName } from './file-title.js';
import { looksLikeText, textOf } from './text-importer.js';

/**
 * A saved web page: Readability finds the article, turndown writes it as
 * markdown. linkedom builds a DOM without any script engine, so nothing in
 * the page ever runs; script, style and other active elements are removed
 * before Readability sees the document.
 */
const ACTIVE_ELEMENTS = 'script, style, noscript, iframe, object, embed, template, form';

/**
 * The three libraries load with the first HTML import, not with the import
 * service: every window and D-Bus service builds that service as it opens,
 * and together they cost ~25 MiB and a few hundred ms of start-up on two
 * busy cores (tests/bench/ui/start-up-50k.md).
 */
async function htmlLibraries() {
  const [{ Readability }, { parseHTML }, { default: TurndownService }] = await Promise.all([import('@mozilla/readability'), import('linkedom'), import('turndown')]);
  return { Readability, parseHTML, TurndownService };
}

export const htmlImporter: Importer = {
  id: 'html',
  version: '1',
  extensions: ['.html', '.htm', '.xhtml'],
  detect: looksLikeText,
  async import(file: SourceFile): Promise<ImportedDocument[]> {
    const html = textOf(file);
    const { Readability, parseHTML, TurndownService } = await htmlLibraries();
    const { document } = parseHTML(html);
    for (const element of Array.from(document.querySelectorAll(ACTIVE_ELEMENTS)) as { remove(): void }[]) element.remove();
    const pageTitle = document.querySelector('title')?.textContent ?? '';
    const published = document.querySelector('meta[property="article:published_time"], meta[name="date"], time[datetime]');
    // Readability is typed against the browser DOM (not in this program's lib); linkedom implements what it uses.
    const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 0 }).parse();
    const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
    const body = article?.content ?? document.body?.innerHTML ?? '';
    const markdown = turndown.turndown(body).trim();
    const date = dateOf(published?.getAttribute('content') ?? published?.getAttribute('datetime'));
    return [
      {
        key: '',
        title: clampTitle(article?.title ?? '') || clampTitle(pageTitle) || titleFromFileName(file.name),
        docType: 'html',
        content: markdown,
        dates: { created: date ?? file.modifiedAt, modified: file.modifiedAt, ...(date ? { timeline: date } : {}) },
        tags: [],
        links: [],
        attachment: { kind: 'original' },
      },
    ];
  },
};

function dateOf(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
