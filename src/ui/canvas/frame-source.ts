import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import type { PixelOrder } from '../../canvas/render/pixel-order.js';
import type { FrameTimings } from './frame-timings.js';

/**
 * What the canvas view presents: a CanvasKit raster in device pixels (the
 * the CanvasController in src/canvas is one). The view only uploads and shows it.
 */
export interface FrameSource {
  /** Sizes the pixel buffer in device pixels (logical size × scale). */
  resize(widthPx: number, heightPx: number, scale: number): void;
  /** Draws the next frame if anything changed (animations step here); true when the pixels changed. */
  render(): boolean;
  /**
   * The frame as premultiplied pixels in pixelOrder (RGBA when the source
   * has none), row 0 at the top, widthPx × heightPx × 4 bytes. A fresh view
   * over the WASM heap each call (old views go stale when the heap grows),
   * so it is handed to GL without a copy.
   */
  pixels(): Uint8Array;
  /** The byte order pixels() returns; a source without it draws RGBA. */
  readonly pixelOrder?: PixelOrder;
  /** Asks for frames in `order` from the next one on (a source without it keeps RGBA). */
  setPixelOrder?(order: PixelOrder): void;
  readonly widthPx: number;
  readonly heightPx: number;
}

export type PresenterKind = 'gl' | 'cairo' | 'memory';

/** Shows frames from a FrameSource in a widget: with GL, with cairo nodes under GTK's cairo renderer, or with textures. */
export interface FramePresenter {
  readonly widget: GtkT.Widget;
  /** Which presenter, for logs and tests. */
  readonly kind: PresenterKind;
  /** Asks for a frame at the next paint. */
  queueFrame(): void;
  /** Frames presented so far. */
  readonly frames: number;
  readonly timings: FrameTimings;
}
