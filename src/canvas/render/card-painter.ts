import type { Paint } from 'canvaskit-wasm';
import type { DocType } from '../../store/records.js';
import { _ } from '../../core/index.js';
import { EXTERNAL_SKEW, OWNED_RADIUS } from '../kernels/card-shape.js';
import type { Rect } from '../kernels/geometry.js';
import { CARD_WIDTH } from '../kernels/layout.js';
import { TITLE_SIZES, titleVariant } from '../kernels/level-of-detail.js';
import { cardScreenRect, type PaintContext } from './paint-context.js';

/** Full-card text placement, in world units (scaled with the card). */
const TEXT_LEFT = 22;
const TITLE_TOP = 10;
const SUBTITLE_TOP = 32;
const BADGE_ROOM = 30;

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

/** Draws card i at the frame's level of detail ('full' or 'compact'). */
export function paintCard(ctx: PaintContext, i: number): void {
  const r = cardScreenRect(ctx, i);
  if (ctx.lod === 'full') paintFullCard(ctx, i, r);
  else paintCompactCard(ctx, i, r);
}

/** Draws the card's shape in device pixels: rounded for owned, a parallelogram for external documents. */
function drawShape(ctx: PaintContext, i: number, r: Rect, paint: Paint, grow = 0): void {
  const ck = ctx.ck;
  const owned = ctx.scene.layout.cards.docs[i]!.isOwned;
  if (owned) {
    const radius = Math.min(OWNED_RADIUS * ctx.camera.kx + grow, r.h / 2 + grow);
    ctx.canvas.drawRRect(ck.RRectXY(ck.XYWHRect(r.x - grow, r.y - grow, r.w + 2 * grow, r.h + 2 * grow), radius, radius), paint);
    return;
  }
  const skew = Math.min(EXTERNAL_SKEW * ctx.camera.kx, r.w / 4);
  const builder = new ck.PathBuilder();
  builder.moveTo(r.x + skew - grow, r.y - grow);
  builder.lineTo(r.x + r.w + grow, r.y - grow);
  builder.lineTo(r.x + r.w - skew + grow, r.y + r.h + grow);
  builder.lineTo(r.x - grow, r.y + r.h + grow);
  builder.close();
  const path = builder.detachAndDelete();
  ctx.canvas.drawPath(path, paint);
  path.delete();
}

function paintFullCard(ctx: PaintContext, i: number, r: Rect): void {
  const { ck, canvas, palette, camera, scene, highlights } = ctx;
  const theme = palette.theme;
  const doc = scene.layout.cards.docs[i]!;
  const band = scene.layout.bands[scene.layout.cards.band[i]!]!;
  const threadColour = palette.threadColour(band);
  const kx = camera.kx;
  const state = i === highlights.selected ? 'selected' : i === highlights.highlighted ? 'highlighted' : i === highlights.hovered ? 'hovered' : 'normal';

  // A cheap two-step shadow: translucent shapes offset down, no blur.
  const shadowLift = state === 'hovered' || state === 'selected' ? 2 : 1;
  canvas.save();
  canvas.translate(0, shadowLift * ctx.scale);
  palette.fill.setColor(palette.colour(theme.shadow));
  drawShape(ctx, i, r, palette.fill, 1 * ctx.scale);
  canvas.translate(0, shadowLift * ctx.scale);
  drawShape(ctx, i, r, palette.fill, 1 * ctx.scale);
  canvas.restore();

  const tintColour = doc.isOwned ? theme.card : palette.tint(theme.external, theme.card, 0.07);
  palette.fill.setColor(palette.colour(tintColour));
  drawShape(ctx, i, r, palette.fill);
  palette.stroke.setStrokeWidth(1 * ctx.scale);
  palette.stroke.setColor(palette.colour(doc.isOwned ? theme.cardBorder : palette.tint(theme.external, tintColour, 0.45)));
  drawShape(ctx, i, r, palette.stroke);

  // The thread's colour as a slim bar down the card's left side.
  const skewAt = doc.isOwned ? 0 : EXTERNAL_SKEW * kx * 0.5;
  const barX = r.x + 10 * kx + skewAt;
  palette.fill.setColor(palette.colour(threadColour));
  canvas.drawRRect(ck.RRectXY(ck.XYWHRect(barX, r.y + 11 * camera.ky, 3.5 * kx, r.h - 22 * camera.ky), 2 * kx, 2 * kx), palette.fill);

  const textShift = doc.isOwned ? 0 : 4;
  const textScale = quantisedScale(TITLE_SIZES[0], kx);
  const title = ctx.text.get(`full:${theme.name}:${doc.id}:${doc.title}`, () => ({
    text: doc.title || _('Untitled'),
    size: TITLE_SIZES[0],
    bold: true,
    colour: theme.text,
    width: CARD_WIDTH - TEXT_LEFT - BADGE_ROOM - textShift,
  }));
  const subtitleText = `${docTypeLabel(doc.docType)} · ${SHORT_DATE.format(doc.createdAt)}`;
  const subtitle = ctx.text.get(`sub:${theme.name}:${subtitleText}`, () => ({
    text: subtitleText,
    size: 11,
    colour: theme.dimText,
    width: CARD_WIDTH - TEXT_LEFT - 12 - textShift,
  }));
  canvas.save();
  canvas.translate(r.x + (TEXT_LEFT + textShift) * kx, r.y + TITLE_TOP * camera.ky);
  canvas.scale(textScale, textScale);
  canvas.drawParagraph(title, 0, 0);
  canvas.restore();
  canvas.save();
  canvas.translate(r.x + (TEXT_LEFT + textShift / 2) * kx, r.y + SUBTITLE_TOP * camera.ky);
  canvas.scale(textScale, textScale);
  canvas.drawParagraph(subtitle, 0, 0);
  canvas.restore();

  paintBadge(ctx, doc.isOwned, r.x + r.w - (doc.isOwned ? 17 : 21) * kx, r.y + 17 * camera.ky, 5 * kx);

  if (state !== 'normal') paintRing(ctx, i, r, state);
}

/** The sovereignty badge: a filled dot for documents you own, a ring with a dot for imported ones. */
function paintBadge(ctx: PaintContext, owned: boolean, cx: number, cy: number, radius: number): void {
  const { canvas, palette } = ctx;
  const theme = palette.theme;
  if (owned) {
    palette.fill.setColor(palette.colour(palette.tint(theme.owned, theme.card, 0.18)));
    canvas.drawCircle(cx, cy, radius * 1.7, palette.fill);
    palette.fill.setColor(palette.colour(theme.owned));
    canvas.drawCircle(cx, cy, radius, palette.fill);
  } else {
    palette.stroke.setStrokeWidth(Math.max(1, radius * 0.45));
    palette.stroke.setColor(palette.colour(theme.external));
    canvas.drawCircle(cx, cy, radius * 1.15, palette.stroke);
    palette.fill.setColor(palette.colour(theme.external));
    canvas.drawCircle(cx, cy, radius * 0.45, palette.fill);
  }
}

function paintRing(ctx: PaintContext, i: number, r: Rect, state: 'selected' | 'highlighted' | 'hovered'): void {
  const { palette } = ctx;
  const theme = palette.theme;
  const grow = (state === 'hovered' ? 0 : 3) * ctx.scale;
  palette.stroke.setStrokeWidth((state === 'hovered' ? 1.5 : 2) * ctx.scale);
  palette.stroke.setColor(palette.colour(state === 'hovered' ? palette.tint(theme.accent, theme.card, 0.6) : state === 'highlighted' ? theme.now : theme.accent));
  drawShape(ctx, i, r, palette.stroke, grow);
}

function paintCompactCard(ctx: PaintContext, i: number, r: Rect): void {
  const { canvas, palette, camera, scene, highlights } = ctx;
  const theme = palette.theme;
  const doc = scene.layout.cards.docs[i]!;
  const band = scene.layout.bands[scene.layout.cards.band[i]!]!;
  const threadColour = palette.threadColour(band);
  const fillColour = palette.tint(doc.isOwned ? threadColour : theme.external, theme.card, doc.isOwned ? 0.2 : 0.16);
  if (r.w < 6 || r.h < 4) {
    palette.fillCrisp.setColor(palette.colour(fillColour));
    canvas.drawRect(ctx.ck.XYWHRect(r.x, r.y, r.w, r.h), palette.fillCrisp);
    return;
  }
  palette.fill.setColor(palette.colour(fillColour));
  drawShape(ctx, i, r, palette.fill);
  palette.strokeCrisp.setStrokeWidth(0);
  palette.strokeCrisp.setColor(palette.colour(palette.tint(doc.isOwned ? threadColour : theme.external, theme.card, 0.5)));
  drawShape(ctx, i, r, palette.strokeCrisp);

  const variant = titleVariant(camera.zoom);
  if (variant >= 0) {
    const size = TITLE_SIZES[variant]!;
    const pad = doc.isOwned ? 10 : 10 + EXTERNAL_SKEW;
    const paragraph = ctx.text.get(`compact${variant}:${theme.name}:${doc.id}:${doc.title}`, () => ({
      text: doc.title || _('Untitled'),
      size,
      colour: theme.text,
      width: CARD_WIDTH - pad - 10,
    }));
    const s = quantisedScale(size, camera.kx);
    const textHeight = paragraph.getHeight() * s;
    if (textHeight <= r.h) {
      canvas.save();
      canvas.translate(r.x + pad * camera.kx, r.y + Math.round((r.h - textHeight) / 2));
      canvas.scale(s, s);
      canvas.drawParagraph(paragraph, 0, 0);
      canvas.restore();
    }
  }
  const state = i === highlights.selected ? 'selected' : i === highlights.highlighted ? 'highlighted' : i === highlights.hovered ? 'hovered' : 'normal';
  if (state !== 'normal') paintRing(ctx, i, r, state);
}

/**
 * The scale that draws text of world size `size` at the zoom, rounded so the
 * device font size is a multiple of half a pixel: consecutive frames of a
 * zoom then reuse rasterised glyphs instead of rasterising new sizes.
 */
export function quantisedScale(size: number, kx: number): number {
  return Math.max(0.5, Math.round(size * kx * 2) / 2) / size;
}
