/**
 * The density heat map for the zoomed-out view, computed in JS and written
 * straight into the frame's pixels: Skia drawing 50,000 soft blobs costs over
 * a second a frame; accumulating cards into a coarse grid, blurring it and
 * writing whole pixel rows costs a few milliseconds.
 */
export class HeatGrid {
  cols = 0;
  rows = 0;
  cellPx = 4;
  values = new Float32Array(0);
  private scratch = new Float32Array(0);

  /** Sizes the grid for a view; keeps its storage when the size is unchanged. */
  resize(widthPx: number, heightPx: number, cellPx: number): void {
    const cols = Math.ceil(widthPx / cellPx);
    const rows = Math.ceil(heightPx / cellPx);
    this.cellPx = cellPx;
    if (cols !== this.cols || rows !== this.rows) {
      this.cols = cols;
      this.rows = rows;
      this.values = new Float32Array(cols * rows);
      this.scratch = new Float32Array(cols * rows);
    }
  }

  clear(): void {
    this.values.fill(0);
  }

  /** Spreads one card's weight over the cells its screen rectangle covers (at least one cell). */
  add(x0: number, y0: number, x1: number, y1: number, weight = 1): void {
    const cell = this.cellPx;
    const c0 = Math.max(0, Math.floor(x0 / cell));
    const c1 = Math.min(this.cols - 1, Math.floor(Math.max(x0, x1 - 1e-6) / cell));
    const r0 = Math.max(0, Math.floor(y0 / cell));
    const r1 = Math.min(this.rows - 1, Math.floor(Math.max(y0, y1 - 1e-6) / cell));
    if (c1 < c0 || r1 < r0) return;
    const share = weight / ((c1 - c0 + 1) * (r1 - r0 + 1));
    const values = this.values;
    for (let r = r0; r <= r1; r++) {
      const row = r * this.cols;
      for (let c = c0; c <= c1; c++) values[row + c]! += share;
    }
  }

  /** Two passes of a separable box blur (close to a Gaussian): radius rx across, ry down. */
  blur(rx = 2, ry = 1, passes = 2): void {
    for (let p = 0; p < passes; p++) {
      boxBlurRows(this.values, this.scratch, this.cols, this.rows, rx);
      boxBlurColumns(this.scratch, this.values, this.cols, this.rows, ry);
    }
  }

  /** The level that maps to ~63 % ink: 1.5 × the mean of occupied cells, so sparse and dense workspaces both read. */
  referenceLevel(): number {
    let sum = 0;
    let n = 0;
    const values = this.values;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v > 1e-4) {
        sum += v;
        n++;
      }
    }
    return n === 0 ? 1 : (sum / n) * 1.5;
  }
}

function boxBlurRows(src: Float32Array, dst: Float32Array, cols: number, rows: number, radius: number): void {
  const norm = 1 / (2 * radius + 1);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let sum = 0;
    for (let c = -radius; c <= radius; c++) if (c >= 0 && c < cols) sum += src[base + c]!;
    for (let c = 0; c < cols; c++) {
      dst[base + c] = sum * norm;
      const out = c - radius;
      const inn = c + radius + 1;
      if (out >= 0) sum -= src[base + out]!;
      if (inn < cols) sum += src[base + inn]!;
    }
  }
}

function boxBlurColumns(src: Float32Array, dst: Float32Array, cols: number, rows: number, radius: number): void {
  const norm = 1 / (2 * radius + 1);
  for (let c = 0; c < cols; c++) {
    let sum = 0;
    for (let r = -radius; r <= radius; r++) if (r >= 0 && r < rows) sum += src[r * cols + c]!;
    for (let r = 0; r < rows; r++) {
      dst[r * cols + c] = sum * norm;
      const out = r - radius;
      const inn = r + radius + 1;
      if (out >= 0) sum -= src[out * cols + c]!;
      if (inn < rows) sum += src[inn * cols + c]!;
    }
  }
}

/** An opaque colour as the little-endian 32-bit word of RGBA bytes (what a Uint32Array over RGBA_8888 sees). */
export function packRGBA(r: number, g: number, b: number, a = 255): number {
  return ((a & 255) << 24 | (b & 255) << 16 | (g & 255) << 8 | (r & 255)) >>> 0;
}

/** How each device-pixel row is painted: its background and the ink density is drawn in (both packed RGBA). */
export interface RowStyles {
  background: Uint32Array;
  ink: Uint32Array;
}

/**
 * Writes the heat map into opaque RGBA pixels (premultiplied is the same when
 * opaque; BGRA too when the styles are packed blue first: every channel is
 * mixed alike): each cell mixes its row's ink into its row's background by
 * maxAlpha × (1 − e^(−v/ref)). Rows that repeat the one above are copied.
 */
export function paintHeatmap(pixels: Uint32Array, widthPx: number, heightPx: number, grid: HeatGrid, styles: RowStyles, maxAlpha = 0.9): void {
  const ref = grid.referenceLevel();
  const cell = grid.cellPx;
  const cols = grid.cols;
  const values = grid.values;
  let previousKey = -1;
  let previousBg = 0;
  let previousInk = 0;
  for (let y = 0; y < heightPx; y++) {
    const rowStart = y * widthPx;
    const bg = styles.background[y]!;
    const ink = styles.ink[y]!;
    const cellRow = Math.min(grid.rows - 1, Math.floor(y / cell));
    if (cellRow === previousKey && bg === previousBg && ink === previousInk && y > 0) {
      pixels.copyWithin(rowStart, rowStart - widthPx, rowStart);
      continue;
    }
    previousKey = cellRow;
    previousBg = bg;
    previousInk = ink;
    const br = bg & 255, bgc = (bg >>> 8) & 255, bb = (bg >>> 16) & 255;
    const ir = ink & 255, ig = (ink >>> 8) & 255, ib = (ink >>> 16) & 255;
    const valueRow = cellRow * cols;
    // Plain stores, not fill() per cell: a call per 4-pixel run cost more than the pixels.
    for (let c = 0; c < cols; c++) {
      const v = values[valueRow + c]!;
      const x0 = rowStart + c * cell;
      const x1 = Math.min(rowStart + widthPx, x0 + cell);
      let colour = bg;
      if (v > 1e-4) {
        const a = maxAlpha * (1 - Math.exp(-v / ref));
        colour = packRGBA(br + (ir - br) * a + 0.5, bgc + (ig - bgc) * a + 0.5, bb + (ib - bb) * a + 0.5);
      }
      for (let x = x0; x < x1; x++) pixels[x] = colour;
    }
  }
}
