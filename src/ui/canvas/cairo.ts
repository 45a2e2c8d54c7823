import koffi, { type LibraryHandle } from 'koffi';
import type { PixelOrder } from '../../canvas/render/pixel-order.js';
import { SovereignError } from '../../core/index.js';

/** An opaque C pointer as koffi hands it back (cairo_surface_t *, cairo_t *, …). */
export type Pointer = unknown;

/** cairo_format_t CAIRO_FORMAT_ARGB32: premultiplied BGRA in memory on little-endian machines. */
const CAIRO_FORMAT_ARGB32 = 0;
const CAIRO_FILTER_NEAREST = 3;
/** PIXMAN_a8b8g8r8 and PIXMAN_a8r8g8b8 (pixman.h: PIXMAN_FORMAT(32, TYPE_ABGR / TYPE_ARGB, 8, 8, 8, 8)). */
const PIXMAN_A8B8G8R8 = 0x20038888;
const PIXMAN_A8R8G8B8 = 0x20028888;
const PIXMAN_OP_SRC = 1;

/**
 * The cairo, pixman and GtkSnapshot calls the cairo presenter needs, bound
 * with koffi. node-gtk's own cairo binding can neither wrap pixels nor hand
 * out a surface's data (ImageSurface.getData returns a boolean), so the
 * frame is copied into a cairo image surface here, in C, and painted into
 * the snapshot's cairo node here too.
 */
export interface CairoFunctions {
  /** A new ARGB32 image surface of `width`×`height` pixels. The caller owns the returned reference. */
  createSurface(width: number, height: number): Pointer;
  /**
   * Copies `pixels` (premultiplied, row 0 at the top, byte order `order`)
   * into `surface`, which must be `width`×`height`: BGRA is cairo's own and
   * is copied as it is; RGBA is converted by pixman (~1 ns a pixel, 5 ms a
   * 1600×1000 frame under load). Should a render node still hold the
   * surface's old pixels, cairo copies them aside first.
   */
  copyPixelsInto(surface: Pointer, pixels: Uint8Array, order: PixelOrder, width: number, height: number): void;
  destroySurface(surface: Pointer): void;
  /**
   * Appends a cairo node of `width`×`height` logical pixels to the GtkSnapshot
   * at `snapshot` and paints `surface` into it, one surface pixel per device
   * pixel (`scale` device pixels per logical pixel).
   */
  paintIntoSnapshot(snapshot: bigint, surface: Pointer, width: number, height: number, scale: number): void;
}

let bound: CairoFunctions | undefined;

/** Binds libcairo, libpixman and libgtk-4 once; throws 'unsupported' when one cannot be loaded. */
export function loadCairo(): CairoFunctions {
  if (bound) return bound;
  let cairo: LibraryHandle;
  let pixman: LibraryHandle;
  let gtk: LibraryHandle;
  try {
    cairo = koffi.load('libcairo.so.2');
    pixman = koffi.load('libpixman-1.so.0');
    gtk = koffi.load('libgtk-4.so.1');
  } catch (error) {
    throw new SovereignError('unsupported', 'cairo, pixman or GTK 4 could not be loaded for the canvas', { cause: error });
  }
  koffi.struct('sovereign_graphene_rect_t', { x: 'float', y: 'float', width: 'float', height: 'float' });
  const imageSurfaceCreate = cairo.func('void *cairo_image_surface_create(int format, int width, int height)');
  const surfaceData = cairo.func('void *cairo_image_surface_get_data(void *surface)');
  const surfaceStride = cairo.func('int cairo_image_surface_get_stride(void *surface)');
  const surfaceStatus = cairo.func('int cairo_surface_status(void *surface)');
  const flush = cairo.func('void cairo_surface_flush(void *surface)');
  const markDirty = cairo.func('void cairo_surface_mark_dirty(void *surface)');
  const destroySurface = cairo.func('void cairo_surface_destroy(void *surface)');
  const scale = cairo.func('void cairo_scale(void *cr, double sx, double sy)');
  const setSourceSurface = cairo.func('void cairo_set_source_surface(void *cr, void *surface, double x, double y)');
  const getSource = cairo.func('void *cairo_get_source(void *cr)');
  const setFilter = cairo.func('void cairo_pattern_set_filter(void *pattern, int filter)');
  const paint = cairo.func('void cairo_paint(void *cr)');
  const destroyContext = cairo.func('void cairo_destroy(void *cr)');
  const createBits = pixman.func('void *pixman_image_create_bits(uint32_t format, int width, int height, void *bits, int stride)');
  const unrefImage = pixman.func('int pixman_image_unref(void *image)');
  const composite = pixman.func(
    'void pixman_image_composite32(int op, void *src, void *mask, void *dst, int32_t src_x, int32_t src_y, int32_t mask_x, int32_t mask_y, int32_t dest_x, int32_t dest_y, int32_t width, int32_t height)',
  );
  const appendCairo = gtk.func('void *gtk_snapshot_append_cairo(uintptr_t snapshot, sovereign_graphene_rect_t *bounds)');

  bound = {
    createSurface(width, height) {
      const surface = imageSurfaceCreate(CAIRO_FORMAT_ARGB32, width, height);
      if (surfaceStatus(surface) !== 0) {
        destroySurface(surface);
        throw new SovereignError('internal', `cairo could not make a ${width}×${height} surface for the canvas`);
      }
      return surface;
    },
    copyPixelsInto(surface, pixels, order, width, height) {
      // Detaches any snapshot a recorded node took of the old pixels.
      flush(surface);
      // pixman keeps `pixels`' address only until the unref below; nothing in
      // between runs JavaScript, so a WASM heap view cannot move meanwhile.
      // Same format on both sides: pixman's SRC fast path copies the rows.
      const source = createBits(order === 'bgra' ? PIXMAN_A8R8G8B8 : PIXMAN_A8B8G8R8, width, height, pixels, width * 4);
      const target = createBits(PIXMAN_A8R8G8B8, width, height, surfaceData(surface), surfaceStride(surface));
      composite(PIXMAN_OP_SRC, source, null, target, 0, 0, 0, 0, 0, 0, width, height);
      unrefImage(source);
      unrefImage(target);
      markDirty(surface);
    },
    destroySurface(surface) {
      destroySurface(surface);
    },
    paintIntoSnapshot(snapshot, surface, width, height, deviceScale) {
      const cr = appendCairo(snapshot, { x: 0, y: 0, width, height });
      scale(cr, 1 / deviceScale, 1 / deviceScale);
      setSourceSurface(cr, surface, 0, 0);
      // Surface pixels land on device pixels one to one: no filtering needed.
      setFilter(getSource(cr), CAIRO_FILTER_NEAREST);
      paint(cr);
      destroyContext(cr);
    },
  };
  return bound;
}
