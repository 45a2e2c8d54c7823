import type { Paragraph } from 'canvaskit-wasm';
import type { CanvasKitWithHeap } from './canvaskit.js';
import { ensureFontsFor, type FontSet } from './fonts.js';
import { orderColourInPlace, type PixelOrder } from './pixel-order.js';

export interface TextSpec {
  text: string;
  size: number;
  bold?: boolean;
  /** A CSS colour. */
  colour: string;
  /** Layout width; one line, ellipsized past it. */
  width: number;
  align?: 'left' | 'center' | 'right';
}

/**
 * The cache key of a spec: every field of it, so two specs share a
 * paragraph exactly when they would lay out the same. Written out field by
 * field (not JSON) because it runs for every text of every frame.
 */
export function textKey(spec: TextSpec): string {
  return `${spec.size}|${spec.bold === true ? 'b' : ''}|${spec.colour}|${spec.width}|${spec.align ?? 'left'}|${spec.text}`;
}

/**
 * Laid-out single-line paragraphs, kept between frames (shaping is the
 * expensive part of text). Least recently used entries are freed past the
 * capacity.
 *
 * Card texts (`ready`) are keyed by the spec itself (textKey): cards with
 * the same title, or documents of one type made on one day, share one, and
 * a change to anything that shapes the text (a card made yours gets a
 * narrower title) cannot reuse a stale one. The ruler and gutter labels
 * (`get`) pass keys of their own, naming what the text says, so that
 * translating it is left to the first frame that shows it; those keys start
 * with a letter and textKey's with a digit, so the two never meet.
 *
 * A frame may limit how many new paragraphs it builds (`beginFrame`): a
 * zoom in motion brings a dozen new cards into view every frame, and
 * shaping their titles was a third of such a frame. `ready` then answers
 * null past the allowance and `pending` tells the renderer to draw once
 * more when the camera settles.
 */
export class TextCache {
  private readonly entries = new Map<string, Paragraph>();
  private allowance = Infinity;
  private deferred = false;
  private order: PixelOrder = 'rgba';

  constructor(
    private readonly ck: CanvasKitWithHeap,
    private readonly fonts: FontSet,
    private readonly capacity = 6000,
  ) {}

  /** Starts a frame that may build at most `allowance` new paragraphs through `ready` (Infinity: all it needs). */
  beginFrame(allowance: number): void {
    this.allowance = allowance;
    this.deferred = false;
  }

  /** Whether `ready` answered null this frame: some text waits for a later frame. */
  get pending(): boolean {
    return this.deferred;
  }

  /** The paragraph cached under `key`, built now from `spec()` if there is none. Keys must name everything that changes the result. */
  get(key: string, spec: () => TextSpec): Paragraph {
    return this.cached(key) ?? this.add(key, spec());
  }

  /** The paragraph for `spec` if it is cached or this frame may still build one; null (and pending) otherwise. */
  ready(spec: TextSpec): Paragraph | null {
    const key = textKey(spec);
    const hit = this.cached(key);
    if (hit) return hit;
    if (this.allowance <= 0) {
      this.deferred = true;
      return null;
    }
    this.allowance--;
    return this.add(key, spec);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Lays text out in the frame's pixel order from now on (the colours are in the paragraphs: those built before go). */
  setPixelOrder(order: PixelOrder): void {
    if (order === this.order) return;
    this.order = order;
    this.clear();
  }

  clear(): void {
    for (const paragraph of this.entries.values()) paragraph.delete();
    this.entries.clear();
  }

  private cached(key: string): Paragraph | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  private add(key: string, spec: TextSpec): Paragraph {
    const paragraph = this.build(spec);
    this.entries.set(key, paragraph);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.get(oldest)!.delete();
      this.entries.delete(oldest);
    }
    return paragraph;
  }

  private build(spec: TextSpec): Paragraph {
    const ck = this.ck;
    // A CJK or emoji face loads with the first text that needs it; paragraphs cached before did not.
    ensureFontsFor(ck, this.fonts, spec.text);
    const align = spec.align === 'center' ? ck.TextAlign.Center : spec.align === 'right' ? ck.TextAlign.Right : ck.TextAlign.Left;
    const style = new ck.ParagraphStyle({
      textStyle: {
        color: orderColourInPlace(this.order, ck.parseColorString(spec.colour)),
        fontFamilies: this.fonts.families,
        fontSize: spec.size,
        fontStyle: { weight: spec.bold ? ck.FontWeight.Bold : ck.FontWeight.Normal },
      },
      maxLines: 1,
      ellipsis: '…',
      textAlign: align,
    });
    const builder = ck.ParagraphBuilder.MakeFromFontProvider(style, this.fonts.provider);
    // A line break would start a second line that maxLines cuts; titles are one line.
    builder.addText(spec.text.replace(/[\r\n\t]+/g, ' '));
    const paragraph = builder.build();
    builder.delete();
    paragraph.layout(Math.max(1, spec.width));
    return paragraph;
  }
}
