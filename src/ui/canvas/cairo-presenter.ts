import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gtk } from '../gi.js';
import { guard } from '../guard.js';
import { loadCairo, type CairoFunctions, type Pointer } from './cairo.js';
import type { FramePresenter, FrameSource } from './frame-source.js';
import { FrameTimings } from './frame-timings.js';

/** How many cairo surfaces take turns holding the frames (see CairoPresenter). */
const SURFACES = 3;

/**
 * Presents frames where GTK draws the window with its cairo renderer
 * (software GL: Xvfb, VMs, machines without a GPU; or no GL at all).
 *
 * Why not a texture: the cairo renderer turns a texture node into pixels on
 * every frame the window repaints, whatever changed. A GLArea's texture was
 * read back from GL (gdb: 102 full readbacks against 16 canvas frames while
 * typing in the editor), a Gdk.MemoryTexture is converted in full each time.
 * Here each canvas frame is converted once into a cairo image surface and
 * painted into a cairo node; GTK keeps the widget's node until the next
 * queueDraw, and replaying it for a repaint elsewhere composites only the
 * damaged area.
 *
 * Three surfaces take turns, each written again only when no node shows it
 * any more. GTK still holds the node of the frame before last when it asks
 * for a new one (with two, writing that surface made cairo copy its old
 * pixels aside first: 10–12 ms). A fresh surface per frame cost 10–35 ms at
 * 1400×900 in the window under load (page faults on new memory, then the
 * unmap of the old), against 0.2 ms to copy into one already in use
 * (tests/bench/canvas/cairo-upload).
 */
export class CairoPresenter implements FramePresenter {
  readonly kind = 'cairo';
  readonly widget: GtkT.Widget;
  frames = 0;
  readonly timings = new FrameTimings();
  private readonly cairo: CairoFunctions;
  /** The newest surface first (the one on screen), the next to write last; all of the current size. */
  private surfaces: Pointer[] = [];
  private surfaceWidth = 0;
  private surfaceHeight = 0;
  private lastWidth = 0;
  private lastHeight = 0;
  private lastScale = 0;

  /** Throws 'unsupported' when cairo cannot be bound (the view then uses textures). */
  constructor(private readonly source: FrameSource) {
    this.cairo = loadCairo();
    // Cairo's pixels are BGRA: drawn so, a frame is copied rather than converted.
    source.setPixelOrder?.('bgra');
    const widget = new CanvasFrameWidget({ hexpand: true, vexpand: true, focusable: true, canFocus: true });
    widget.draw = guard('canvas.snapshot', undefined, (snapshot: GtkT.Snapshot) => this.snapshot(snapshot));
    widget.on('unrealize', guard('canvas.unrealize', undefined, () => this.releaseSurfaces()));
    this.widget = widget;
  }

  queueFrame(): void {
    this.widget.queueDraw();
  }

  private releaseSurfaces(): void {
    // A node still showing one keeps it alive; cairo frees it with that node.
    for (const surface of this.surfaces) this.cairo.destroySurface(surface);
    this.surfaces = [];
  }

  private snapshot(snapshot: GtkT.Snapshot): void {
    const widget = this.widget;
    const width = widget.getWidth();
    const height = widget.getHeight();
    if (width <= 0 || height <= 0) return;
    const scale = widget.getScaleFactor();
    if (width !== this.lastWidth || height !== this.lastHeight || scale !== this.lastScale) {
      this.source.resize(width * scale, height * scale, scale);
      this.lastWidth = width;
      this.lastHeight = height;
      this.lastScale = scale;
    }
    const start = performance.now();
    const changed = this.source.render();
    const widthPx = this.source.widthPx;
    const heightPx = this.source.heightPx;
    if (widthPx !== this.surfaceWidth || heightPx !== this.surfaceHeight) {
      this.releaseSurfaces();
      this.surfaceWidth = widthPx;
      this.surfaceHeight = heightPx;
    }
    if (changed || this.surfaces.length === 0) {
      const next = this.surfaces.length < SURFACES ? this.cairo.createSurface(widthPx, heightPx) : this.surfaces.pop()!;
      this.cairo.copyPixelsInto(next, this.source.pixels(), this.source.pixelOrder ?? 'rgba', widthPx, heightPx);
      this.surfaces.unshift(next);
    }
    this.cairo.paintIntoSnapshot(gobjectAddress(snapshot), this.surfaces[0], widthPx / scale, heightPx / scale, scale);
    this.frames++;
    this.timings.record(performance.now() - start);
  }
}

/**
 * A widget that draws whatever `draw` appends to its snapshot. GTK asks
 * for a snapshot only after queueDraw or a new size, and reuses the last
 * one for every other repaint of the window.
 */
class CanvasFrameWidget extends Gtk.Widget {
  static readonly GTypeName = 'SovereignCanvasFrame';
  draw: (snapshot: GtkT.Snapshot) => void = () => undefined;

  override virtual_snapshot(snapshot: GtkT.Snapshot): void {
    this.draw(snapshot);
  }
}

/**
 * The C address of a GObject, for the koffi calls that take it. node-gtk
 * exposes it only in the wrapper's toString ("[GtkSnapshot:Snapshot
 * 0x55d0c0ffee00]", src/gobject.cc GObjectToString).
 */
function gobjectAddress(object: GtkT.Snapshot): bigint {
  const match = /0x([0-9a-f]+)\]$/i.exec(String(object));
  if (!match) throw new Error(`node-gtk did not give the address of ${String(object)}`);
  return BigInt(`0x${match[1]}`);
}
