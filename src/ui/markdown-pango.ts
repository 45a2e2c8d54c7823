import { marked, type Token, type Tokens } from 'marked';

/**
 * Markdown to Pango markup, for the read-only document view. marked's lexer
 * gives the block structure; each block becomes one markup string (shown
 * as its own label so long documents lay out lazily). Every piece of text
 * from the document is escaped: markup in a note is shown, never obeyed.
 * Pure: no GTK here.
 */
export type PangoBlockKind = 'heading' | 'paragraph' | 'code' | 'quote' | 'list' | 'rule' | 'table';

export interface PangoBlock {
  kind: PangoBlockKind;
  markup: string;
  /** Heading level (1-6), otherwise 0. */
  level: number;
}

const HEADING_SIZES = ['xx-large', 'x-large', 'large', 'large', 'medium', 'medium'];

export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function markdownToPango(markdown: string): PangoBlock[] {
  const blocks: PangoBlock[] = [];
  for (const token of marked.lexer(markdown, { gfm: true })) {
    const block = blockOf(token);
    if (block) blocks.push(block);
  }
  return blocks;
}

function blockOf(token: Token): PangoBlock | undefined {
  switch (token.type) {
    case 'heading': {
      const t = token as Tokens.Heading;
      const size = HEADING_SIZES[t.depth - 1] ?? 'medium';
      return { kind: 'heading', level: t.depth, markup: `<span size="${size}" weight="bold">${inline(t.tokens)}</span>` };
    }
    case 'paragraph':
      return { kind: 'paragraph', level: 0, markup: inline((token as Tokens.Paragraph).tokens) };
    case 'text':
      return { kind: 'paragraph', level: 0, markup: inline((token as Tokens.Text).tokens ?? [token]) };
    case 'code': {
      const text = (token as Tokens.Code).text;
      return { kind: 'code', level: 0, markup: `<tt>${escapeMarkup(text)}</tt>` };
    }
    case 'blockquote': {
      const inner = (token as Tokens.Blockquote).tokens.map((t) => blockOf(t)?.markup ?? '').filter(Boolean);
      return { kind: 'quote', level: 0, markup: `<i>${inner.join('\n')}</i>` };
    }
    case 'list':
      return { kind: 'list', level: 0, markup: list(token as Tokens.List, 0) };
    case 'hr':
      return { kind: 'rule', level: 0, markup: '' };
    case 'table':
      return { kind: 'table', level: 0, markup: table(token as Tokens.Table) };
    case 'html':
      return { kind: 'paragraph', level: 0, markup: escapeMarkup((token as Tokens.HTML).text.trim()) };
    default:
      return undefined;
  }
}

function list(token: Tokens.List, depth: number): string {
  const indent = '    '.repeat(depth);
  const start = typeof token.start === 'number' ? token.start : 1;
  return token.items
    .map((item, index) => {
      const marker = item.task ? (item.checked ? '☑' : '☐') : token.ordered ? `${start + index}.` : '•';
      const parts: string[] = [];
      for (const child of item.tokens) {
        if (child.type === 'list') parts.push('\n' + list(child as Tokens.List, depth + 1));
        else if (child.type === 'checkbox') continue;
        else if (child.type === 'text' || child.type === 'paragraph') parts.push(inline((child as Tokens.Text).tokens ?? [child]));
        else parts.push(blockOf(child)?.markup ?? '');
      }
      return `${indent}${marker} ${parts.join('')}`;
    })
    .join('\n');
}

function table(token: Tokens.Table): string {
  const cells = [token.header.map((cell) => cell.text), ...token.rows.map((row) => row.map((cell) => cell.text))];
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  │  ');
  const [header, ...rows] = cells;
  return `<tt><b>${escapeMarkup(line(header!))}</b>\n${rows.map((row) => escapeMarkup(line(row))).join('\n')}</tt>`;
}

function inline(tokens: readonly Token[] | undefined): string {
  if (!tokens) return '';
  return tokens.map(inlineOne).join('');
}

function inlineOne(token: Token): string {
  switch (token.type) {
    case 'strong':
      return `<b>${inline((token as Tokens.Strong).tokens)}</b>`;
    case 'em':
      return `<i>${inline((token as Tokens.Em).tokens)}</i>`;
    case 'del':
      return `<s>${inline((token as Tokens.Del).tokens)}</s>`;
    case 'codespan':
      return `<tt>${escapeMarkup(decodeEntities((token as Tokens.Codespan).text))}</tt>`;
    case 'link': {
      const t = token as Tokens.Link;
      const href = /^(https?|mailto|sovereign):/i.test(t.href) ? t.href : '';
      return href ? `<a href="${escapeMarkup(href)}">${inline(t.tokens)}</a>` : inline(t.tokens);
    }
    case 'image': {
      const t = token as Tokens.Image;
      return `<i>[${escapeMarkup(t.text || t.href)}]</i>`;
    }
    case 'br':
      return '\n';
    case 'text': {
      const t = token as Tokens.Text;
      return t.tokens ? inline(t.tokens) : escapeMarkup(decodeEntities(t.text));
    }
    case 'escape':
      return escapeMarkup((token as Tokens.Escape).text);
    case 'html':
      return escapeMarkup((token as Tokens.HTML).text);
    default:
      return 'raw' in token ? escapeMarkup(String(token.raw)) : '';
  }
}

/** marked's lexer leaves &amp;-style entities in text; turn them back before escaping once. */
function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!);
}
