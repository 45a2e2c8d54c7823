/** Plain 2D geometry shared by the kernels. Nothing in this folder may import CanvasKit or GTK. */
export interface Point {
  x: number;
  y: number;
}

/** An axis-aligned rectangle: x, y is the top-left corner. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function rect(x: number, y: number, w: number, h: number): Rect {
  return { x, y, w, h };
}

export function containsPoint(r: Rect, x: number, y: number): boolean {
  return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The overlap of two rectangles, or null when they do not overlap. */
export function intersection(a: Rect, b: Rect): Rect | null {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.w, b.x + b.w);
  const y1 = Math.min(a.y + a.h, b.y + b.h);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/** Squared distance from a point to the segment a-b. */
export function distanceToSegmentSquared(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  let t = lengthSquared === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / lengthSquared;
  t = clamp(t, 0, 1);
  const cx = ax + t * dx - px;
  const cy = ay + t * dy - py;
  return cx * cx + cy * cy;
}

/** The parts of a not covered by b, as up to four rectangles (bands above and below, then the sides). */
export function subtract(a: Rect, b: Rect): Rect[] {
  const cut = intersection(a, b);
  if (!cut) return [a];
  const out: Rect[] = [];
  if (cut.y > a.y) out.push({ x: a.x, y: a.y, w: a.w, h: cut.y - a.y });
  if (cut.y + cut.h < a.y + a.h) out.push({ x: a.x, y: cut.y + cut.h, w: a.w, h: a.y + a.h - cut.y - cut.h });
  if (cut.x > a.x) out.push({ x: a.x, y: cut.y, w: cut.x - a.x, h: cut.h });
  if (cut.x + cut.w < a.x + a.w) out.push({ x: cut.x + cut.w, y: cut.y, w: a.x + a.w - cut.x - cut.w, h: cut.h });
  return out;
}

/** Whether inner lies wholly inside outer. */
export function containsRect(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}
