import fs from 'node:fs';
import { PNG } from 'pngjs';

/** Fraction of pixels in a PNG that are clearly coloured (not grey, white or black). */
export function colourfulFraction(file: string): number {
  const png = PNG.sync.read(fs.readFileSync(file));
  let colourful = 0;
  const pixels = png.width * png.height;
  for (let i = 0; i < pixels; i++) {
    const r = png.data[i * 4]!;
    const g = png.data[i * 4 + 1]!;
    const b = png.data[i * 4 + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colourful++;
  }
  return colourful / pixels;
}
