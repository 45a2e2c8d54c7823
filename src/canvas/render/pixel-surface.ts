import type { MallocObj, Surface } from 'canvaskit-wasm';
import { SovereignError } from '../../core/index.js';
import type { CanvasKitWithHeap } from './canvaskit.js';

/**
 * The frame's pixels: RGBA_8888, premultiplied, in a CanvasKit.Malloc buffer
 * in the WASM heap, with a raster surface drawing straight into it (never
 * CanvasKit.MakeSurface: unpremultiplied and ~3x slower). JS writes the heat
 * map into the same bytes, and the UI hands them to GL without a copy.
 */
export class PixelSurface {
  private buffer: MallocObj | null = null;
  private skSurface: Surface | null = null;
  widthPx = 0;
  heightPx = 0;

  constructor(private readonly ck: CanvasKitWithHeap) {}

  /** Reallocates for a new size; returns whether the size changed (the old pixels are then gone). */
  resize(widthPx: number, heightPx: number): boolean {
    const w = Math.max(1, Math.round(widthPx));
    const h = Math.max(1, Math.round(heightPx));
    if (w === this.widthPx && h === this.heightPx && this.skSurface) return false;
    if (w * h > 8192 * 8192) throw new SovereignError('invalid-input', `a ${w}x${h} canvas is too large to draw`, { hint: 'Use a size of at most 8192x8192 pixels.' });
    this.delete();
    const ck = this.ck;
    this.buffer = ck.Malloc(Uint8Array, w * h * 4);
    const info = { width: w, height: h, colorType: ck.ColorType.RGBA_8888, alphaType: ck.AlphaType.Premul, colorSpace: ck.ColorSpace.SRGB };
    this.skSurface = ck.MakeRasterDirectSurface(info, this.buffer, w * 4);
    if (!this.skSurface) {
      this.delete();
      throw new SovereignError('resource', `cannot create a ${w}x${h} drawing surface`, { hint: 'The size may be too large for the available memory.' });
    }
    this.widthPx = w;
    this.heightPx = h;
    return true;
  }

  get surface(): Surface {
    if (!this.skSurface) throw new SovereignError('internal', 'the canvas surface was used before it was sized');
    return this.skSurface;
  }

  get byteOffset(): number {
    return this.buffer?.byteOffset ?? 0;
  }

  get byteLength(): number {
    return this.widthPx * this.heightPx * 4;
  }

  /** A fresh view of the pixels (views go stale when the WASM heap grows: take a new one per frame). */
  bytes(): Uint8Array {
    return new Uint8Array(this.ck.HEAPU8.buffer, this.byteOffset, this.byteLength);
  }

  /** The pixels as one 32-bit word each (RGBA bytes, little-endian). */
  words(): Uint32Array {
    return new Uint32Array(this.ck.HEAPU8.buffer, this.byteOffset, this.widthPx * this.heightPx);
  }

  /**
   * Moves the pixels by (dx, dy) with one memmove. Pixels that wrap across a
   * row edge land in the strip the shift exposes, which the caller redraws.
   */
  shift(dx: number, dy: number): void {
    const offset = (dy * this.widthPx + dx) * 4;
    if (offset === 0) return;
    const heap = this.ck.HEAPU8;
    const start = this.byteOffset;
    const length = this.byteLength;
    if (offset > 0) heap.copyWithin(start + offset, start, start + length - offset);
    else heap.copyWithin(start, start - offset, start + length);
  }

  delete(): void {
    this.skSurface?.delete();
    this.skSurface = null;
    if (this.buffer) this.ck.Free(this.buffer);
    this.buffer = null;
    this.widthPx = 0;
    this.heightPx = 0;
  }
}
