import v8 from 'node:v8';
import vm from 'node:vm';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import type * as GdkT from 'node-gtk/types/Gdk-4.0.js';
import { Gdk, GLib, Gtk } from '../gi.js';
import { guard } from '../guard.js';
import type { FramePresenter, FrameSource } from './frame-source.js';
import { FrameTimings } from './frame-timings.js';
import { TickWhile } from './tick-while.js';

/**
 * The fallback when GL is unavailable: each changed frame becomes a
 * Gdk.MemoryTexture shown by a Gtk.Picture. node-gtk frees GObjects from a
 * low-priority idle that never runs during an animation, so the previous
 * texture is dropped and a collection forced every few frames to keep
 * memory flat.
 */
export class MemoryPresenter implements FramePresenter {
  readonly kind = 'memory';
  readonly widget: GtkT.Picture;
  frames = 0;
  readonly timings = new FrameTimings();
  private queued = false;
  private readonly ticks: TickWhile;
  private lastWidth = 0;
  private lastHeight = 0;
  private lastScale = 0;
  private readonly collect = forcedCollector();
  private collecting = false;

  constructor(private readonly source: FrameSource) {
    // Textures are made as R8G8B8A8_PREMULTIPLIED.
    source.setPixelOrder?.('rgba');
    const picture = new Gtk.Picture({ hexpand: true, vexpand: true, canShrink: true, focusable: true });
    picture.setContentFit?.(Gtk.ContentFit.FILL);
    this.widget = picture;
    this.ticks = new TickWhile(picture, () => {
      this.tick();
      return this.queued;
    });
    // A picture has no size signal: the frame clock's layout phase, which runs
    // only when something was resized or changed, says when to look.
    let clock: GdkT.FrameClock | null = null;
    const laidOut = guard('canvas.layout', undefined, () => {
      if (this.sizeChanged()) this.queueFrame();
    });
    picture.on('realize', guard('canvas.realize', undefined, () => {
      clock = picture.getFrameClock();
      clock?.on('layout', laidOut);
      this.queueFrame();
    }));
    picture.on('unrealize', guard('canvas.unrealize', undefined, () => {
      clock?.off('layout', laidOut);
      clock = null;
    }));
  }

  /** Asks for a frame at the next tick; the ticks stay only while a frame waits. */
  queueFrame(): void {
    this.queued = true;
    this.ticks.start();
  }

  private sizeChanged(): boolean {
    const widget = this.widget;
    const scale = widget.getScaleFactor();
    return Math.max(1, widget.getWidth() * scale) !== this.lastWidth || Math.max(1, widget.getHeight() * scale) !== this.lastHeight || scale !== this.lastScale;
  }

  /**
   * The texture just replaced is released in two steps: node-gtk's toggle
   * queue (a default-priority idle) lets go of its wrapper, then a garbage
   * collection frees it. A low-priority idle runs after the first.
   */
  private scheduleCollection(): void {
    if (this.collecting) return;
    this.collecting = true;
    GLib.idleAdd(GLib.PRIORITY_LOW, guard('canvas.collect', false, () => {
      this.collecting = false;
      this.collect();
      return false;
    }));
  }

  private tick(): void {
    const widget = this.widget;
    const scale = widget.getScaleFactor();
    const width = Math.max(1, widget.getWidth() * scale);
    const height = Math.max(1, widget.getHeight() * scale);
    if (width !== this.lastWidth || height !== this.lastHeight || scale !== this.lastScale) {
      this.source.resize(width, height, scale);
      this.lastWidth = width;
      this.lastHeight = height;
      this.lastScale = scale;
      this.queued = true;
    }
    if (!this.queued) return;
    // One texture in flight at a time: under load the frame clock can starve
    // the idles that free the previous one, and memory would climb.
    if (this.collecting) return;
    this.queued = false;
    const start = performance.now();
    const changed = this.source.render();
    if (!changed && this.frames > 0) return;
    // newTake owns the copy node-gtk makes of the array argument (Bytes.new would copy it again and leak the first).
    const bytes = GLib.Bytes.newTake(this.source.pixels() as unknown as number[]);
    const texture: GdkT.MemoryTexture = Gdk.MemoryTexture.new(
      this.source.widthPx,
      this.source.heightPx,
      Gdk.MemoryFormat.R8G8B8A8_PREMULTIPLIED,
      bytes,
      this.source.widthPx * 4,
    );
    widget.setPaintable(texture);
    this.frames++;
    this.timings.record(performance.now() - start);
    this.scheduleCollection();
  }
}

function forcedCollector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  return gc;
}
