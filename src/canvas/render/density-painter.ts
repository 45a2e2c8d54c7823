import { bandAt } from '../kernels/layout.js';
import { HeatGrid, packRGBA, paintHeatmap, type RowStyles } from '../kernels/heatmap.js';
import type { PaintContext } from './paint-context.js';
import type { PixelSurface } from './pixel-surface.js';
import { mixOver, parseColour } from './theme.js';

/**
 * The zoomed-out view: every card in view counted into a grid of 4-pixel
 * cells, blurred, and written into the pixels in its band's colour over the
 * band's background. Skia draws the chrome on top afterwards.
 */
export class DensityPainter {
  private readonly grid = new HeatGrid();
  private styles: RowStyles = { background: new Uint32Array(0), ink: new Uint32Array(0) };
  private counts = new Float32Array(0);

  private perBand(length: number): Float32Array {
    if (this.counts.length !== length) this.counts = new Float32Array(length);
    else this.counts.fill(0);
    return this.counts;
  }

  /** What the grid and row styles were computed for: the camera, the size and the content. */
  private computedFor = '';

  /**
   * Paints the heat map. The grid is counted and blurred again only when the
   * camera or the content changed (contentVersion names the scene, its data
   * and the theme); otherwise only the pixels are written again.
   */
  paint(ctx: PaintContext, surface: PixelSurface, contentVersion: number): void {
    const { camera, palette } = ctx;
    const W = surface.widthPx;
    const H = surface.heightPx;
    const cell = Math.max(2, Math.round(4 * ctx.scale));
    const key = `${contentVersion}|${W}x${H}|${cell}|${camera.kx}|${camera.ky}|${camera.leftPx}|${camera.topPx}`;
    if (key !== this.computedFor) {
      this.computedFor = key;
      this.count(ctx, W, H, cell);
      this.rowStyles(ctx, H);
    }
    paintHeatmap(surface.words(), W, H, this.grid, this.styles, palette.theme.name === 'dark' ? 0.85 : 0.8);
  }

  private count(ctx: PaintContext, W: number, H: number, cell: number): void {
    const { camera, scene } = ctx;
    this.grid.resize(W, H, cell);
    this.grid.clear();
    const { cards, bands } = scene.layout;
    const grid = this.grid;
    // Each card counts once into its band's column; the band's row of counts
    // then fills the band's height (less a margin), so a thread reads as one
    // ribbon whose strength is how much happened when. One add per card.
    const cols = grid.cols;
    const perBand = this.perBand(bands.length * cols);
    // The camera's getters, read once: this runs for tens of thousands of cards.
    const kx = camera.kx;
    const left = camera.left;
    const xs = cards.x;
    const ws = cards.w;
    const bandOf = cards.band;
    scene.index.query(camera.visibleWorld(), (i) => {
      const centre = ((xs[i]! - left) * kx + (ws[i]! * kx) / 2) / cell;
      const c = centre < 0 ? 0 : centre >= cols ? cols - 1 : centre | 0;
      perBand[bandOf[i]! * cols + c]! += 1;
    });
    const inset = Math.min(10 * ctx.scale, 2 * cell);
    const values = grid.values;
    for (const band of bands) {
      const r0 = Math.max(0, Math.ceil((camera.toScreenY(band.y) + inset) / cell));
      const r1 = Math.min(grid.rows, Math.floor((camera.toScreenY(band.y + band.height) - inset) / cell));
      const row = perBand.subarray(band.index * cols, (band.index + 1) * cols);
      for (let r = r0; r < Math.max(r1, r0 + 1) && r < grid.rows; r++) values.set(row, r * cols);
    }
    grid.blur(2, 1, 1);
  }

  private rowStyles(ctx: PaintContext, H: number): void {
    const { camera, scene, palette } = ctx;
    if (this.styles.background.length !== H) this.styles = { background: new Uint32Array(H), ink: new Uint32Array(H) };
    const theme = palette.theme;
    // Words in the frame's pixel order: the heat map mixes each channel alike.
    const bg = palette.ordered(parseColour(theme.background)!);
    const alt = palette.ordered(parseColour(theme.bandAlternate)!);
    const bgWord = packRGBA(bg[0], bg[1], bg[2]);
    const altWord = packRGBA(alt[0], alt[1], alt[2]);
    const inkOf = scene.layout.bands.map((band) => {
      const ink = parseColour(palette.threadColour(band)) ?? [128, 128, 128, 1];
      // Dark theme: the ink glows a little brighter than the thread colour.
      const lifted = theme.name === 'dark' ? mixOver([255, 255, 255], ink, 0.12) : ink;
      const [c0, c1, c2] = palette.ordered(lifted);
      return packRGBA(c0, c1, c2);
    });
    for (let y = 0; y < H; y++) {
      const band = bandAt(scene.layout.bands, camera.toWorldY(y + 0.5));
      this.styles.background[y] = band >= 0 && band % 2 === 1 ? altWord : bgWord;
      this.styles.ink[y] = band >= 0 ? inkOf[band]! : bgWord;
    }
  }
}
