import type { Paragraph } from 'canvaskit-wasm';
import type { DocType } from '../../store/records.js';
import { _ } from '../../core/index.js';
import { EXTERNAL_SKEW } from '../kernels/card-shape.js';
import { CARD_WIDTH } from '../kernels/layout.js';
import { TITLE_SIZES, titleVariant } from '../kernels/level-of-detail.js';
import type { PaintContext } from './paint-context.js';
import { rrectXYWH } from './scratch-rects.js';
import type { TextSpec } from './text-cache.js';

/** Where a full card's text starts, in world units from its left edge. */
export const TEXT_LEFT = 22;
/** Room kept right of a full card's title for the sovereignty badge. */
const BADGE_ROOM = 30;
/** The title's room on an image card gives way to the thumbnail (and a gap). */
const THUMB_ROOM = 48;
/** A line of text is about this many times its font size tall (Cantarell's ascent, descent and gap). */
const LINE_HEIGHT = 1.2;

export function docTypeLabel(type: DocType): string {
  switch (type) {
    case 'markdown': return _('Note');
    case 'text': return _('Text');
    case 'pdf': return _('PDF');
    case 'docx': return _('Document');
    case 'html': return _('Web Page');
    case 'image': return _('Image');
  }
}

const SHORT_DATE = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const DAY_MS = 86_400_000;

/**
 * "Note · 3 Mar 2026", by type and UTC day: the subtitle's text is asked for
 * every frame a card shows, and formatting a date or looking up a
 * translation that many times a frame is not free.
 */
const subtitles = new Map<string, string>();
function subtitleText(type: DocType, createdAt: Date): string {
  const day = Math.floor(createdAt.getTime() / DAY_MS);
  const key = `${type}|${day}`;
  let text = subtitles.get(key);
  if (text === undefined) {
    if (subtitles.size >= 4096) subtitles.clear();
    text = `${docTypeLabel(type)} · ${SHORT_DATE.format(createdAt)}`;
    subtitles.set(key, text);
  }
  return text;
}

let untitled: string | undefined;
function titleText(title: string): string {
  return title || (untitled ??= _('Untitled'));
}

/** A card's text and its laid-out paragraph; null when a zoom in motion left it for a later frame. */
export interface CardText {
  spec: TextSpec;
  paragraph: Paragraph | null;
}

function layOut(ctx: PaintContext, spec: TextSpec): CardText {
  return { spec, paragraph: ctx.text.ready(spec) };
}

/** A full card's title and subtitle, laid out in world units (drawn scaled with the zoom). */
export function fullCardTexts(ctx: PaintContext, i: number): [CardText, CardText] {
  const theme = ctx.palette.theme;
  const doc = ctx.scene.layout.cards.docs[i]!;
  const textShift = doc.isOwned ? 0 : 4;
  const thumbRoom = doc.docType === 'image' ? THUMB_ROOM : 0;
  return [
    layOut(ctx, { text: titleText(doc.title), size: TITLE_SIZES[0], bold: true, colour: theme.text, width: CARD_WIDTH - TEXT_LEFT - BADGE_ROOM - textShift - thumbRoom }),
    layOut(ctx, { text: subtitleText(doc.docType, doc.createdAt), size: 11, colour: theme.dimText, width: CARD_WIDTH - TEXT_LEFT - 12 - textShift - thumbRoom }),
  ];
}

/** A compact card's title at the zoom's title variant, or null when the card is too small for any. */
export function compactTitle(ctx: PaintContext, i: number): CardText | null {
  const variant = titleVariant(ctx.camera.zoom);
  if (variant < 0) return null;
  const doc = ctx.scene.layout.cards.docs[i]!;
  const pad = doc.isOwned ? 10 : 10 + EXTERNAL_SKEW;
  return layOut(ctx, { text: titleText(doc.title), size: TITLE_SIZES[variant]!, colour: ctx.palette.theme.text, width: CARD_WIDTH - pad - 10 });
}

/** Whether every text is laid out: only then may a card's look be kept. */
export function textReady(texts: readonly CardText[]): boolean {
  return texts.every((text) => text.paragraph !== null);
}

/** The height of the text's line in world units: the paragraph's when laid out, else estimated. */
export function lineHeight(text: CardText): number {
  return text.paragraph ? text.paragraph.getHeight() : text.spec.size * LINE_HEIGHT;
}

/**
 * Draws the text with its top left at (x, y) in device pixels, scaled by
 * `scale` from world units. Text not laid out yet (a zoom in motion left it
 * for a later frame) is drawn as a stand-in: a soft bar where the line's
 * letters will be, about as long as the text, the way layout tools draw text
 * too small or too fleeting to read. The frame after the camera settles
 * draws the letters.
 */
export function drawText(ctx: PaintContext, { spec, paragraph }: CardText, x: number, y: number, scale: number): void {
  const { canvas, palette } = ctx;
  canvas.save();
  canvas.translate(x, y);
  canvas.scale(scale, scale);
  if (paragraph) {
    canvas.drawParagraph(paragraph, 0, 0);
  } else {
    // From about the x-height to the baseline of the line; glyphs average ~0.55 em wide.
    const length = Math.min(spec.width, spec.text.length * spec.size * (spec.bold === true ? 0.58 : 0.52));
    const height = spec.size * 0.5;
    const ink = palette.colour(spec.colour);
    palette.fill.setColor(Float32Array.of(ink[0]!, ink[1]!, ink[2]!, ink[3]! * 0.28));
    canvas.drawRRect(rrectXYWH(0, spec.size * 0.4, length, height, height / 2), palette.fill);
  }
  canvas.restore();
}
