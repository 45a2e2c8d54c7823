import type { Canvas } from 'canvaskit-wasm';
import type { Camera } from '../kernels/camera.js';
import type { Chrome } from '../kernels/chrome.js';
import type { Rect } from '../kernels/geometry.js';
import type { Lod } from '../kernels/level-of-detail.js';
import type { MinimapGeometry } from '../kernels/minimap.js';
import type { RulerTicks } from '../kernels/ruler-ticks.js';
import type { Scene } from '../kernels/scene.js';
import type { CanvasKitWithHeap } from './canvaskit.js';
import type { CardRasters } from './card-rasters.js';
import type { Palette } from './palette.js';
import type { ShapeCache } from './shape-cache.js';
import type { TextCache } from './text-cache.js';
import type { ThumbnailImages } from './thumbnail-images.js';

/** Per-card interaction state the painters show. -1 for none. */
export interface Highlights {
  selected: number;
  hovered: number;
  /** A card called out by highlightCard (a search result, a link target). */
  highlighted: number;
}

/** A card in the middle of the Make It Mine morph, and how far along (0 to 1, not eased). */
export interface IngestFrame {
  card: number;
  progress: number;
}

/** What every painter reads for one frame. */
export interface PaintContext {
  ck: CanvasKitWithHeap;
  canvas: Canvas;
  scene: Scene;
  camera: Camera;
  chrome: Chrome;
  minimap: MinimapGeometry | null;
  palette: Palette;
  text: TextCache;
  shapes: ShapeCache;
  cardRasters: CardRasters;
  thumbnails: ThumbnailImages;
  /** The card being morphed from imported to owned this frame, if any. */
  ingest: IngestFrame | null;
  lod: Lod;
  ticks: RulerTicks;
  highlights: Highlights;
  nowMs: number;
  /** Device pixels per logical pixel. */
  scale: number;
  /**
   * What every card's look shares this frame (theme, zoom, scale), for card
   * raster keys: written once a frame instead of once a card (turning the
   * zoom's floats into text was most of a key's cost).
   */
  lookPrefix: string;
  /**
   * The links drawn this frame: those with at least one end on screen. A link
   * between two far-off cards that merely crosses the view is left out: it
   * says nothing about what is shown, and in dense workspaces hundreds do.
   */
  visibleLinks: readonly number[];
}

/** A card's rectangle in device pixels, snapped to whole pixels so edges stay crisp. */
export function cardScreenRect(ctx: PaintContext, i: number): Rect {
  const { cards } = ctx.scene.layout;
  const cam = ctx.camera;
  const x0 = Math.round(cam.toScreenX(cards.x[i]!));
  const y0 = Math.round(cam.toScreenY(cards.y[i]!));
  const x1 = Math.round(cam.toScreenX(cards.x[i]! + cards.w[i]!));
  const y1 = Math.round(cam.toScreenY(cards.y[i]! + cards.h[i]!));
  return { x: x0, y: y0, w: Math.max(1, x1 - x0), h: Math.max(1, y1 - y0) };
}
