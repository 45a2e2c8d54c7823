/**
 * Rectangles for CanvasKit calls without allocating: CanvasKit's XYWHRect and
 * RRectXY return a new Float32Array per call, which at hundreds of draws a
 * frame feeds the garbage collector (and its pauses show up as slow frames).
 * CanvasKit copies its argument into the WASM heap at once, so one shared
 * array each is enough; a result is valid until the next call of the same kind.
 */
const RECT = new Float32Array(4);
const RRECT = new Float32Array(12);

/** An x, y, width, height rectangle as CanvasKit's left, top, right, bottom. */
export function rectXYWH(x: number, y: number, w: number, h: number): Float32Array {
  RECT[0] = x;
  RECT[1] = y;
  RECT[2] = x + w;
  RECT[3] = y + h;
  return RECT;
}

/** A rounded rectangle with the same radius at every corner. */
export function rrectXYWH(x: number, y: number, w: number, h: number, radius: number): Float32Array {
  RRECT[0] = x;
  RRECT[1] = y;
  RRECT[2] = x + w;
  RRECT[3] = y + h;
  RRECT.fill(radius, 4, 12);
  return RRECT;
}
