import type { Rect } from './geometry.js';
import type { CurvePoints } from './links.js';

/**
 * The dashes of a dashed (soft) link that can show inside a clip rectangle,
 * as sub-curves of the link's cubic. Nothing here may import CanvasKit.
 *
 * Why not CanvasKit's dash path effect: it dashes the whole curve before
 * clipping. A link leaving the view for a card in a far band is a cubic of
 * 50,000-300,000 px at a readable zoom (each band holds many sub-lanes), and
 * dashing one cost ~40 ms; seven of them were most of a 50-card frame. Here
 * only the visible part is dashed, and the dashes are placed by arc length
 * from the curve's start, so they do not depend on the clip: a pan's exposed
 * strip continues the dashes of the shifted pixels beside it.
 */
export interface DashPattern {
  /** Device pixels drawn, then left out, from the start of the curve. */
  on: number;
  off: number;
}

/** Arc length is integrated over this many equal steps of t (Gauss-Legendre within each). */
const PIECES = 32;
/** Pieces of the curve smaller than this (device px) are not split further when finding what is visible. */
const MIN_SPAN_PX = 16;
const MAX_DEPTH = 24;

// 5-point Gauss-Legendre nodes and weights on [-1, 1]: exact for polynomials
// up to degree 9; the speed of a cubic is the root of a quartic, smooth
// enough that 32 x 5 points give the length to well under 1e-6 of itself.
const GL_X = [0, -0.5384693101056831, 0.5384693101056831, -0.906179845938664, 0.906179845938664];
const GL_W = [0.5688888888888889, 0.47862867049936647, 0.47862867049936647, 0.23692688505618908, 0.23692688505618908];

function speed(c: CurvePoints, t: number): number {
  const u = 1 - t;
  const dx = 3 * u * u * (c.c1x - c.x0) + 6 * u * t * (c.c2x - c.c1x) + 3 * t * t * (c.x1 - c.c2x);
  const dy = 3 * u * u * (c.c1y - c.y0) + 6 * u * t * (c.c2y - c.c1y) + 3 * t * t * (c.y1 - c.c2y);
  return Math.sqrt(dx * dx + dy * dy);
}

function lengthBetween(c: CurvePoints, a: number, b: number): number {
  const half = (b - a) / 2;
  const mid = (a + b) / 2;
  let sum = 0;
  for (let k = 0; k < 5; k++) sum += GL_W[k]! * speed(c, mid + half * GL_X[k]!);
  return sum * half;
}

/** Arc length along one curve: cumulative lengths at PIECES + 1 equal steps of t. */
class ArcLength {
  private readonly cumulative = new Float64Array(PIECES + 1);
  private curve: CurvePoints | null = null;

  measure(c: CurvePoints): void {
    this.curve = c;
    for (let p = 0; p < PIECES; p++) this.cumulative[p + 1] = this.cumulative[p]! + lengthBetween(c, p / PIECES, (p + 1) / PIECES);
  }

  get total(): number {
    return this.cumulative[PIECES]!;
  }

  /** Length from t = 0 to t. */
  at(t: number): number {
    const p = Math.min(PIECES - 1, Math.max(0, Math.floor(t * PIECES)));
    return this.cumulative[p]! + lengthBetween(this.curve!, p / PIECES, t);
  }

  /**
   * The t at which the length from the start is s, by Newton's method from
   * `guess` (a t a few pixels before: the previous dash end) or, without
   * one, from the linear guess within s's piece. Stops within 1e-4 px.
   */
  tAt(s: number, guess = -1): number {
    const c = this.curve!;
    if (s <= 0) return 0;
    if (s >= this.total) return 1;
    let p = Math.min(PIECES - 1, Math.floor((s / this.total) * PIECES));
    while (p > 0 && this.cumulative[p]! > s) p--;
    while (p < PIECES - 1 && this.cumulative[p + 1]! < s) p++;
    const lo = p / PIECES;
    const hi = (p + 1) / PIECES;
    let t: number;
    if (guess >= lo && guess <= hi) {
      t = guess;
    } else {
      const a = this.cumulative[p]!;
      const b = this.cumulative[p + 1]!;
      t = (p + (b > a ? (s - a) / (b - a) : 0)) / PIECES;
    }
    for (let k = 0; k < 8; k++) {
      const error = this.at(t) - s;
      if (Math.abs(error) < 1e-4) break;
      const v = speed(c, t);
      if (v === 0) break;
      t = Math.min(hi, Math.max(lo, t - error / v));
    }
    return t;
  }
}

/** The part of `c` between t0 and t1, as a cubic of its own, written into `out`. */
export function subCurve(c: CurvePoints, t0: number, t1: number, out: CurvePoints): CurvePoints {
  // The sub-curve's control points are the curve's blossom at (t0,t0,t0),
  // (t0,t0,t1), (t0,t1,t1) and (t1,t1,t1).
  out.x0 = blossom(c.x0, c.c1x, c.c2x, c.x1, t0, t0, t0);
  out.y0 = blossom(c.y0, c.c1y, c.c2y, c.y1, t0, t0, t0);
  out.c1x = blossom(c.x0, c.c1x, c.c2x, c.x1, t0, t0, t1);
  out.c1y = blossom(c.y0, c.c1y, c.c2y, c.y1, t0, t0, t1);
  out.c2x = blossom(c.x0, c.c1x, c.c2x, c.x1, t0, t1, t1);
  out.c2y = blossom(c.y0, c.c1y, c.c2y, c.y1, t0, t1, t1);
  out.x1 = blossom(c.x0, c.c1x, c.c2x, c.x1, t1, t1, t1);
  out.y1 = blossom(c.y0, c.c1y, c.c2y, c.y1, t1, t1, t1);
  return out;
}

/** One coordinate of a cubic's blossom (de Casteljau with a different t at each level). */
function blossom(p0: number, p1: number, p2: number, p3: number, a: number, b: number, d: number): number {
  const q0 = p0 + (p1 - p0) * a;
  const q1 = p1 + (p2 - p1) * a;
  const q2 = p2 + (p3 - p2) * a;
  const r0 = q0 + (q1 - q0) * b;
  const r1 = q1 + (q2 - q1) * b;
  return r0 + (r1 - r0) * d;
}

/**
 * The ranges of t in which `c` may be inside `clip`, merged and in order,
 * as pairs in `out` (cleared first). Conservative: a piece is kept when its
 * control polygon's bounds touch the clip (the curve lies within them).
 */
export function visibleSpans(c: CurvePoints, clip: Rect, out: number[], scratch: CurvePoints = emptyCurve()): number[] {
  out.length = 0;
  visitSpan(c, clip, out, scratch, 0, 1, 0);
  return out;
}

function visitSpan(c: CurvePoints, clip: Rect, out: number[], piece: CurvePoints, t0: number, t1: number, depth: number): void {
  subCurve(c, t0, t1, piece);
  const x0 = Math.min(piece.x0, piece.c1x, piece.c2x, piece.x1);
  const x1 = Math.max(piece.x0, piece.c1x, piece.c2x, piece.x1);
  const y0 = Math.min(piece.y0, piece.c1y, piece.c2y, piece.y1);
  const y1 = Math.max(piece.y0, piece.c1y, piece.c2y, piece.y1);
  if (x1 < clip.x || x0 > clip.x + clip.w || y1 < clip.y || y0 > clip.y + clip.h) return;
  const inside = x0 >= clip.x && x1 <= clip.x + clip.w && y0 >= clip.y && y1 <= clip.y + clip.h;
  if (inside || depth >= MAX_DEPTH || Math.max(x1 - x0, y1 - y0) <= MIN_SPAN_PX) {
    // Halving gives exact binary fractions, so touching spans compare equal.
    if (out.length > 0 && out[out.length - 1] === t0) out[out.length - 1] = t1;
    else out.push(t0, t1);
    return;
  }
  const mid = (t0 + t1) / 2;
  visitSpan(c, clip, out, piece, t0, mid, depth + 1);
  visitSpan(c, clip, out, piece, mid, t1, depth + 1);
}

export function emptyCurve(): CurvePoints {
  return { x0: 0, y0: 0, c1x: 0, c1y: 0, c2x: 0, c2y: 0, x1: 0, y1: 0 };
}

/**
 * The dashes of `c` (dashed from its start by `pattern`) that can show inside
 * `clip`, each as a sub-curve: eight numbers per dash (x0, y0, c1x, c1y, c2x,
 * c2y, x1, y1) in the array it returns, which it reuses on the next call.
 */
export class LinkDasher {
  private readonly length = new ArcLength();
  private readonly spans: number[] = [];
  private readonly piece = emptyCurve();
  private readonly out: number[] = [];

  constructor(private readonly pattern: DashPattern) {}

  dashes(c: CurvePoints, clip: Rect): readonly number[] {
    const out = this.out;
    out.length = 0;
    const { on, off } = this.pattern;
    const period = on + off;
    if (!(period > 0) || !(on > 0)) return out;
    const spans = visibleSpans(c, clip, this.spans, this.piece);
    if (spans.length === 0) return out;
    this.length.measure(c);
    const d = this.piece;
    let tLast = -1;
    for (let k = 0; k < spans.length; k += 2) {
      const s0 = this.length.at(spans[k]!);
      const s1 = this.length.at(spans[k + 1]!);
      for (let start = Math.floor(s0 / period) * period; start < s1; start += period) {
        const a = Math.max(start, s0);
        const b = Math.min(start + on, s1);
        if (b <= a) continue;
        // Each dash starts a few pixels past the last one's end: a guess Newton's method finishes in a step or two.
        const ta = this.length.tAt(a, tLast);
        const tb = this.length.tAt(b, ta + (b - a) / Math.max(1e-9, speed(c, ta)));
        tLast = tb + off / Math.max(1e-9, speed(c, tb));
        subCurve(c, ta, tb, d);
        out.push(d.x0, d.y0, d.c1x, d.c1y, d.c2x, d.c2y, d.x1, d.y1);
      }
    }
    return out;
  }
}

/**
 * Whether the dash at offset `d` of a dasher's output is straight to within
 * `tolerancePx`: its control points lie that close to its chord, and a cubic
 * lies within 3/4 of that distance from it. A straight dash can be stroked
 * as a line, which costs CanvasKit about half of stroking a cubic.
 */
export function dashIsStraight(dashes: readonly number[], d: number, tolerancePx: number): boolean {
  const x0 = dashes[d]!;
  const y0 = dashes[d + 1]!;
  const dx = dashes[d + 6]! - x0;
  const dy = dashes[d + 7]! - y0;
  const length = Math.hypot(dx, dy);
  if (length === 0) return false;
  const off1 = Math.abs((dashes[d + 2]! - x0) * dy - (dashes[d + 3]! - y0) * dx) / length;
  const off2 = Math.abs((dashes[d + 4]! - x0) * dy - (dashes[d + 5]! - y0) * dx) / length;
  return Math.max(off1, off2) <= tolerancePx;
}
