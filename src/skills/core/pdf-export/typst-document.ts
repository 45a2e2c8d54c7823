import { MARKDOWN_TYPST_PRELUDE } from './markdown-to-typst.js';
import { BUNDLED_FONTS, MONO_FONT } from './pdf-fonts.js';
import type { PdfOptions } from './pdf-options.js';
import { typstString, typstText } from './typst-string.js';

/** One document as it goes into a PDF: its body already converted to typst markup. */
export interface PdfSection {
  title: string;
  createdAt: Date;
  modifiedAt: Date;
  body: string;
}

/**
 * What one PDF holds: a single document, or a thread (a title page, a table
 * of contents, then each document from a new page).
 */
export interface PdfBook {
  kind: 'document' | 'thread';
  title: string;
  /** The thread's description; shown on the title page. */
  description: string;
  /** The date printed in the header (the export's date, passed in so a test can fix it). */
  date: Date;
  sections: readonly PdfSection[];
}

export interface PdfLabels {
  contents: string;
  documentCount: string;
  created: string;
  modified: string;
}

/** Calendar dates in the PDF are ISO (YYYY-MM-DD, UTC): unambiguous in every language. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The complete typst source of a PDF. Every user string goes through typstString/typstText. */
export function typstDocument(book: PdfBook, options: PdfOptions, labels: PdfLabels): string {
  const font = BUNDLED_FONTS[options.font];
  const families = `(${font.families.map(typstString).join(', ')})`;
  const lines = [
    `#set document(title: ${typstString(book.title)}, date: none);`,
    `#set text(font: ${families}, size: 10.5pt, fallback: false);`,
    `#show raw: set text(font: (${MONO_FONT.families.map(typstString).join(', ')}), size: 9pt);`,
    '#show raw.where(block: true): block.with(fill: luma(245), inset: 8pt, radius: 3pt, width: 100%);',
    '#show link: set text(fill: rgb("#1c71d8"));',
    '#show quote.where(block: true): it => block(stroke: (left: 2pt + luma(200)), inset: (left: 10pt, y: 4pt), it.body);',
    '#set par(justify: false, leading: 0.65em);',
    '#set heading(numbering: none);',
    '#show heading: set block(above: 1.4em, below: 0.7em);',
    MARKDOWN_TYPST_PRELUDE,
    `#set page(paper: ${typstString(options.pageSize)}, margin: ${options.marginMm}mm${header(book, options)}${footer(options)});`,
  ];
  if (book.kind === 'thread') lines.push(titlePage(book, labels), contents(book, labels));
  book.sections.forEach((section, i) => lines.push(sectionMarkup(section, i, book.kind === 'thread', labels)));
  return lines.join('\n\n') + '\n';
}

function header(book: PdfBook, options: PdfOptions): string {
  if (!options.header) return '';
  // The title page of a thread has no header: it is the title.
  const skipFirst = book.kind === 'thread' ? 'if counter(page).get().first() > 1 ' : '';
  return `, header: context { ${skipFirst}{ set text(size: 8pt, fill: gray); [${typstText(book.title)}#h(1fr)${typstText(isoDate(book.date))}] } }`;
}

function footer(options: PdfOptions): string {
  if (!options.footer) return '';
  return ', footer: context { set text(size: 8pt, fill: gray); align(center, counter(page).display("1 / 1", both: true)) }';
}

function titlePage(book: PdfBook, labels: PdfLabels): string {
  const dates = book.sections.map((s) => s.createdAt.getTime());
  const span = dates.length === 0 ? '' : `${isoDate(new Date(Math.min(...dates)))} – ${isoDate(new Date(Math.max(...dates)))}`;
  return [
    '#v(30%);',
    `#align(center)[#text(size: 26pt, weight: "bold")[${typstText(book.title)}];];`,
    book.description ? `#align(center)[#text(size: 12pt)[${typstText(book.description)}];];` : '',
    `#align(center)[#text(size: 10pt, fill: gray)[${typstText(labels.documentCount)}#linebreak();${typstText(span)}];];`,
    '#pagebreak();',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * The table of contents, written out rather than typst's outline(): each
 * entry needs the document's date beside its title, and the documents'
 * own headings must stay out of it.
 */
function contents(book: PdfBook, labels: PdfLabels): string {
  const entries = book.sections.map(
    (section, i) =>
      `#link(<sovereign-doc-${i}>)[${typstText(section.title)}];#box(width: 1fr, repeat[.]);${typstText(isoDate(section.createdAt))}#h(1em)#context counter(page).at(<sovereign-doc-${i}>).first();`,
  );
  return [`#heading(level: 1, outlined: false)[${typstText(labels.contents)}];`, `#block(spacing: 0.9em)[${entries.join('\n\n')}];`, '#pagebreak();'].join('\n');
}

function sectionMarkup(section: PdfSection, index: number, inThread: boolean, labels: PdfLabels): string {
  const dates = `${labels.created} ${isoDate(section.createdAt)} · ${labels.modified} ${isoDate(section.modifiedAt)}`;
  return [
    inThread && index > 0 ? '#pagebreak();' : '',
    `#heading(level: 1)[${typstText(section.title)}] <sovereign-doc-${index}>`,
    `#text(size: 9pt, fill: gray)[${typstText(dates)}];`,
    section.body,
  ]
    .filter((line) => line !== '')
    .join('\n\n');
}
