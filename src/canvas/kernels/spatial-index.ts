import type { Rect } from './geometry.js';
import type { Layout } from './layout.js';

/**
 * Culling and hit-testing over tens of thousands of cards: per band, the
 * card indices sorted by x, searched by bisection. Bands are sorted by y, so
 * a query touches only the bands it overlaps and, in each, only the run of
 * cards whose x range can reach the rectangle (~0.1 µs per query).
 */
export class SpatialIndex {
  /** Card indices, grouped by band, each group sorted by x. */
  private readonly order: Int32Array;
  private readonly xs: Float64Array;
  /** order[bandStart[b] .. bandStart[b+1]) are band b's cards. */
  private readonly bandStart: Int32Array;
  private readonly maxWidth: Float64Array;

  constructor(private readonly layout: Layout) {
    const { cards, bands } = layout;
    const counts = new Int32Array(bands.length + 1);
    for (let i = 0; i < cards.count; i++) counts[cards.band[i]! + 1]!++;
    for (let b = 0; b < bands.length; b++) counts[b + 1]! += counts[b]!;
    this.bandStart = counts;
    const fill = counts.slice(0, bands.length);
    this.order = new Int32Array(cards.count);
    for (let i = 0; i < cards.count; i++) this.order[fill[cards.band[i]!]!++] = i;
    this.xs = new Float64Array(cards.count);
    this.maxWidth = new Float64Array(bands.length);
    for (let b = 0; b < bands.length; b++) this.sortBand(b);
  }

  /** Calls visit(i) for every card overlapping the world rectangle, in drawing order (band, then x). */
  query(world: Rect, visit: (card: number) => void): void {
    const { cards, bands } = this.layout;
    const x0 = world.x;
    const x1 = world.x + world.w;
    const y0 = world.y;
    const y1 = world.y + world.h;
    for (let b = this.firstBandBelow(y0); b < bands.length; b++) {
      const band = bands[b]!;
      if (band.y >= y1) break;
      const end = this.bandStart[b + 1]!;
      for (let k = this.lowerBound(b, x0 - this.maxWidth[b]!); k < end; k++) {
        const x = this.xs[k]!;
        if (x >= x1) break;
        const i = this.order[k]!;
        if (x + cards.w[i]! > x0 && cards.y[i]! < y1 && cards.y[i]! + cards.h[i]! > y0) visit(i);
      }
    }
  }

  /** How many cards overlap the world rectangle, stopping early once past `cap`. */
  count(world: Rect, cap = Infinity): number {
    let n = 0;
    const { cards, bands } = this.layout;
    const x0 = world.x;
    const x1 = world.x + world.w;
    const y0 = world.y;
    const y1 = world.y + world.h;
    for (let b = this.firstBandBelow(y0); b < bands.length && n <= cap; b++) {
      const band = bands[b]!;
      if (band.y >= y1) break;
      const end = this.bandStart[b + 1]!;
      for (let k = this.lowerBound(b, x0 - this.maxWidth[b]!); k < end; k++) {
        const x = this.xs[k]!;
        if (x >= x1) break;
        const i = this.order[k]!;
        if (x + cards.w[i]! > x0 && cards.y[i]! < y1 && cards.y[i]! + cards.h[i]! > y0) n++;
      }
    }
    return n;
  }

  /** The cards of one band in x order (for keyboard navigation). */
  bandCards(band: number): Int32Array {
    return this.order.subarray(this.bandStart[band]!, this.bandStart[band + 1]!);
  }

  /** Re-sorts a card's band after its x changed (a drag). */
  update(card: number): void {
    this.sortBand(this.layout.cards.band[card]!);
  }

  private sortBand(b: number): void {
    const { cards } = this.layout;
    const start = this.bandStart[b]!;
    const end = this.bandStart[b + 1]!;
    const slice = Array.from(this.order.subarray(start, end));
    slice.sort((p, q) => cards.x[p]! - cards.x[q]! || p - q);
    let maxWidth = 0;
    for (let k = 0; k < slice.length; k++) {
      const i = slice[k]!;
      this.order[start + k] = i;
      this.xs[start + k] = cards.x[i]!;
      maxWidth = Math.max(maxWidth, cards.w[i]!);
    }
    this.maxWidth[b] = maxWidth;
  }

  private lowerBound(band: number, x: number): number {
    let lo = this.bandStart[band]!;
    let hi = this.bandStart[band + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.xs[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private firstBandBelow(y: number): number {
    const bands = this.layout.bands;
    let lo = 0;
    let hi = bands.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const band = bands[mid]!;
      if (band.y + band.height <= y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
