/**
 * Multiplies each pixel's colour by its alpha, in place (RGBA, 4 bytes a
 * pixel). GTK uploads premultiplied RGBA to the GPU as it is; straight
 * RGBA it first converts on the main thread, pixel by pixel, which for a
 * 4096 px rendition stalls the window for a visible moment.
 */
export function premultiplyRgba(pixels: Uint8Array): void {
  for (let i = 0; i < pixels.length; i += 4) {
    const alpha = pixels[i + 3]!;
    if (alpha === 255) continue;
    pixels[i] = Math.round((pixels[i]! * alpha) / 255);
    pixels[i + 1] = Math.round((pixels[i + 1]! * alpha) / 255);
    pixels[i + 2] = Math.round((pixels[i + 2]! * alpha) / 255);
  }
}

/**
 * Premultiplied RGBA to premultiplied BGRA, in place: GDK's default memory
 * format on little-endian machines, which is cairo's own. GTK's cairo
 * renderer (chosen on software GL, see src/ui/software-renderer.ts) turns a
 * texture into a cairo surface on every frame that draws it: from its own
 * format that is a row copy, from RGBA a per-pixel conversion through
 * floats of the whole rendition (45 MB at 4096 px) inside the paint.
 */
export function rgbaToBgra(pixels: Uint8Array): void {
  for (let i = 0; i < pixels.length; i += 4) {
    const red = pixels[i]!;
    pixels[i] = pixels[i + 2]!;
    pixels[i + 2] = red;
  }
}
