import assert from 'node:assert/strict';
import { test } from 'node:test';
import { intersects, type Rect } from '../../../src/canvas/kernels/geometry.js';
import { dashIsStraight, emptyCurve, LinkDasher, subCurve, visibleSpans } from '../../../src/canvas/kernels/link-dashes.js';
import { pointOnCurve, type CurvePoints } from '../../../src/canvas/kernels/links.js';

const pattern = { on: 6, off: 4 };

/** A straight horizontal segment as a cubic whose control points divide it in thirds: t runs at constant speed. */
function straight(x0: number, x1: number, y: number): CurvePoints {
  return { x0, y0: y, c1x: x0 + (x1 - x0) / 3, c1y: y, c2x: x0 + (2 * (x1 - x0)) / 3, c2y: y, x1, y1: y };
}

/** A link's S-curve leaving and entering horizontally, `drop` px lower at the end (the shape links.ts draws). */
function sCurve(drop: number): CurvePoints {
  return { x0: 100, y0: 100, c1x: 300, c1y: 100, c2x: 200, c2y: 100 + drop, x1: 400, y1: 100 + drop };
}

function dashList(dashes: readonly number[]): CurvePoints[] {
  const out: CurvePoints[] = [];
  for (let d = 0; d < dashes.length; d += 8) {
    out.push({ x0: dashes[d]!, y0: dashes[d + 1]!, c1x: dashes[d + 2]!, c1y: dashes[d + 3]!, c2x: dashes[d + 4]!, c2y: dashes[d + 5]!, x1: dashes[d + 6]!, y1: dashes[d + 7]! });
  }
  return out;
}

/** A curve's length by a fine polyline: an independent measure from the dasher's quadrature. */
function polylineLength(c: CurvePoints, segments = 20_000): number {
  let length = 0;
  let prev = pointOnCurve(c, 0);
  for (let s = 1; s <= segments; s++) {
    const next = pointOnCurve(c, s / segments);
    length += Math.hypot(next.x - prev.x, next.y - prev.y);
    prev = next;
  }
  return length;
}

const everywhere: Rect = { x: -1e9, y: -1e9, w: 2e9, h: 2e9 };

test('a 100 px straight link is drawn as ten 6 px dashes starting at its start, 4 px apart', () => {
  const dashes = dashList(new LinkDasher(pattern).dashes(straight(0, 100, 50), everywhere));
  assert.equal(dashes.length, 10);
  dashes.forEach((d, k) => {
    assert.ok(Math.abs(d.x0 - 10 * k) < 1e-6, `dash ${k} starts at ${10 * k} (got ${d.x0})`);
    assert.ok(Math.abs(d.x1 - (10 * k + 6)) < 1e-6, `dash ${k} ends at ${10 * k + 6} (got ${d.x1})`);
    assert.equal(d.y0, 50);
    assert.equal(d.y1, 50);
  });
});

test('the last dash of a link is cut short at the link’s end', () => {
  const dashes = dashList(new LinkDasher(pattern).dashes(straight(0, 23, 0), everywhere));
  assert.deepEqual(
    dashes.map((d) => [Math.round(d.x0 * 1e6) / 1e6, Math.round(d.x1 * 1e6) / 1e6]),
    [
      [0, 6],
      [10, 16],
      [20, 23],
    ],
  );
});

test('on a curved link every dash is 6 px of the curve and the gaps are 4 px', () => {
  const c = sCurve(700);
  const dashes = dashList(new LinkDasher(pattern).dashes(c, everywhere));
  const total = polylineLength(c);
  assert.equal(dashes.length, Math.ceil(total / 10));
  for (const d of dashes.slice(0, -1)) assert.ok(Math.abs(polylineLength(d, 200) - 6) < 0.01, `a dash is 6 px long (got ${polylineLength(d, 200)})`);
  // A gap is the straight distance from one dash's end to the next one's start, along a gently bending curve.
  for (let k = 1; k < dashes.length; k++) {
    const gap = Math.hypot(dashes[k]!.x0 - dashes[k - 1]!.x1, dashes[k]!.y0 - dashes[k - 1]!.y1);
    assert.ok(gap > 3.9 && gap <= 4 + 1e-6, `gap ${k} is 4 px (got ${gap})`);
  }
  const first = dashes[0]!;
  assert.deepEqual([first.x0, first.y0], [c.x0, c.y0]);
});

test('a dash lies on the link it was cut from', () => {
  const c = sCurve(700);
  for (const d of dashList(new LinkDasher(pattern).dashes(c, everywhere)).slice(0, 40)) {
    for (const t of [0, 0.5, 1]) {
      const p = pointOnCurve(d, t);
      // The nearest point of the link, searched finely.
      let best = Infinity;
      for (let s = 0; s <= 4000; s++) {
        const q = pointOnCurve(c, s / 4000);
        best = Math.min(best, Math.hypot(p.x - q.x, p.y - q.y));
      }
      assert.ok(best < 0.3, `a dash point is ${best} px off the link`);
    }
  }
});

test('a clip keeps exactly the dashes of the whole link that reach into it, at the same places', () => {
  const c = sCurve(5000);
  const clip: Rect = { x: 150, y: 1800, w: 400, h: 600 };
  const all = dashList(new LinkDasher(pattern).dashes(c, everywhere));
  const clipped = dashList(new LinkDasher(pattern).dashes(c, clip));
  assert.ok(clipped.length > 0 && clipped.length < all.length / 2, `${clipped.length} of ${all.length} dashes`);
  for (const d of clipped) {
    const whole = all.find((a) => Math.abs(a.x0 - d.x0) < 1e-6 && Math.abs(a.y0 - d.y0) < 1e-6);
    const touchesEdge = d.y0 < clip.y || d.y1 > clip.y + clip.h;
    if (!touchesEdge) {
      assert.ok(whole, `dash at ${d.x0},${d.y0} is one of the whole link's`);
      assert.ok(Math.abs(whole.x1 - d.x1) < 1e-6 && Math.abs(whole.y1 - d.y1) < 1e-6);
    }
  }
  // Every dash of the whole link that crosses the clip is drawn there.
  const inside = (p: { x: number; y: number }) => p.x >= clip.x && p.x <= clip.x + clip.w && p.y >= clip.y && p.y <= clip.y + clip.h;
  for (const a of all.filter((d) => inside(pointOnCurve(d, 0.5)))) {
    assert.ok(
      clipped.some((d) => Math.abs(pointOnCurve(d, 0.5).x - pointOnCurve(a, 0.5).x) < 1e-6 && Math.abs(pointOnCurve(d, 0.5).y - pointOnCurve(a, 0.5).y) < 1e-6),
      'a dash inside the clip is drawn',
    );
  }
});

test('a link 200,000 px long gives only the dashes near a 1600x1000 screen', () => {
  const c: CurvePoints = { x0: 800, y0: 500, c1x: 1000, c1y: 500, c2x: 1000, c2y: 200_500, x1: 1200, y1: 200_500 };
  const screen: Rect = { x: 0, y: 0, w: 1600, h: 1000 };
  const dashes = dashList(new LinkDasher(pattern).dashes(c, screen));
  assert.ok(dashes.length > 0, 'the part on screen is dashed');
  assert.ok(dashes.length < 1000 / 10 + 10, `${dashes.length} dashes for about 1,000 px of the link on screen`);
  const grown: Rect = { x: -20, y: -20, w: 1640, h: 1040 };
  for (const d of dashes) {
    const x0 = Math.min(d.x0, d.x1) - 1;
    const y0 = Math.min(d.y0, d.y1) - 1;
    assert.ok(intersects({ x: x0, y: y0, w: Math.abs(d.x1 - d.x0) + 2, h: Math.abs(d.y1 - d.y0) + 2 }, grown), 'no dash far off screen');
  }
});

test('a link wholly off the clip has no dashes and no visible spans', () => {
  const c = sCurve(300);
  const clip: Rect = { x: 1000, y: 1000, w: 100, h: 100 };
  assert.equal(new LinkDasher(pattern).dashes(c, clip).length, 0);
  assert.deepEqual(visibleSpans(c, clip, []), []);
  assert.deepEqual(visibleSpans(c, everywhere, []), [0, 1], 'a link wholly inside is one span');
});

test('a sub-curve passes through the same points as the part of the curve it was cut from', () => {
  const c = sCurve(900);
  const part = subCurve(c, 0.25, 0.75, emptyCurve());
  for (const u of [0, 0.1, 0.5, 0.9, 1]) {
    const p = pointOnCurve(part, u);
    const q = pointOnCurve(c, 0.25 + 0.5 * u);
    assert.ok(Math.hypot(p.x - q.x, p.y - q.y) < 1e-9);
  }
});

test('a dash of a straight link is straight; one of a tight bend is not', () => {
  const dasher = new LinkDasher(pattern);
  const line = dasher.dashes(straight(0, 100, 50), everywhere);
  assert.ok(dashIsStraight(line, 0, 0.02));
  // A quarter turn within 12 px: the first 6 px dash bows well away from its chord.
  const bend: CurvePoints = { x0: 0, y0: 0, c1x: 7, c1y: 0, c2x: 8, c2y: 1, x1: 8, y1: 8 };
  const bent = dasher.dashes(bend, everywhere);
  assert.equal(dashIsStraight(bent, 0, 0.02), false);
  assert.equal(dashIsStraight(bent, 0, 2), true, 'within a looser tolerance');
});
