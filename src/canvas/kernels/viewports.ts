import { verticalZoom, type Camera, type Viewport } from './camera.js';
import type { Chrome } from './chrome.js';
import { intersection, type Rect } from './geometry.js';
import { WORLD_PER_DAY } from './time-scale.js';

/**
 * Where the canvas's navigation commands point the camera: go to now, fit
 * all, show a time range, navigate to a document, zoom to a thread. Pure:
 * nothing in this file may move the camera; each function reads the
 * camera's size, scale, limits and target and returns the viewport to show.
 */
export type CameraView = Pick<Camera, 'widthPx' | 'heightPx' | 'scale' | 'kx' | 'target' | 'getLimits' | 'fit'>;

/** The margin around fitted content, in logical pixels. */
export const FIT_MARGIN = 24;
/** Where NOW sits across the content area: the recent past in view, a little of the future. */
const NOW_AT = 2 / 3;
/** Going to NOW or to a document never leaves the cards smaller than this: their text stays readable. */
const NOW_MIN_ZOOM = 0.5;
const DOCUMENT_MIN_ZOOM = 1;
/**
 * Nor larger than twice full size: a card is a handle on its document, and
 * the document itself opens in a panel beside it. Closer than this a single
 * card filled half a window and slid under its own panel.
 */
const DOCUMENT_MAX_ZOOM = 2;
/** Room above the first band when a time range is shown, in device pixels. */
const TIME_RANGE_TOP_GAP = 8;

/** NOW at two thirds across the content area, at the current vertical position. */
export function nowViewport(camera: CameraView, chrome: Chrome, nowX: number): Viewport {
  const target = camera.target;
  const content = chrome.content;
  const offset = (content.x + content.w * NOW_AT - camera.widthPx / 2) / camera.kx;
  const zoom = Math.max(target.zoom, NOW_MIN_ZOOM);
  return { ...target, centerX: nowX - offset * (target.zoom / zoom), zoom };
}

/** The world span [x0, x1] across the content area, the first band just under the ruler. */
export function timeRangeViewport(camera: CameraView, chrome: Chrome, bounds: Rect, x0: number, x1: number): Viewport {
  const fit = camera.fit({ x: x0, y: bounds.y, w: x1 - x0, h: 1e-6 }, 0, { top: chrome.ruler.h, left: chrome.gutter.w });
  const ky = verticalZoom(fit.zoom, camera.getLimits()) * camera.scale;
  const centerY = bounds.y + (camera.heightPx / 2 - chrome.ruler.h) / ky - TIME_RANGE_TOP_GAP / ky;
  return { centerX: fit.centerX, centerY, zoom: fit.zoom };
}

/**
 * The whole workspace inside the content area with a margin. Bands that do
 * not fill the height (capped at their largest fitted height) hang from
 * just under the ruler, not centred: the spare room goes to the bottom,
 * where the minimap sits.
 */
export function fitAllViewport(camera: CameraView, chrome: Chrome, bounds: Rect): Viewport {
  const margin = FIT_MARGIN * camera.scale;
  const fit = camera.fit(bounds, margin, { top: chrome.ruler.h, left: chrome.gutter.w });
  const ky = verticalZoom(fit.zoom, camera.getLimits()) * camera.scale;
  return { ...fit, centerY: bounds.y + (camera.heightPx / 2 - chrome.ruler.h - margin / 2) / ky };
}

/**
 * A card centred in the part of the content area that `free` leaves
 * uncovered (device pixels; by default all of it: document panels float
 * over the right of the canvas), at least at full size unless that part is
 * too small to hold it, never larger than twice full size.
 */
export function documentViewport(camera: CameraView, chrome: Chrome, card: Rect, free: Rect = chrome.content): Viewport {
  const area = intersection(free, chrome.content) ?? chrome.content;
  const margin = FIT_MARGIN * camera.scale;
  const wanted = Math.min(Math.max(camera.target.zoom, DOCUMENT_MIN_ZOOM), DOCUMENT_MAX_ZOOM);
  const zoom = largestZoomHolding(camera, card, area.w - 2 * margin, area.h - 2 * margin, wanted);
  const kx = zoom * camera.scale;
  const ky = verticalZoom(zoom, camera.getLimits()) * camera.scale;
  return {
    centerX: card.x + card.w / 2 - (area.x + area.w / 2 - camera.widthPx / 2) / kx,
    centerY: card.y + card.h / 2 - (area.y + area.h / 2 - camera.heightPx / 2) / ky,
    zoom,
  };
}

/** The largest zoom up to `wanted` at which `card` fits in w × h device pixels (the camera's smallest when none does). */
function largestZoomHolding(camera: CameraView, card: Rect, w: number, h: number, wanted: number): number {
  const limits = camera.getLimits();
  const fits = (zoom: number) => card.w * zoom * camera.scale <= w && card.h * verticalZoom(zoom, limits) * camera.scale <= h;
  if (fits(wanted)) return wanted;
  // The vertical zoom grows with the horizontal one, so fitting is monotonic: bisect in log space.
  let lo = Math.log(Math.min(limits.minZoom, wanted));
  let hi = Math.log(wanted);
  for (let k = 0; k < 50 && hi - lo > 1e-6; k++) {
    const mid = (lo + hi) / 2;
    if (fits(Math.exp(mid))) lo = mid;
    else hi = mid;
  }
  return Math.exp(lo);
}

/**
 * A thread's band from its first card to its last, with a margin; a thread
 * without cards shows the fortnight around NOW.
 */
export function threadViewport(camera: CameraView, chrome: Chrome, band: { y: number; height: number }, cardsX: { x0: number; x1: number } | null, nowX: number): Viewport {
  const x0 = cardsX ? cardsX.x0 : nowX - 7 * WORLD_PER_DAY;
  const x1 = cardsX ? cardsX.x1 : x0 + 14 * WORLD_PER_DAY;
  return camera.fit({ x: x0, y: band.y, w: x1 - x0, h: band.height }, FIT_MARGIN * camera.scale, { top: chrome.ruler.h, left: chrome.gutter.w });
}
