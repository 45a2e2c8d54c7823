import type { Canvas, Image, MallocObj, Surface } from 'canvaskit-wasm';
import type { Rect } from '../kernels/geometry.js';
import type { CanvasKitWithHeap } from './canvaskit.js';

/** One piece of a card's raster, drawn at (x + dx, y + dy) from the card's box. */
interface Piece {
  image: Image;
  dx: number;
  dy: number;
}

interface Entry {
  pieces: Piece[];
  bytes: number;
}

/** Past this size a card is drawn directly (a card zoomed in that far is alone on screen). */
const CARD_MAX_SIDE = 2048;

/**
 * Cards drawn once into pixels and copied to the frame afterwards, per card
 * and look (level of detail, size, zoom, theme, state: the key names all of
 * it).
 *
 * Why: a full card is ~12 draw calls (shadow ring twice, shape, border, bar,
 * two paragraphs, badge), ~0.2 ms a card on this CPU, and a compact card's
 * title paragraph is most of its cost; copying a card's pixels is ~0.02 ms. Each raster is kept as an opaque core (the card's fill, which
 * covers it wholly: copied row by row with no blending) and up to four
 * translucent strips around it cropped to the pixels that show (the shadow,
 * anti-aliased edges, a ring), since blending a pixel costs ~5 ns here.
 * Pixels are the same as drawing directly (blending is associative) up to
 * rounding of a level or two in translucent pixels.
 *
 * A look is rasterised the second frame it is asked for: a zoom animation
 * asks for new sizes every frame, and drawing each card twice (into the
 * raster, then copying it) would only make those frames slower. Entries are
 * let go least recently drawn first past `budgetBytes`.
 */
export class CardRasters {
  private readonly entries = new Map<string, Entry>();
  private readonly seenOnce = new Set<string>();
  private bytes = 0;
  private scratch: { buffer: MallocObj; surface: Surface; width: number; height: number } | null = null;

  constructor(
    private readonly ck: CanvasKitWithHeap,
    private readonly budgetBytes = 16 * 1024 * 1024,
    private readonly maxSide = CARD_MAX_SIDE,
  ) {}

  /** Draws the card's cached raster with its box's top left at whole pixels (x, y); false when there is none yet. */
  draw(canvas: Canvas, key: string, x: number, y: number): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.entries.set(key, entry);
    for (const piece of entry.pieces) canvas.drawImage(piece.image, x + piece.dx, y + piece.dy, null);
    return true;
  }

  /** Whether a look missing from the cache should be rasterised now: the second time it is asked for. */
  wanted(key: string): boolean {
    if (this.seenOnce.delete(key)) return true;
    // Bounded: a long zoom animation asks for a new look per card per frame.
    if (this.seenOnce.size >= 4096) this.seenOnce.clear();
    this.seenOnce.add(key);
    return false;
  }

  /**
   * Rasterises a card: `paint` draws it onto the given canvas in the frame's
   * own coordinates, and everything within `margin` px of the box `box`
   * (whole pixels) is kept. `core` is the part of the box the card covers
   * opaquely (relative to the box), or null. Returns false when the card is
   * too large to keep (draw it directly then).
   */
  build(key: string, box: Rect, margin: number, core: Rect | null, paint: (canvas: Canvas) => void): boolean {
    const width = box.w + 2 * margin;
    const height = box.h + 2 * margin;
    if (width > this.maxSide || height > this.maxSide || width * height * 4 > this.budgetBytes / 4) return false;
    const scratch = this.scratchOf(width, height);
    const canvas = scratch.surface.getCanvas();
    canvas.save();
    canvas.clipRect(this.ck.XYWHRect(0, 0, width, height), this.ck.ClipOp.Intersect, false);
    // Within the clip only: the scratch is as large as the largest card yet (a full card zoomed in
    // is megabytes), and clearing all of it for each compact card was most of a frame's rasterising.
    canvas.clear(this.ck.TRANSPARENT);
    canvas.translate(margin - box.x, margin - box.y);
    paint(canvas);
    canvas.restore();
    scratch.surface.flush();
    const pixels = scratch.buffer.toTypedArray() as Uint8Array;
    const stride = scratch.width * 4;
    const pieces: Piece[] = [];
    let bytes = 0;
    const add = (region: Rect, opaque: boolean): void => {
      const shown = opaque ? region : visibleBounds(pixels, stride, region);
      if (!shown || shown.w <= 0 || shown.h <= 0) return;
      const image = this.imageOf(pixels, stride, shown, opaque);
      if (!image) return;
      pieces.push({ image, dx: shown.x - margin, dy: shown.y - margin });
      bytes += shown.w * shown.h * 4;
    };
    const given = core ? { x: core.x + margin, y: core.y + margin, w: core.w, h: core.h } : null;
    const c = given && isOpaque(pixels, stride, given) ? grownDownAndUp(pixels, stride, given, height) : null;
    if (c) {
      add(c, true);
      add({ x: 0, y: 0, w: width, h: c.y }, false);
      add({ x: 0, y: c.y + c.h, w: width, h: height - c.y - c.h }, false);
      add({ x: 0, y: c.y, w: c.x, h: c.h }, false);
      add({ x: c.x + c.w, y: c.y, w: width - c.x - c.w, h: c.h }, false);
    } else {
      add({ x: 0, y: 0, w: width, h: height }, false);
    }
    this.entries.set(key, { pieces, bytes });
    this.bytes += bytes;
    this.evict();
    return true;
  }

  /** Lets the raster of `key` go now (a look that will not be asked for again). */
  forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    for (const piece of entry.pieces) piece.image.delete();
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  clear(): void {
    for (const entry of this.entries.values()) for (const piece of entry.pieces) piece.image.delete();
    this.entries.clear();
    this.seenOnce.clear();
    this.bytes = 0;
  }

  delete(): void {
    this.clear();
    this.scratch?.surface.delete();
    if (this.scratch) this.ck.Free(this.scratch.buffer);
    this.scratch = null;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      for (const piece of entry.pieces) piece.image.delete();
      this.entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }

  /** One reused drawing surface, grown to the largest card rasterised so far. */
  private scratchOf(width: number, height: number): { buffer: MallocObj; surface: Surface; width: number; height: number } {
    if (this.scratch && this.scratch.width >= width && this.scratch.height >= height) return this.scratch;
    const w = Math.max(width, this.scratch?.width ?? 0);
    const h = Math.max(height, this.scratch?.height ?? 0);
    this.scratch?.surface.delete();
    if (this.scratch) this.ck.Free(this.scratch.buffer);
    const ck = this.ck;
    const buffer = ck.Malloc(Uint8Array, w * h * 4);
    const info = { width: w, height: h, colorType: ck.ColorType.RGBA_8888, alphaType: ck.AlphaType.Premul, colorSpace: ck.ColorSpace.SRGB };
    const surface = ck.MakeRasterDirectSurface(info, buffer, w * 4);
    if (!surface) {
      ck.Free(buffer);
      this.scratch = null;
      throw new Error(`cannot create a ${w}x${h} surface for card rasters`);
    }
    this.scratch = { buffer, surface, width: w, height: h };
    return this.scratch;
  }

  private imageOf(pixels: Uint8Array, stride: number, region: Rect, opaque: boolean): Image | null {
    const rowBytes = region.w * 4;
    const copy = new Uint8Array(rowBytes * region.h);
    for (let row = 0; row < region.h; row++) {
      const from = (region.y + row) * stride + region.x * 4;
      copy.set(pixels.subarray(from, from + rowBytes), row * rowBytes);
    }
    const ck = this.ck;
    // Opaque: CanvasKit then copies the rows as they are instead of blending each pixel.
    const info = { width: region.w, height: region.h, colorType: ck.ColorType.RGBA_8888, alphaType: opaque ? ck.AlphaType.Opaque : ck.AlphaType.Premul, colorSpace: ck.ColorSpace.SRGB };
    return ck.MakeImage(info, copy, rowBytes);
  }
}

/** Whether every pixel of `region` has full alpha. */
function isOpaque(pixels: Uint8Array, stride: number, region: Rect): boolean {
  if (region.w <= 0 || region.h <= 0) return false;
  for (let y = region.y; y < region.y + region.h; y++) {
    for (let x = region.x; x < region.x + region.w; x++) if (pixels[y * stride + x * 4 + 3] !== 255) return false;
  }
  return true;
}

/**
 * `core` grown by the opaque rows above and below it (the whole rows of its
 * width): a compact card's crisp border rows are opaque between its corners,
 * and taking them into the core leaves no strip above or below it to copy
 * (two of five draw calls a card, each ~2.5 us whatever its size).
 */
function grownDownAndUp(pixels: Uint8Array, stride: number, core: Rect, height: number): Rect {
  let top = core.y;
  let bottom = core.y + core.h;
  while (top > 0 && isOpaque(pixels, stride, { x: core.x, y: top - 1, w: core.w, h: 1 })) top--;
  while (bottom < height && isOpaque(pixels, stride, { x: core.x, y: bottom, w: core.w, h: 1 })) bottom++;
  return { x: core.x, y: top, w: core.w, h: bottom - top };
}

/** The bounds of the pixels in `region` that are not fully transparent, or null. */
function visibleBounds(pixels: Uint8Array, stride: number, region: Rect): Rect | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let y = region.y; y < region.y + region.h; y++) {
    for (let x = region.x; x < region.x + region.w; x++) {
      if (pixels[y * stride + x * 4 + 3] === 0) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < x0 ? null : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}
