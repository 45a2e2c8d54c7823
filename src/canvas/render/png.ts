import { PNG } from 'pngjs';

/** Encodes premultiplied RGBA pixels as a PNG (straight alpha, as PNG wants). */
export function encodePng(pixels: Uint8Array, widthPx: number, heightPx: number): Buffer {
  const png = new PNG({ width: widthPx, height: heightPx });
  const out = png.data;
  for (let o = 0; o < widthPx * heightPx * 4; o += 4) {
    const a = pixels[o + 3]!;
    if (a === 255 || a === 0) {
      out[o] = pixels[o]!;
      out[o + 1] = pixels[o + 1]!;
      out[o + 2] = pixels[o + 2]!;
    } else {
      out[o] = Math.min(255, Math.round((pixels[o]! * 255) / a));
      out[o + 1] = Math.min(255, Math.round((pixels[o + 1]! * 255) / a));
      out[o + 2] = Math.min(255, Math.round((pixels[o + 2]! * 255) / a));
    }
    out[o + 3] = a;
  }
  return PNG.sync.write(png);
}
