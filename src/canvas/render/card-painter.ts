import type { Paint, PathBuilder } from 'canvaskit-wasm';
import type { DocType } from '../../store/records.js';
import { _ } from '../../core/index.js';
import { EXTERNAL_SKEW, OWNED_RADIUS } from '../kernels/card-shape.js';
import type { Rect } from '../kernels/geometry.js';
import { CARD_WIDTH } from '../kernels/layout.js';
import { TITLE_SIZES, titleVariant } from '../kernels/level-of-detail.js';
import { cardScreenRect, type PaintContext } from './paint-context.js';
import { rectXYWH, rrectXYWH } from './scratch-rects.js';

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
  const owned = ctx.scene.layout.cards.docs[i]!.isOwned;
  if (owned) {
    const radius = Math.min(OWNED_RADIUS * ctx.camera.kx + grow, r.h / 2 + grow);
    ctx.canvas.drawRRect(rrectXYWH(r.x - grow, r.y - grow, r.w + 2 * grow, r.h + 2 * grow, radius), paint);
    return;
  }
  const skew = Math.min(EXTERNAL_SKEW * ctx.camera.kx, r.w / 4);
  const path = ctx.shapes.get(`p|${r.w}|${r.h}|${skew}|${grow}`, (b) => addShape(b, false, r.w, r.h, skew, grow, 0));
  const canvas = ctx.canvas;
  canvas.save();
  canvas.translate(r.x, r.y);
  canvas.drawPath(path, paint);
  canvas.restore();
}

/** A w×h card's shape with its box's top left at (0, dy), grown by `grow` on every side. `bend` is the corner radius (owned) or the lean (external). */
function addShape(b: PathBuilder, owned: boolean, w: number, h: number, bend: number, grow: number, dy: number): void {
  if (owned) {
    const radius = Math.min(bend + grow, h / 2 + grow);
    b.addRRect(rrectXYWH(-grow, dy - grow, w + 2 * grow, h + 2 * grow, radius));
    return;
  }
  b.moveTo(bend - grow, dy - grow);
  b.lineTo(w + grow, dy - grow);
  b.lineTo(w - bend + grow, dy + h + grow);
  b.lineTo(-grow, dy + h + grow);
  b.close();
}

/**
 * The cheap two-step shadow: the card's shape grown a little and offset down
 * twice, translucent, no blur. Only the ring outside the card's opaque core
 * is filled (the core's straight edges are whole pixels, so the ring's
 * pixels are those of the whole shape): blending translucent shadow under
 * the whole card was most of a full frame.
 */
function paintShadow(ctx: PaintContext, owned: boolean, r: Rect, lift: number): void {
  const { canvas, camera, palette } = ctx;
  const grow = 1 * ctx.scale;
  const bend = owned ? OWNED_RADIUS * camera.kx : Math.min(EXTERNAL_SKEW * camera.kx, r.w / 4);
  // The core: the part of the box the card's fill covers fully, anti-aliased edges left out.
  const inset = owned ? Math.ceil(Math.min(bend, r.h / 2)) : Math.ceil(bend) + 1;
  const coreW = r.w - 2 * inset;
  const coreH = r.h - 2;
  palette.fill.setColor(palette.colour(palette.theme.shadow));
  canvas.save();
  canvas.translate(r.x, r.y);
  for (let step = 1; step <= 2; step++) {
    const dy = step * lift;
    const path = ctx.shapes.get(`s|${owned}|${r.w}|${r.h}|${bend}|${grow}|${dy}`, (b) => {
      addShape(b, owned, r.w, r.h, bend, grow, dy);
      if (coreW > 0 && coreH > 0) {
        b.addRect(rectXYWH(inset, 1, coreW, coreH));
        b.setFillType(ctx.ck.FillType.EvenOdd);
      }
    });
    canvas.drawPath(path, palette.fill);
  }
  canvas.restore();
}

function paintFullCard(ctx: PaintContext, i: number, r: Rect): void {
  const { canvas, palette, camera, scene, highlights } = ctx;
  const theme = palette.theme;
  const doc = scene.layout.cards.docs[i]!;
  const band = scene.layout.bands[scene.layout.cards.band[i]!]!;
  const inks = palette.cardInks(band, doc.isOwned);
  const kx = camera.kx;
  const state = i === highlights.selected ? 'selected' : i === highlights.highlighted ? 'highlighted' : i === highlights.hovered ? 'hovered' : 'normal';

  paintShadow(ctx, doc.isOwned, r, (state === 'hovered' || state === 'selected' ? 2 : 1) * ctx.scale);

  palette.fill.setColor(inks.fill);
  drawShape(ctx, i, r, palette.fill);
  palette.stroke.setStrokeWidth(1 * ctx.scale);
  palette.stroke.setColor(inks.border);
  drawShape(ctx, i, r, palette.stroke);

  // The thread's colour as a slim bar down the card's left side.
  const skewAt = doc.isOwned ? 0 : EXTERNAL_SKEW * kx * 0.5;
  const barX = r.x + 10 * kx + skewAt;
  palette.fill.setColor(inks.bar);
  canvas.drawRRect(rrectXYWH(barX, r.y + 11 * camera.ky, 3.5 * kx, r.h - 22 * camera.ky, 2 * kx), palette.fill);

  const textShift = doc.isOwned ? 0 : 4;
  const textScale = quantisedScale(TITLE_SIZES[0], kx);
  const title = ctx.text.get(`full:${theme.name}:${doc.id}:${doc.title}`, () => ({
    text: doc.title || _('Untitled'),
    size: TITLE_SIZES[0],
    bold: true,
    colour: theme.text,
    width: CARD_WIDTH - TEXT_LEFT - BADGE_ROOM - textShift,
  }));
  // Keyed by what the subtitle says, not by its text: translating and
  // formatting the date are left to the first frame that shows it.
  const subtitle = ctx.text.get(`sub:${theme.name}:${doc.docType}:${doc.createdAt.getTime()}:${textShift}`, () => ({
    text: `${docTypeLabel(doc.docType)} · ${SHORT_DATE.format(doc.createdAt)}`,
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
  const inks = palette.cardInks(band, doc.isOwned);
  if (r.w < 6 || r.h < 4) {
    palette.fillCrisp.setColor(inks.compactFill);
    canvas.drawRect(rectXYWH(r.x, r.y, r.w, r.h), palette.fillCrisp);
    return;
  }
  palette.fill.setColor(inks.compactFill);
  drawShape(ctx, i, r, palette.fill);
  palette.strokeCrisp.setStrokeWidth(0);
  palette.strokeCrisp.setColor(inks.compactBorder);
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
