/**
 * Remembers the match snippets of recent searches so GetResultMetas, which
 * receives only ids, can describe each result with the text that matched.
 * Bounded: the oldest entries go first.
 */
export class SnippetCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly capacity = 256) {}

  remember(id: string, snippet: string): void {
    this.entries.delete(id);
    this.entries.set(id, snippet);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get(id: string): string | undefined {
    return this.entries.get(id);
  }
}

/** One line of plain text for the Shell's description, cut at a word near max characters. */
export function oneLine(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.lastIndexOf(' ', max);
  return flat.slice(0, cut > max / 2 ? cut : max) + '…';
}
