import type { Rect } from '../kernels/geometry.js';
import type { CanvasKitWithHeap } from './canvaskit.js';
import { CardRasters } from './card-rasters.js';
import type { PaintContext } from './paint-context.js';

/** The screen-fixed parts of the frame kept as rasters. */
export type ChromePart = 'ruler' | 'gutter' | 'minimap';

/**
 * The ruler, the gutter and the minimap, drawn once into pixels and copied
 * to the frame while what they show stays the same.
 *
 * Why: a frame drawn whole (new data, a card's look changed, a theme) at a
 * camera that did not move redraws ticks, labels, band names and the
 * minimap's shapes: ~15% of a frame of 200 compact cards (a CPU profile of
 * tests/bench/canvas/frame-times). Their pixels depend only on the camera
 * along their axis and on the content, which the caller's key names.
 *
 * The rasters are the same pieces card looks use (CardRasters: an opaque
 * core copied as it is, translucent edges blended). A part is kept only
 * when the frame before asked for the same look: while the camera moves the
 * key changes every frame and the part is drawn directly, as before. (Not
 * "the second time ever", as for cards: panning to and fro revisits the
 * same ruler positions, and rasterising the ruler each such frame tripled a
 * pan frame's cost.)
 */
export class ChromeRasters {
  /**
   * One set per part: each draws in a scratch surface of its own size (one
   * shared scratch would grow to the ruler's width times the gutter's
   * height, a whole window: 59 MB at 2x 2560×1440).
   */
  private readonly rasters = new Map<ChromePart, CardRasters>();
  private readonly kept = new Map<ChromePart, string>();
  /** The look each part was asked for in the last frame, and in this one (a partial frame asks once per repainted region). */
  private readonly askedLastFrame = new Map<ChromePart, string>();
  private readonly askedThisFrame = new Map<ChromePart, string>();

  constructor(private readonly ck: CanvasKitWithHeap) {}

  /** Starts a frame that paints something. */
  beginFrame(): void {
    for (const [part, key] of this.askedThisFrame) this.askedLastFrame.set(part, key);
    this.askedThisFrame.clear();
  }

  /**
   * Draws `part` inside `box` (whole pixels): from its raster when `key` was
   * kept, else with `paint` (which draws onto the context's canvas), keeping
   * it when the frame before asked for `key` too. `core` is the part of the box
   * (relative to it) that is opaque, or null.
   */
  paint(ctx: PaintContext, part: ChromePart, key: string, box: Rect, core: Rect | null, paint: (on: PaintContext) => void): void {
    if (box.w <= 0 || box.h <= 0) return;
    const full = `${part}|${key}`;
    const askedBefore = this.askedLastFrame.get(part) === full;
    this.askedThisFrame.set(part, full);
    const rasters = this.rastersOf(part);
    if (rasters.draw(ctx.canvas, full, box.x, box.y)) return;
    const kept = askedBefore && rasters.build(full, box, 0, core, (canvas) => paint({ ...ctx, canvas }));
    if (kept) {
      // Only the latest look of a part is kept: the one the frame shows.
      const previous = this.kept.get(part);
      if (previous !== undefined && previous !== full) rasters.forget(previous);
      this.kept.set(part, full);
    }
    if (!kept || !rasters.draw(ctx.canvas, full, box.x, box.y)) paint(ctx);
  }

  private rastersOf(part: ChromePart): CardRasters {
    let rasters = this.rasters.get(part);
    if (!rasters) {
      // A budget no single look reaches (it is checked per raster at a quarter of it): each part keeps one look.
      rasters = new CardRasters(this.ck, 256 * 1024 * 1024, 8192);
      this.rasters.set(part, rasters);
    }
    return rasters;
  }

  clear(): void {
    for (const rasters of this.rasters.values()) rasters.clear();
    this.kept.clear();
    this.askedLastFrame.clear();
    this.askedThisFrame.clear();
  }

  delete(): void {
    for (const rasters of this.rasters.values()) rasters.delete();
    this.rasters.clear();
    this.kept.clear();
  }
}
