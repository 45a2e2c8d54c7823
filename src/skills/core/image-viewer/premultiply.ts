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
