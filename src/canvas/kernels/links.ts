import type { Relationship } from '../../store/records.js';
import { distanceToSegmentSquared, type Rect } from './geometry.js';
import type { CardLayout } from './layout.js';

/** A soft link between two laid-out cards: a cubic curve leaving and entering horizontally. */
export interface LinkLayout {
  relationship: Relationship;
  from: number;
  to: number;
}

export interface CurvePoints {
  x0: number;
  y0: number;
  c1x: number;
  c1y: number;
  c2x: number;
  c2y: number;
  x1: number;
  y1: number;
}

/**
 * How a link is drawn: a `related` link is a suggestion someone accepted
 * (similar meaning), not a reference written in a document, so it is drawn
 * dashed and lighter than the others.
 */
export type LinkStyle = 'solid' | 'soft';

export function linkStyle(relationship: Pick<Relationship, 'kind'>): LinkStyle {
  return relationship.kind === 'related' ? 'soft' : 'solid';
}

/** Relationships whose two ends are both on the canvas (others are not drawn). */
export function layoutLinks(relationships: readonly Relationship[], indexOfDoc: ReadonlyMap<string, number>): LinkLayout[] {
  const links: LinkLayout[] = [];
  for (const relationship of relationships) {
    const from = indexOfDoc.get(relationship.from);
    const to = indexOfDoc.get(relationship.to);
    if (from === undefined || to === undefined || from === to) continue;
    links.push({ relationship, from, to });
  }
  return links;
}

/** The curve in world units, from the side of each card that faces the other. */
export function linkCurve(cards: CardLayout, link: LinkLayout): CurvePoints {
  const a = link.from;
  const b = link.to;
  const aCentre = cards.x[a]! + cards.w[a]! / 2;
  const bCentre = cards.x[b]! + cards.w[b]! / 2;
  const forward = bCentre >= aCentre;
  const x0 = forward ? cards.x[a]! + cards.w[a]! : cards.x[a]!;
  const x1 = forward ? cards.x[b]! : cards.x[b]! + cards.w[b]!;
  const y0 = cards.y[a]! + cards.h[a]! / 2;
  const y1 = cards.y[b]! + cards.h[b]! / 2;
  const reach = Math.max(40, Math.abs(x1 - x0) / 2) * (forward ? 1 : -1);
  return { x0, y0, c1x: x0 + reach, c1y: y0, c2x: x1 - reach, c2y: y1, x1, y1 };
}

export function curveBounds(c: CurvePoints): Rect {
  const x0 = Math.min(c.x0, c.c1x, c.c2x, c.x1);
  const y0 = Math.min(c.y0, c.y1);
  const x1 = Math.max(c.x0, c.c1x, c.c2x, c.x1);
  const y1 = Math.max(c.y0, c.y1);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

export function pointOnCurve(c: CurvePoints, t: number): { x: number; y: number } {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const d = 3 * u * t * t;
  const e = t * t * t;
  return { x: a * c.x0 + b * c.c1x + d * c.c2x + e * c.x1, y: a * c.y0 + b * c.c1y + d * c.c2y + e * c.y1 };
}

/** Distance from a point to the curve, by a 24-segment polyline (good to well under a pixel at card scale). */
export function distanceToCurve(c: CurvePoints, px: number, py: number, segments = 24): number {
  let best = Infinity;
  let prev = pointOnCurve(c, 0);
  for (let s = 1; s <= segments; s++) {
    const next = pointOnCurve(c, s / segments);
    best = Math.min(best, distanceToSegmentSquared(px, py, prev.x, prev.y, next.x, next.y));
    prev = next;
  }
  return Math.sqrt(best);
}
