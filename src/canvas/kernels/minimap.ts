import { clamp, type Rect } from './geometry.js';

/**
 * The minimap shows the whole workspace (time across, bands down) in a small
 * box. Its scales are independent per axis: a workspace is far wider than
 * tall, and the minimap is for finding one's way, not for proportions.
 */
export const MINIMAP_INSET = 6;

export class MinimapGeometry {
  readonly inner: Rect;

  constructor(readonly box: Rect, readonly world: Rect, insetPx = MINIMAP_INSET) {
    this.inner = { x: box.x + insetPx, y: box.y + insetPx, w: Math.max(1, box.w - 2 * insetPx), h: Math.max(1, box.h - 2 * insetPx) };
  }

  toMapX(worldX: number): number {
    return this.inner.x + ((worldX - this.world.x) / Math.max(this.world.w, 1e-9)) * this.inner.w;
  }

  toMapY(worldY: number): number {
    return this.inner.y + ((worldY - this.world.y) / Math.max(this.world.h, 1e-9)) * this.inner.h;
  }

  toWorldX(mapX: number): number {
    return this.world.x + ((mapX - this.inner.x) / this.inner.w) * this.world.w;
  }

  toWorldY(mapY: number): number {
    return this.world.y + ((mapY - this.inner.y) / this.inner.h) * this.world.h;
  }

  /** The visible world rectangle drawn in the minimap: clipped to it, at least minPx across so it stays findable. */
  viewportRect(visibleWorld: Rect, minPx = 4): Rect {
    const inner = this.inner;
    let x0 = clamp(this.toMapX(visibleWorld.x), inner.x, inner.x + inner.w);
    let x1 = clamp(this.toMapX(visibleWorld.x + visibleWorld.w), inner.x, inner.x + inner.w);
    let y0 = clamp(this.toMapY(visibleWorld.y), inner.y, inner.y + inner.h);
    let y1 = clamp(this.toMapY(visibleWorld.y + visibleWorld.h), inner.y, inner.y + inner.h);
    if (x1 - x0 < minPx) {
      const mid = clamp((x0 + x1) / 2, inner.x + minPx / 2, inner.x + inner.w - minPx / 2);
      x0 = mid - minPx / 2;
      x1 = mid + minPx / 2;
    }
    if (y1 - y0 < minPx) {
      const mid = clamp((y0 + y1) / 2, inner.y + minPx / 2, inner.y + inner.h - minPx / 2);
      y0 = mid - minPx / 2;
      y1 = mid + minPx / 2;
    }
    return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  }
}

/** The world box a minimap shows: the layout's bounds with a little air either side. */
export function minimapWorld(bounds: Rect): Rect {
  const padX = Math.max(bounds.w * 0.03, 24);
  return { x: bounds.x - padX, y: bounds.y, w: bounds.w + 2 * padX, h: Math.max(bounds.h, 1) };
}
