import type { Color, Paint } from 'canvaskit-wasm';
import type { Band } from '../kernels/layout.js';
import type { CanvasKitWithHeap } from './canvaskit.js';
import { inPixelOrder, type PixelOrder } from './pixel-order.js';
import { mixOver, parseColour, type CanvasTheme } from './theme.js';

/** The colours of one kind of card (a thread's owned or external documents), resolved once per palette. */
export interface CardInks {
  /** Full cards. */
  fill: Color;
  border: Color;
  bar: Color;
  /** Compact cards. */
  compactFill: Color;
  compactBorder: Color;
}

/**
 * A theme resolved into CanvasKit colours in the frame's pixel order (see
 * pixel-order.ts), plus the few Paint objects every frame reuses (creating
 * paints per draw call would dominate small frames).
 */
export class Palette {
  readonly fill: Paint;
  readonly fillCrisp: Paint;
  readonly stroke: Paint;
  readonly strokeCrisp: Paint;
  /** For decoded images (thumbnails): null in RGBA order, else a paint that swaps their red and blue. */
  readonly imagePaint: Paint | null;
  private readonly colours = new Map<string, Color>();

  constructor(
    private readonly ck: CanvasKitWithHeap,
    readonly theme: CanvasTheme,
    readonly order: PixelOrder = 'rgba',
  ) {
    this.fill = new ck.Paint();
    this.fill.setAntiAlias(true);
    this.fillCrisp = new ck.Paint();
    this.fillCrisp.setAntiAlias(false);
    this.stroke = new ck.Paint();
    this.stroke.setAntiAlias(true);
    this.stroke.setStyle(ck.PaintStyle.Stroke);
    this.strokeCrisp = new ck.Paint();
    this.strokeCrisp.setAntiAlias(false);
    this.strokeCrisp.setStyle(ck.PaintStyle.Stroke);
    this.imagePaint = null;
    if (order === 'bgra') {
      this.imagePaint = new ck.Paint();
      // Rows give the output's red, green, blue and alpha from the input's (r, g, b, a, 1).
      const swapRedBlue = [0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0];
      const filter = ck.ColorFilter.MakeMatrix(swapRedBlue);
      this.imagePaint.setColorFilter(filter);
      filter.delete();
    }
  }

  /** An (r, g, b, a) colour as the frame stores it, for pixels written by JS and colours made outside colour(). */
  ordered(rgba: readonly number[]): [number, number, number, number] {
    return inPixelOrder(this.order, rgba);
  }

  /** A CSS colour as a CanvasKit colour (cached). */
  colour(css: string): Color {
    let c = this.colours.get(css);
    if (!c) {
      const rgba = this.ordered(parseColour(css) ?? [255, 0, 255, 1]);
      c = this.ck.Color(rgba[0], rgba[1], rgba[2], rgba[3]);
      this.colours.set(css, c);
    }
    return c;
  }

  /** A band's thread colour as CSS, falling back to the theme's palette when missing or unreadable. */
  threadColour(band: Band): string {
    const css = band.thread?.colour;
    if (css && this.readable(css)) return css;
    const fallback = this.theme.threadFallback;
    return band.thread ? fallback[band.index % fallback.length]! : this.theme.dimText;
  }

  /** `css` at `alpha` over the opaque `over`, as an opaque CSS colour (cheaper to draw than translucency). */
  tint(css: string, over: string, alpha: number): string {
    const key = `${css}|${over}|${alpha}`;
    const cached = this.tints.get(key);
    if (cached) return cached;
    const fg = parseColour(css) ?? [0, 0, 0, 1];
    const bg = parseColour(over) ?? [255, 255, 255, 1];
    const m = mixOver(fg, bg, alpha * fg[3]);
    const out = `rgb(${Math.round(m[0])},${Math.round(m[1])},${Math.round(m[2])})`;
    this.tints.set(key, out);
    return out;
  }

  private readonly tints = new Map<string, string>();
  private readonly readableColours = new Map<string, boolean>();

  private readable(css: string): boolean {
    let ok = this.readableColours.get(css);
    if (ok === undefined) {
      ok = parseColour(css) !== null;
      this.readableColours.set(css, ok);
    }
    return ok;
  }
  private readonly inks = new Map<string, CardInks>();

  /** The colours of a band's cards, owned or external (cached: the painters ask per card per frame). */
  cardInks(band: Band, owned: boolean): CardInks {
    const threadColour = this.threadColour(band);
    const key = owned ? `o${threadColour}` : `e${threadColour}`;
    let inks = this.inks.get(key);
    if (!inks) {
      const theme = this.theme;
      const tintColour = owned ? theme.card : this.tint(theme.external, theme.card, 0.07);
      const hue = owned ? threadColour : theme.external;
      inks = {
        fill: this.colour(tintColour),
        border: this.colour(owned ? theme.cardBorder : this.tint(theme.external, tintColour, 0.45)),
        bar: this.colour(threadColour),
        compactFill: this.colour(this.tint(hue, theme.card, owned ? 0.2 : 0.16)),
        compactBorder: this.colour(this.tint(hue, theme.card, 0.5)),
      };
      this.inks.set(key, inks);
    }
    return inks;
  }

  delete(): void {
    this.fill.delete();
    this.fillCrisp.delete();
    this.stroke.delete();
    this.strokeCrisp.delete();
    this.imagePaint?.delete();
  }
}
