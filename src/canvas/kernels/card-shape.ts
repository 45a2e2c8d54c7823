import type { CardLayout } from './layout.js';

/**
 * Owned documents are rounded rectangles; external (imported) ones are
 * parallelograms leaning right by EXTERNAL_SKEW world units, so the two read
 * apart at a glance even without colour.
 */
export const EXTERNAL_SKEW = 12;
export const OWNED_RADIUS = 10;

/** Whether world point (x, y) is inside card i's shape (the parallelogram for external documents). */
export function cardContains(cards: CardLayout, i: number, x: number, y: number): boolean {
  const left = cards.x[i]!;
  const top = cards.y[i]!;
  const w = cards.w[i]!;
  const h = cards.h[i]!;
  if (y < top || y >= top + h || x < left || x >= left + w) return false;
  if (cards.docs[i]!.isOwned) return true;
  // The left edge runs from (left + skew, top) down to (left, bottom); the right edge likewise.
  const inset = EXTERNAL_SKEW * (1 - (y - top) / h);
  return x >= left + inset && x < left + w - EXTERNAL_SKEW + inset;
}
