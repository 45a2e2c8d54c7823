import { Lexer, type Token, type Tokens } from 'marked';
import { typstString, typstText } from './typst-string.js';

/**
 * Where an image of the document can be found in the typst world: the
 * virtual path it was mapped to, or null when it is not available (the alt
 * text is shown instead). Resolving reads files, so the caller does it
 * before conversion and this stays pure.
 */
export type ImageLookup = (href: string) => string | null;

/**
 * Definitions the converted markup calls: it goes once at the top of a
 * typst file. Images are drawn at their natural size, shrunk to the text
 * width when wider (a small icon must not fill the page).
 */
export const MARKDOWN_TYPST_PRELUDE =
  '#let sovereign-image(path, alt) = layout(size => { let natural = measure(image(path)).width; image(path, alt: alt, width: calc.min(natural, size.width)) });';

export interface MarkdownToTypstOptions {
  /** Added to every heading level, so a document's own headings sit below its title in a thread. */
  headingOffset?: number;
  images?: ImageLookup;
}

/**
 * Markdown to typst markup, from marked's token tree. Structure becomes
 * typst function calls; every piece of text from the document goes through
 * typstText/typstString (see typst-string.ts), so nothing a note contains is
 * ever interpreted as typst.
 */
export function markdownToTypst(markdown: string, options: MarkdownToTypstOptions = {}): string {
  const context: Context = { headingOffset: options.headingOffset ?? 0, images: options.images ?? (() => null) };
  return blocks(new Lexer({ gfm: true }).lex(markdown), context);
}

/** Plain text: paragraphs at blank lines, every other line break kept. */
export function plainTextToTypst(text: string): string {
  return text
    .split(/\n\s*\n/)
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => `#par[${paragraph.split('\n').map(typstText).join('#linebreak();')}];`)
    .join('\n\n');
}

interface Context {
  headingOffset: number;
  images: ImageLookup;
}

function blocks(tokens: readonly Token[], context: Context): string {
  let out = '';
  let previousInline = false;
  for (const token of tokens) {
    const text = block(token, context);
    if (text === '') continue;
    // A tight list item's "text" is inline content: a blank line before the next block would make it a paragraph of its own.
    const isInline = token.type === 'text';
    if (out !== '') out += previousInline || isInline ? '\n' : '\n\n';
    out += text;
    previousInline = isInline;
  }
  return out;
}

function block(token: Token, context: Context): string {
  switch (token.type) {
    case 'space':
    case 'def':
    // marked gives a task item's box as a token of its own; list() draws it.
    case 'checkbox':
      return '';
    case 'heading': {
      const t = token as Tokens.Heading;
      return `#heading(level: ${Math.min(6, t.depth + context.headingOffset)}, outlined: false)[${inline(t.tokens, context)}];`;
    }
    case 'paragraph':
      return `#par[${inline((token as Tokens.Paragraph).tokens, context)}];`;
    case 'text': {
      // A "text" block is a tight list item's body: inline tokens, no paragraph.
      const t = token as Tokens.Text;
      return t.tokens ? inline(t.tokens, context) : typstText(t.text);
    }
    case 'code': {
      const t = token as Tokens.Code;
      const lang = t.lang && /^[\w+#.-]{1,32}$/.test(t.lang) ? `, lang: ${typstString(t.lang)}` : '';
      return `#raw(block: true${lang}, ${typstString(t.text)});`;
    }
    case 'blockquote':
      return `#quote(block: true)[${blocks((token as Tokens.Blockquote).tokens, context)}];`;
    case 'hr':
      return '#line(length: 100%, stroke: 0.5pt + gray);';
    case 'list':
      return list(token as Tokens.List, context);
    case 'table':
      return table(token as Tokens.Table, context);
    case 'html':
      return `#par[${typstText((token as Tokens.HTML).text.trim())}];`;
    default:
      return 'raw' in token && typeof token.raw === 'string' ? `#par[${typstText(token.raw)}];` : '';
  }
}

function list(token: Tokens.List, context: Context): string {
  const items = token.items.map((item) => {
    const box = item.task ? typstText(item.checked ? '☑ ' : '☐ ') : '';
    return `[${box}${blocks(item.tokens, context)}]`;
  });
  if (token.ordered) {
    const start = typeof token.start === 'number' && Number.isInteger(token.start) && token.start >= 0 ? token.start : 1;
    return `#enum(tight: ${token.loose ? 'false' : 'true'}, start: ${start}, ${items.join(', ')});`;
  }
  return `#list(tight: ${token.loose ? 'false' : 'true'}, ${items.join(', ')});`;
}

const ALIGNMENT = { left: 'left', center: 'center', right: 'right' } as const;

function table(token: Tokens.Table, context: Context): string {
  const columns = token.header.length;
  const align = token.align.map((a) => (a === null ? 'auto' : ALIGNMENT[a]));
  const cell = (c: Tokens.TableCell) => `[${inline(c.tokens, context)}]`;
  const header = `table.header(${token.header.map((c) => `[#strong[${inline(c.tokens, context)}];]`).join(', ')})`;
  const rows = token.rows.flatMap((row) => Array.from({ length: columns }, (_, i) => (row[i] ? cell(row[i]) : '[]')));
  return `#table(columns: ${columns}, align: (${align.join(', ')},), stroke: 0.5pt + gray, ${[header, ...rows].join(', ')});`;
}

function inline(tokens: readonly Token[] | undefined, context: Context): string {
  if (!tokens) return '';
  return tokens.map((token) => inlineToken(token, context)).join('');
}

function inlineToken(token: Token, context: Context): string {
  switch (token.type) {
    case 'text': {
      const t = token as Tokens.Text;
      // Soft line breaks inside a paragraph are spaces, as in every markdown renderer.
      return t.tokens ? inline(t.tokens, context) : typstText(t.text.replace(/\n/g, ' '));
    }
    case 'escape':
      return typstText((token as Tokens.Escape).text);
    case 'strong':
      return `#strong[${inline((token as Tokens.Strong).tokens, context)}];`;
    case 'em':
      return `#emph[${inline((token as Tokens.Em).tokens, context)}];`;
    case 'del':
      return `#strike[${inline((token as Tokens.Del).tokens, context)}];`;
    case 'codespan':
      return `#raw(${typstString((token as Tokens.Codespan).text)});`;
    case 'br':
      return '#linebreak();';
    case 'link': {
      const t = token as Tokens.Link;
      const body = inline(t.tokens, context) || typstText(t.href);
      return t.href.trim() === '' ? body : `#link(${typstString(t.href)})[${body}];`;
    }
    case 'image': {
      const t = token as Tokens.Image;
      const path = context.images(t.href);
      if (path === null) return `#emph[${typstText(`[${t.text || t.href}]`)}];`;
      return `#box(sovereign-image(${typstString(path)}, ${typstString(t.text)}));`;
    }
    case 'html':
    case 'tag':
      return typstText((token as Tokens.Tag).text);
    default:
      return 'raw' in token && typeof token.raw === 'string' ? typstText(token.raw) : '';
  }
}
