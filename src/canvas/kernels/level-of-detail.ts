/**
 * Level of detail, chosen by how many cards are in view: fewer than 50 are
 * drawn in full (title, type label, badge), 50 to 200 as compact cards with a
 * truncated title, more than 200 only as a density heat map. The limits are
 * the most cards a level ever draws; a step back up to more detail waits
 * until the count is well under the limit (see RETURN_SHARE).
 */
export type Lod = 'full' | 'compact' | 'density';

export const FULL_CARD_LIMIT = 50;
export const COMPACT_CARD_LIMIT = 200;
/**
 * Below this zoom a full card's 13 px title would be smaller than 8 px, so
 * even a few cards (a sparse workspace seen from afar) are drawn compact.
 */
export const FULL_MIN_ZOOM = 0.6;

/**
 * After the level dropped, it steps back up only once the count is below
 * this share of the limit. Without it, a pan along a limit switched every
 * card between its two looks as a column of cards came into view and left
 * again (48 ↔ 51 cards, every few frames), each switch a whole frame redrawn
 * and every card rasterised anew.
 */
export const RETURN_SHARE = 0.85;

/** The level for `cardsInView` cards at `zoom`, given the level `shown` now (none: the first frame). */
export function chooseLod(cardsInView: number, zoom: number, shown?: Lod): Lod {
  if (cardsInView > COMPACT_CARD_LIMIT) return 'density';
  if (shown === 'density' && cardsInView > COMPACT_CARD_LIMIT * RETURN_SHARE) return 'density';
  if (cardsInView >= FULL_CARD_LIMIT || zoom < FULL_MIN_ZOOM) return 'compact';
  if ((shown === 'compact' || shown === 'density') && cardsInView >= FULL_CARD_LIMIT * RETURN_SHARE) return 'compact';
  return 'full';
}

/** Title font sizes in world units: a compact card's title grows in world units as the zoom shrinks, so it stays legible. */
export const TITLE_SIZES = [13, 18, 26] as const;
const TITLE_MIN_ZOOM = [0.7, 0.5, 0.35] as const;

/**
 * Which title variant to draw at a zoom: -1 for none (the card is too small
 * for any legible title). Each variant is laid out once in world units and
 * scaled, so zooming never re-lays out text.
 */
export function titleVariant(zoom: number): number {
  for (let v = 0; v < TITLE_MIN_ZOOM.length; v++) if (zoom >= TITLE_MIN_ZOOM[v]!) return v;
  return -1;
}
