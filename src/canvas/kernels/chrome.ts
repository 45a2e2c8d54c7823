import type { Rect } from './geometry.js';

/** The screen-fixed parts of the canvas, in logical pixels. */
export const RULER_HEIGHT = 36;
export const GUTTER_WIDTH = 176;
export const MINIMAP_WIDTH = 240;
export const MINIMAP_HEIGHT = 84;
export const MINIMAP_MARGIN = 16;

export interface Chrome {
  /** The time ruler across the top. */
  ruler: Rect;
  /** Thread labels down the left, below the ruler. */
  gutter: Rect;
  minimap: Rect;
  /** Where cards show: right of the gutter, below the ruler. */
  content: Rect;
}

/** Where the screen-fixed parts sit, in device pixels, for a view of the given size and scale. */
export function chromeLayout(widthPx: number, heightPx: number, scale: number): Chrome {
  const rulerH = Math.round(RULER_HEIGHT * scale);
  const gutterW = Math.min(Math.round(GUTTER_WIDTH * scale), Math.round(widthPx * 0.4));
  // The minimap never takes more than a quarter of the view's width.
  const mapW = Math.min(Math.round(MINIMAP_WIDTH * scale), Math.round(widthPx * 0.25));
  const mapH = Math.round((mapW * MINIMAP_HEIGHT) / MINIMAP_WIDTH);
  const margin = Math.round(MINIMAP_MARGIN * scale);
  const minimapFits = widthPx - gutterW >= mapW + 2 * margin && heightPx - rulerH >= mapH + 2 * margin;
  return {
    ruler: { x: 0, y: 0, w: widthPx, h: rulerH },
    gutter: { x: 0, y: rulerH, w: gutterW, h: Math.max(0, heightPx - rulerH) },
    minimap: minimapFits ? { x: widthPx - margin - mapW, y: heightPx - margin - mapH, w: mapW, h: mapH } : { x: 0, y: 0, w: 0, h: 0 },
    content: { x: gutterW, y: rulerH, w: Math.max(0, widthPx - gutterW), h: Math.max(0, heightPx - rulerH) },
  };
}
