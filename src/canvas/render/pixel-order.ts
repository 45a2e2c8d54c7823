/**
 * The byte order of the frame's pixels: 'rgba' for GL and GdkMemoryTexture,
 * 'bgra' for cairo (CAIRO_FORMAT_ARGB32 on a little-endian machine).
 *
 * CanvasKit always draws into an RGBA_8888 surface: this build's raster
 * pipeline is tuned for RGBA only, and a BGRA_8888 surface measured 14x
 * slower for anti-aliased shapes and ~100x slower for image copies (200
 * card rasters: 0.86 ms against 83 ms). A 'bgra' frame is drawn instead
 * with red and blue swapped in every colour that goes in (the palette, text,
 * pixels written by JS, decoded images): blending treats the channels alike,
 * so the bytes come out in BGRA order at no cost per pixel.
 */
export type PixelOrder = 'rgba' | 'bgra';

/** `rgba` (red, green, blue, alpha: any scale) in the order the frame stores it. */
export function inPixelOrder<T extends ArrayLike<number>>(order: PixelOrder, rgba: T): [number, number, number, number] {
  return order === 'bgra' ? [rgba[2]!, rgba[1]!, rgba[0]!, rgba[3]!] : [rgba[0]!, rgba[1]!, rgba[2]!, rgba[3]!];
}

/** Swaps red and blue of a CanvasKit colour (Float32Array r, g, b, a) in place when the frame is BGRA. */
export function orderColourInPlace(order: PixelOrder, colour: Float32Array): Float32Array {
  if (order === 'bgra') {
    const red = colour[0]!;
    colour[0] = colour[2]!;
    colour[2] = red;
  }
  return colour;
}
