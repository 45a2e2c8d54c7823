import type { Paragraph } from 'canvaskit-wasm';
import type { CanvasKitWithHeap } from './canvaskit.js';
import { ensureFontsFor, type FontSet } from './fonts.js';

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
 * Laid-out single-line paragraphs, kept between frames (shaping is the
 * expensive part of text). Least recently used entries are freed past the
 * capacity. Keys must name everything that changes the result.
 */
export class TextCache {
  private readonly entries = new Map<string, Paragraph>();

  constructor(
    private readonly ck: CanvasKitWithHeap,
    private readonly fonts: FontSet,
    private readonly capacity = 6000,
  ) {}

  get(key: string, spec: () => TextSpec): Paragraph {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const paragraph = this.build(spec());
    this.entries.set(key, paragraph);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.get(oldest)!.delete();
      this.entries.delete(oldest);
    }
    return paragraph;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    for (const paragraph of this.entries.values()) paragraph.delete();
    this.entries.clear();
  }

  private build(spec: TextSpec): Paragraph {
    const ck = this.ck;
    // A CJK or emoji face loads with the first text that needs it; paragraphs cached before did not.
    ensureFontsFor(ck, this.fonts, spec.text);
    const align = spec.align === 'center' ? ck.TextAlign.Center : spec.align === 'right' ? ck.TextAlign.Right : ck.TextAlign.Left;
    const style = new ck.ParagraphStyle({
      textStyle: {
        color: ck.parseColorString(spec.colour),
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
