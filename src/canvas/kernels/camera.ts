import { clamp, type Rect } from './geometry.js';

/**
 * Where the camera looks: the world point at the centre of the view and the
 * zoom (logical pixels per world unit). World units are logical pixels at
 * zoom 1; the renderer works in device pixels (logical × scale).
 */
export interface Viewport {
  centerX: number;
  centerY: number;
  zoom: number;
}

export interface CameraLimits {
  minZoom: number;
  maxZoom: number;
  /**
   * Below this zoom the vertical zoom falls more slowly than the horizontal
   * one, reaching fitZoomY (all bands fill the view's height) when the
   * horizontal zoom reaches fitZoomX (the whole time span fits): zoomed out,
   * the overview is a full-height heat map rather than a thin strip.
   */
  anisotropicBelow: number;
  fitZoomX: number;
  fitZoomY: number;
}

export const DEFAULT_LIMITS: CameraLimits = { minZoom: 0.0005, maxZoom: 4, anisotropicBelow: 0.35, fitZoomX: 0, fitZoomY: 0 };

/**
 * The most the overview stretches the bands vertically: at this vertical zoom
 * a one-lane band is 96 px tall and its cards their natural 56 px. A
 * workspace with two threads fitted to a tall window would otherwise get
 * bands hundreds of pixels tall around small cards.
 */
export const MAX_FIT_ZOOM_Y = 1;

/**
 * The vertical zoom that goes with a horizontal zoom. Zoomed out, the bands
 * fill the view's height (limits.fitZoomY, at most MAX_FIT_ZOOM_Y), so the
 * overview uses the whole canvas rather than a thin strip:
 * - when the bands fit taller than limits.anisotropicBelow, they keep that
 *   fitted height until the horizontal zoom catches up with it (then the
 *   zoom is equal both ways);
 * - when they fit only shorter (many threads), the vertical zoom falls more
 *   slowly than the horizontal one below anisotropicBelow, reaching the
 *   fitted height when the whole time span fits (limits.fitZoomX).
 * Either way it never decreases as the horizontal zoom grows, so fitting by
 * bisection over the horizontal zoom stays sound.
 */
export function verticalZoom(zoom: number, limits: CameraLimits): number {
  const zc = limits.anisotropicBelow;
  const fitted = Math.min(limits.fitZoomY, MAX_FIT_ZOOM_Y);
  if (fitted >= zc) return Math.max(zoom, fitted);
  if (zoom >= zc) return zoom;
  if (fitted <= 0) return zoom;
  let p = 1;
  if (limits.fitZoomX > 0 && limits.fitZoomX < zc) p = Math.min(4, Math.log(fitted / zc) / Math.log(limits.fitZoomX / zc));
  return Math.max(fitted, zc * Math.pow(zoom / zc, p));
}
export const DEFAULT_ANIMATION_MS = 260;

interface Transition {
  from: Viewport;
  to: Viewport;
  startMs: number;
  durationMs: number;
}

/** Ease-out cubic: fast start, gentle landing, as GNOME's own view transitions. */
export function easeOutCubic(t: number): number {
  const u = 1 - clamp(t, 0, 1);
  return 1 - u * u * u;
}

/** Interpolates two viewports; zoom moves in log space so each step feels the same size. */
export function interpolateViewport(from: Viewport, to: Viewport, t: number): Viewport {
  const e = easeOutCubic(t);
  return {
    centerX: from.centerX + (to.centerX - from.centerX) * e,
    centerY: from.centerY + (to.centerY - from.centerY) * e,
    zoom: Math.exp(Math.log(from.zoom) + (Math.log(to.zoom) - Math.log(from.zoom)) * e),
  };
}

/**
 * A 2D camera over the world: pan, zoom about a point, animated transitions,
 * HiDPI scale, and snapping so that the world-to-device transform always
 * lands on whole device pixels (cached rasters can then be reused by
 * shifting them, never resampled).
 */
export class Camera {
  private view: Viewport = { centerX: 0, centerY: 0, zoom: 1 };
  private transition: Transition | null = null;
  private limits: CameraLimits = { ...DEFAULT_LIMITS };
  widthPx = 1;
  heightPx = 1;
  /** Device pixels per logical pixel (the GTK scale factor). */
  scale = 1;

  constructor(widthPx = 1, heightPx = 1, scale = 1) {
    this.resize(widthPx, heightPx, scale);
  }

  resize(widthPx: number, heightPx: number, scale: number): void {
    this.widthPx = Math.max(1, Math.round(widthPx));
    this.heightPx = Math.max(1, Math.round(heightPx));
    this.scale = scale > 0 ? scale : 1;
  }

  setLimits(limits: Partial<CameraLimits>): void {
    this.limits = { ...this.limits, ...limits };
    this.view = this.clampView(this.view);
  }

  getLimits(): CameraLimits {
    return { ...this.limits };
  }

  get viewport(): Viewport {
    return { ...this.view };
  }

  get zoom(): number {
    return this.view.zoom;
  }

  get zoomY(): number {
    return verticalZoom(this.view.zoom, this.limits);
  }

  /** Device pixels per world unit, horizontally and vertically. */
  get kx(): number {
    return this.view.zoom * this.scale;
  }

  get ky(): number {
    return this.zoomY * this.scale;
  }

  /**
   * The left edge of the view in device pixels of the world at the current
   * zoom, rounded: world→device then lands on whole pixels, and two frames at
   * the same zoom differ by a whole-pixel shift (so a cached raster can be
   * moved, never resampled).
   */
  get leftPx(): number {
    return Math.round((this.view.centerX * this.kx) - this.widthPx / 2);
  }

  get topPx(): number {
    return Math.round((this.view.centerY * this.ky) - this.heightPx / 2);
  }

  /** World x at the left edge of the view (snapped). */
  get left(): number {
    return this.leftPx / this.kx;
  }

  get top(): number {
    return this.topPx / this.ky;
  }

  toScreenX(worldX: number): number {
    return (worldX - this.left) * this.kx;
  }

  toScreenY(worldY: number): number {
    return (worldY - this.top) * this.ky;
  }

  toWorldX(screenX: number): number {
    return this.left + screenX / this.kx;
  }

  toWorldY(screenY: number): number {
    return this.top + screenY / this.ky;
  }

  /** The world rectangle under a device-pixel rectangle of the view. */
  worldRectOf(screen: Rect): Rect {
    return { x: this.toWorldX(screen.x), y: this.toWorldY(screen.y), w: screen.w / this.kx, h: screen.h / this.ky };
  }

  /** The world rectangle the whole view shows. */
  visibleWorld(): Rect {
    return this.worldRectOf({ x: 0, y: 0, w: this.widthPx, h: this.heightPx });
  }

  setViewport(target: Viewport, options: { animate?: boolean; nowMs?: number; durationMs?: number } = {}): void {
    const clamped = this.clampView(target);
    if (options.animate && options.nowMs !== undefined) {
      this.transition = { from: { ...this.view }, to: clamped, startMs: options.nowMs, durationMs: options.durationMs ?? DEFAULT_ANIMATION_MS };
    } else {
      this.transition = null;
      this.view = clamped;
    }
  }

  /** Moves the content by (dx, dy) device pixels, as a drag does. Cancels a running transition. */
  panBy(dxPx: number, dyPx: number): void {
    this.transition = null;
    this.view = this.clampView({ ...this.view, centerX: this.view.centerX - dxPx / this.kx, centerY: this.view.centerY - dyPx / this.ky });
  }

  /** Zooms by a factor keeping the world point under (screenX, screenY) device pixels where it is. */
  zoomAt(screenX: number, screenY: number, factor: number): void {
    this.transition = null;
    this.view = this.zoomedAt(this.view, screenX, screenY, factor);
  }

  /** The viewport zoomAt would give, without moving: for animated zooms. */
  zoomedAt(from: Viewport, screenX: number, screenY: number, factor: number): Viewport {
    const kxBefore = from.zoom * this.scale;
    const kyBefore = verticalZoom(from.zoom, this.limits) * this.scale;
    const worldX = from.centerX + (screenX - this.widthPx / 2) / kxBefore;
    const worldY = from.centerY + (screenY - this.heightPx / 2) / kyBefore;
    const zoom = clamp(from.zoom * factor, this.limits.minZoom, this.limits.maxZoom);
    const kx = zoom * this.scale;
    const ky = verticalZoom(zoom, this.limits) * this.scale;
    return this.clampView({ centerX: worldX - (screenX - this.widthPx / 2) / kx, centerY: worldY - (screenY - this.heightPx / 2) / ky, zoom });
  }

  /** The viewport that shows a world rectangle whole, with a margin in device pixels. */
  fit(world: Rect, marginPx = 0, insets: { top?: number; left?: number } = {}): Viewport {
    const top = insets.top ?? 0;
    const left = insets.left ?? 0;
    const availableW = Math.max(1, this.widthPx - left - 2 * marginPx);
    const availableH = Math.max(1, this.heightPx - top - 2 * marginPx);
    // The largest zoom at which the rect fits both ways (the vertical zoom is
    // a monotonic function of the horizontal one): bisection in log space.
    const fits = (z: number) => world.w * z * this.scale <= availableW && world.h * verticalZoom(z, this.limits) * this.scale <= availableH;
    let lo = Math.log(this.limits.minZoom);
    let hi = Math.log(this.limits.maxZoom);
    if (fits(Math.exp(hi))) lo = hi;
    for (let k = 0; k < 60 && hi - lo > 1e-9; k++) {
      const mid = (lo + hi) / 2;
      if (fits(Math.exp(mid))) lo = mid;
      else hi = mid;
    }
    const zoom = Math.exp(lo);
    const kx = zoom * this.scale;
    const ky = verticalZoom(zoom, this.limits) * this.scale;
    // Centre the world rect in the area right of the gutter and below the ruler.
    return {
      centerX: world.x + world.w / 2 - (left / 2) / kx,
      centerY: world.y + world.h / 2 - (top / 2) / ky,
      zoom,
    };
  }

  get animating(): boolean {
    return this.transition !== null;
  }

  /** Advances a running transition to nowMs; returns whether the viewport changed. */
  step(nowMs: number): boolean {
    const transition = this.transition;
    if (!transition) return false;
    const t = transition.durationMs <= 0 ? 1 : (nowMs - transition.startMs) / transition.durationMs;
    if (t >= 1) {
      this.view = transition.to;
      this.transition = null;
    } else {
      this.view = interpolateViewport(transition.from, transition.to, Math.max(0, t));
    }
    return true;
  }

  /** Where a running transition ends (or the current viewport). */
  get target(): Viewport {
    return this.transition ? { ...this.transition.to } : this.viewport;
  }

  private clampView(v: Viewport): Viewport {
    const zoom = clamp(Number.isFinite(v.zoom) && v.zoom > 0 ? v.zoom : 1, this.limits.minZoom, this.limits.maxZoom);
    return { centerX: Number.isFinite(v.centerX) ? v.centerX : 0, centerY: Number.isFinite(v.centerY) ? v.centerY : 0, zoom };
  }
}
