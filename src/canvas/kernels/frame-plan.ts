import { intersection, subtract, type Rect } from './geometry.js';

/** What a frame's pixels depend on, besides the camera's whole-pixel offset. */
export interface FrameKey {
  widthPx: number;
  heightPx: number;
  kx: number;
  ky: number;
  leftPx: number;
  topPx: number;
  /** Bumped whenever anything drawn changes (data, theme, LOD, a dragged card). */
  contentVersion: number;
}

export type FramePlan =
  | { kind: 'full' }
  | { kind: 'partial'; shiftX: number; shiftY: number; rects: Rect[] };

/** Beyond this share of the screen to redraw, a full redraw is as cheap and simpler. */
export const PARTIAL_LIMIT = 0.6;

/**
 * Plans a frame from the previous one. When only the camera's whole-pixel
 * offset changed (a pan), the previous pixels are shifted and only the newly
 * exposed strips are redrawn, plus the screen-fixed chrome (ruler, gutter,
 * minimap) and, outside it, where the shift moved its old pixels to. Extra
 * rects (a hover or selection change) are added as they are.
 */
export function planFrame(previous: FrameKey | null, next: FrameKey, chrome: readonly Rect[], extra: readonly Rect[] = []): FramePlan {
  if (
    !previous ||
    previous.widthPx !== next.widthPx ||
    previous.heightPx !== next.heightPx ||
    previous.kx !== next.kx ||
    previous.ky !== next.ky ||
    previous.contentVersion !== next.contentVersion
  ) {
    return { kind: 'full' };
  }
  const W = next.widthPx;
  const H = next.heightPx;
  const shiftX = previous.leftPx - next.leftPx;
  const shiftY = previous.topPx - next.topPx;
  if (Math.abs(shiftX) >= W || Math.abs(shiftY) >= H) return { kind: 'full' };
  const screen: Rect = { x: 0, y: 0, w: W, h: H };
  const rects: Rect[] = [];
  if (shiftX > 0) rects.push({ x: 0, y: 0, w: shiftX, h: H });
  if (shiftX < 0) rects.push({ x: W + shiftX, y: 0, w: -shiftX, h: H });
  if (shiftY > 0) rects.push({ x: 0, y: 0, w: W, h: shiftY });
  if (shiftY < 0) rects.push({ x: 0, y: H + shiftY, w: W, h: -shiftY });
  const moved = shiftX !== 0 || shiftY !== 0;
  for (const r of chrome) {
    if (r.w <= 0 || r.h <= 0) continue;
    if (moved) {
      rects.push(r);
      // Where the shift carried the chrome's old pixels: only the part outside
      // the chrome needs content again (the chrome itself is redrawn above).
      const shifted = intersection({ x: r.x + shiftX, y: r.y + shiftY, w: r.w, h: r.h }, screen);
      if (shifted) rects.push(...subtract(shifted, r));
    }
  }
  for (const r of extra) {
    const clipped = intersection(r, screen);
    if (clipped) rects.push(clipped);
  }
  const area = rects.reduce((sum, r) => sum + r.w * r.h, 0);
  if (area > PARTIAL_LIMIT * W * H) return { kind: 'full' };
  return { kind: 'partial', shiftX, shiftY, rects: mergeRects(rects) };
}

/** Drops rects contained in others and snaps all to whole pixels (clips must be pixel-exact). */
export function mergeRects(rects: readonly Rect[]): Rect[] {
  const snapped = rects.map((r) => {
    const x0 = Math.floor(r.x);
    const y0 = Math.floor(r.y);
    return { x: x0, y: y0, w: Math.ceil(r.x + r.w) - x0, h: Math.ceil(r.y + r.h) - y0 };
  });
  return snapped.filter(
    (r, i) =>
      !snapped.some(
        (o, j) => j !== i && o.x <= r.x && o.y <= r.y && o.x + o.w >= r.x + r.w && o.y + o.h >= r.y + r.h && (j < i || !(o.x === r.x && o.y === r.y && o.w === r.w && o.h === r.h)),
      ),
  );
}
