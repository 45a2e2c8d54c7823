/**
 * Per card, the links that touch it, packed into two typed arrays (card k's
 * links are `links[start[k] .. start[k + 1])`). A Map of one JS array per
 * card cost ~180 bytes a card at 50,000 cards (V8 gives an array that grew
 * by push room for 17 elements); this costs 4 bytes per card and per link end.
 */
export class CardLinks {
  private readonly start: Int32Array;
  private readonly links: Int32Array;

  /** `ends` are the cards at each link's two ends, in link order. */
  constructor(cardCount: number, ends: readonly { from: number; to: number }[]) {
    const start = new Int32Array(cardCount + 1);
    for (const { from, to } of ends) {
      start[from + 1]!++;
      start[to + 1]!++;
    }
    for (let k = 0; k < cardCount; k++) start[k + 1]! += start[k]!;
    const fill = start.slice(0, cardCount);
    const links = new Int32Array(start[cardCount]!);
    ends.forEach(({ from, to }, k) => {
      links[fill[from]!++] = k;
      links[fill[to]!++] = k;
    });
    this.start = start;
    this.links = links;
  }

  /** The links touching a card, in link order; undefined when it has none (as Map.get). */
  get(card: number): Int32Array | undefined {
    if (!(card >= 0 && card < this.start.length - 1)) return undefined;
    const from = this.start[card]!;
    const to = this.start[card + 1]!;
    return to > from ? this.links.subarray(from, to) : undefined;
  }

  /** The cards that have at least one link, in card order. */
  *keys(): IterableIterator<number> {
    for (let card = 0; card < this.start.length - 1; card++) if (this.start[card + 1]! > this.start[card]!) yield card;
  }
}
