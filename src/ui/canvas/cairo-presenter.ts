import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gtk } from '../gi.js';
import { guard } from '../guard.js';
import { loadCairo, type CairoFunctions, type Pointer } from './cairo.js';
import type { FramePresenter, FrameSource } from './frame-source.js';
import { FrameTimings } from './frame-timings.js';

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
 * damaged area. The surfaces live in C (one per frame; cairo frees the old
 * one when the last node showing it goes), so memory stays flat without
 * forcing collections.
 */
export class CairoPresenter implements FramePresenter {
  readonly kind = 'cairo';
  readonly widget: GtkT.Widget;
  frames = 0;
  readonly timings = new FrameTimings();
  private readonly cairo: CairoFunctions;
  private surface: Pointer | undefined;
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
    widget.on('unrealize', guard('canvas.unrealize', undefined, () => this.releaseSurface()));
    this.widget = widget;
  }

  queueFrame(): void {
    this.widget.queueDraw();
  }

  private releaseSurface(): void {
    if (this.surface !== undefined) this.cairo.destroySurface(this.surface);
    this.surface = undefined;
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
    if (changed || this.surface === undefined || widthPx !== this.surfaceWidth || heightPx !== this.surfaceHeight) {
      const next = this.cairo.surfaceFromPixels(this.source.pixels(), this.source.pixelOrder ?? 'rgba', widthPx, heightPx);
      // A node still showing the old surface keeps it alive; cairo frees it with that node.
      if (this.surface !== undefined) this.cairo.destroySurface(this.surface);
      this.surface = next;
      this.surfaceWidth = widthPx;
      this.surfaceHeight = heightPx;
    }
    this.cairo.paintIntoSnapshot(gobjectAddress(snapshot), this.surface, widthPx / scale, heightPx / scale, scale);
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
