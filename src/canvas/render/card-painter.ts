import type { Color, Paint, PathBuilder } from 'canvaskit-wasm';
import { EXTERNAL_SKEW, OWNED_RADIUS } from '../kernels/card-shape.js';
import type { Rect } from '../kernels/geometry.js';
import { easeOutCubic, ingestShape, type MorphShape } from '../kernels/ingest-morph.js';
import { TITLE_SIZES } from '../kernels/level-of-detail.js';
import { compactTitle, drawText, fullCardTexts, lineHeight, TEXT_LEFT, textReady, type CardText } from './card-text.js';
import { cardScreenRect, type PaintContext } from './paint-context.js';
import type { CardInks } from './palette.js';
import { rectXYWH, rrectXYWH } from './scratch-rects.js';

/** Full-card text placement, in world units (scaled with the card). */
const TITLE_TOP = 10;
const SUBTITLE_TOP = 32;
/** An image card's thumbnail: a square left of the badge, inset from the card's top and bottom. */
const THUMB_SIDE = 40;
const THUMB_TOP = 8;
const THUMB_RIGHT = 32;
const THUMB_RADIUS = 4;

/** Draws card i at the frame's level of detail ('full' or 'compact'). */
export function paintCard(ctx: PaintContext, i: number): void {
  const r = cardScreenRect(ctx, i);
  if (ctx.lod === 'full') paintFullCard(ctx, i, r);
  else paintCompactCard(ctx, i, r);
}

/** Draws the card's shape in device pixels: rounded for owned, a parallelogram for external documents. */
function drawShape(ctx: PaintContext, i: number, r: Rect, paint: Paint, grow = 0): void {
  const morph = morphOf(ctx, i, r);
  if (morph) {
    drawMorph(ctx, morph, r.x, r.y, paint, grow);
    return;
  }
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

/** Card i's outline this frame when it is the card morphing into an owned one (Make It Mine), else null. */
function morphOf(ctx: PaintContext, i: number, r: Rect): MorphShape | null {
  if (ctx.ingest?.card !== i) return null;
  return ingestShape(r.w, r.h, ctx.ingest.progress, { skew: Math.min(EXTERNAL_SKEW * ctx.camera.kx, r.w / 4), radius: OWNED_RADIUS * ctx.camera.kx });
}

/**
 * Draws a morph outline with its box's top left at (x, y): each corner
 * rounded by the tangent arc of the shape's radius (a radius of 0 leaves it
 * sharp). A fresh path each frame: the shape changes every frame of the
 * 400 ms it runs, so caching it would only evict the shapes that last.
 */
function drawMorph(ctx: PaintContext, morph: MorphShape, x: number, y: number, paint: Paint, grow: number): void {
  const [tl, tr, br, bl] = morph.corners;
  const b = new ctx.ck.PathBuilder();
  b.moveTo((tl.x + tr.x) / 2, tl.y - grow);
  b.arcToTangent(tr.x + grow, tr.y - grow, br.x + grow, br.y + grow, morph.radius + grow);
  b.arcToTangent(br.x + grow, br.y + grow, bl.x - grow, bl.y + grow, morph.radius + grow);
  b.arcToTangent(bl.x - grow, bl.y + grow, tl.x - grow, tl.y - grow, morph.radius + grow);
  b.arcToTangent(tl.x - grow, tl.y - grow, tr.x + grow, tr.y - grow, morph.radius + grow);
  b.close();
  const path = b.detachAndDelete();
  ctx.canvas.save();
  ctx.canvas.translate(x, y);
  ctx.canvas.drawPath(path, paint);
  ctx.canvas.restore();
  path.delete();
}

/**
 * The cheap two-step shadow: the card's shape grown a little and offset down
 * twice, translucent, no blur. Only the ring outside the card's opaque core
 * is filled (the core's straight edges are whole pixels, so the ring's
 * pixels are those of the whole shape): blending translucent shadow under
 * the whole card was most of a full frame.
 */
function paintShadow(ctx: PaintContext, owned: boolean, r: Rect, lift: number, morph: MorphShape | null = null): void {
  const { canvas, camera, palette } = ctx;
  const grow = 1 * ctx.scale;
  if (morph) {
    // The morphing card's shadow follows its outline, whole (no cut-out core): only for the few frames it runs.
    palette.fill.setColor(palette.colour(palette.theme.shadow));
    for (let step = 1; step <= 2; step++) drawMorph(ctx, morph, r.x, r.y + step * lift, palette.fill, grow);
    return;
  }
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

type CardState = 'selected' | 'highlighted' | 'hovered' | 'normal';

function stateOf(ctx: PaintContext, i: number): CardState {
  const { highlights } = ctx;
  return i === highlights.selected ? 'selected' : i === highlights.highlighted ? 'highlighted' : i === highlights.hovered ? 'hovered' : 'normal';
}

/**
 * A full card: from its cached raster when its look was drawn before (see
 * CardRasters), else drawn. The thumbnail is drawn on top either way: it
 * arrives later and is let go and decoded again, and nothing else of the
 * card overlaps it.
 */
function paintFullCard(ctx: PaintContext, i: number, r: Rect): void {
  const doc = ctx.scene.layout.cards.docs[i]!;
  const morph = morphOf(ctx, i, r);
  const state = stateOf(ctx, i);
  const key = morph ? null : `f|${lookKey(ctx, i, r)}|${state}`;
  // Only looks with every text laid out are kept, so a copied one needs none of them looked up.
  if (key === null || !ctx.cardRasters.draw(ctx.canvas, key, r.x, r.y)) {
    const texts = fullCardTexts(ctx, i);
    const paint = (on: PaintContext): void => paintFullCardBody(on, i, r, state, morph, texts);
    // A card whose title waits for a later frame (a zoom in motion) is drawn with a stand-in, and not kept.
    if (key === null || !textReady(texts)) paint(ctx);
    else paintAndKeep(ctx, key, i, r, paint);
  }
  if (doc.docType === 'image') paintThumbnail(ctx, doc.id, r);
}

/** Everything a card's look depends on but its state and level of detail (the frame's part is in ctx.lookPrefix). */
function lookKey(ctx: PaintContext, i: number, r: Rect): string {
  const { palette, scene } = ctx;
  const doc = scene.layout.cards.docs[i]!;
  const band = scene.layout.bands[scene.layout.cards.band[i]!]!;
  return `${ctx.lookPrefix}|${palette.threadColour(band)}|${doc.id}|${doc.title}|${doc.docType}|${doc.isOwned ? 1 : 0}|${doc.createdAt.getTime()}|${r.w}x${r.h}`;
}

/**
 * Draws card i, whose look `key` has no raster yet: rasterised and copied
 * the second time the look is asked for (`paint` draws the card onto the
 * context's canvas), drawn directly until then.
 */
function paintAndKeep(ctx: PaintContext, key: string, i: number, r: Rect, paint: (on: PaintContext) => void): void {
  const rasters = ctx.cardRasters;
  const owned = ctx.scene.layout.cards.docs[i]!.isOwned;
  const kept = rasters.wanted(key) && rasters.build(key, r, Math.ceil(7 * ctx.scale), opaqueCore(ctx, owned, r), (canvas) => paint({ ...ctx, canvas }));
  if (!kept || !rasters.draw(ctx.canvas, key, r.x, r.y)) paint(ctx);
}

/** The part of a card's box (relative to it) its fill covers wholly: its anti-aliased edges and corners left out. */
function opaqueCore(ctx: PaintContext, owned: boolean, r: Rect): Rect {
  const bend = owned ? OWNED_RADIUS * ctx.camera.kx : Math.min(EXTERNAL_SKEW * ctx.camera.kx, r.w / 4);
  const inset = owned ? Math.ceil(Math.min(bend, r.h / 2)) : Math.ceil(bend) + 1;
  return { x: inset, y: 1, w: r.w - 2 * inset, h: r.h - 2 };
}

function paintFullCardBody(ctx: PaintContext, i: number, r: Rect, state: CardState, morph: MorphShape | null, [title, subtitle]: readonly [CardText, CardText]): void {
  const { canvas, palette, camera, scene } = ctx;
  const doc = scene.layout.cards.docs[i]!;
  const band = scene.layout.bands[scene.layout.cards.band[i]!]!;
  // A morphing card's colours move from the imported card's to the owned card's with its shape.
  const inks = morph ? blendInks(palette.cardInks(band, false), palette.cardInks(band, true), easeOutCubic(ctx.ingest!.progress)) : palette.cardInks(band, doc.isOwned);
  const kx = camera.kx;

  paintShadow(ctx, doc.isOwned, r, (state === 'hovered' || state === 'selected' ? 2 : 1) * ctx.scale, morph);

  palette.fill.setColor(inks.fill);
  drawShape(ctx, i, r, palette.fill);
  palette.stroke.setStrokeWidth(1 * ctx.scale);
  palette.stroke.setColor(inks.border);
  drawShape(ctx, i, r, palette.stroke);

  // The thread's colour as a slim bar down the card's left side.
  const skewAt = morph ? morph.skew * 0.5 : doc.isOwned ? 0 : EXTERNAL_SKEW * kx * 0.5;
  const barX = r.x + 10 * kx + skewAt;
  palette.fill.setColor(inks.bar);
  canvas.drawRRect(rrectXYWH(barX, r.y + 11 * camera.ky, 3.5 * kx, r.h - 22 * camera.ky, 2 * kx), palette.fill);

  const textShift = doc.isOwned ? 0 : 4;
  const textScale = quantisedScale(TITLE_SIZES[0], kx);
  drawText(ctx, title, r.x + (TEXT_LEFT + textShift) * kx, r.y + TITLE_TOP * camera.ky, textScale);
  drawText(ctx, subtitle, r.x + (TEXT_LEFT + textShift / 2) * kx, r.y + SUBTITLE_TOP * camera.ky, textScale);

  paintBadge(ctx, doc.isOwned, r.x + r.w - (doc.isOwned ? 17 : 21) * kx, r.y + 17 * camera.ky, 5 * kx);

  if (state !== 'normal') paintRing(ctx, i, r, state);
}

/**
 * An image card's thumbnail, cropped to fill a rounded square (the middle
 * of the picture), if it has arrived and decoded; otherwise nothing (the
 * plain card). Linear filtering with mipmaps: the square is a few dozen
 * pixels and a 256 px thumbnail shrinks into it cleanly.
 */
function paintThumbnail(ctx: PaintContext, documentId: string, r: Rect): void {
  const { canvas, camera, ck } = ctx;
  const side = Math.round(THUMB_SIDE * camera.ky);
  if (side < 4) return;
  const image = ctx.thumbnails.draw(documentId);
  if (!image) return;
  const x = Math.round(r.x + r.w - (THUMB_RIGHT + THUMB_SIDE) * camera.kx);
  const y = Math.round(r.y + THUMB_TOP * camera.ky);
  const w = image.width();
  const h = image.height();
  const crop = Math.min(w, h);
  canvas.save();
  canvas.clipRRect(rrectXYWH(x, y, side, side, THUMB_RADIUS * camera.kx), ck.ClipOp.Intersect, true);
  canvas.drawImageRectOptions(image, rectXYWH((w - crop) / 2, (h - crop) / 2, crop, crop), ck.XYWHRect(x, y, side, side), ck.FilterMode.Linear, ck.MipmapMode.Linear, ctx.palette.imagePaint);
  canvas.restore();
}

/** Inks part way from `from` to `to` (t 0 to 1). */
function blendInks(from: CardInks, to: CardInks, t: number): CardInks {
  return {
    fill: mix(from.fill, to.fill, t),
    border: mix(from.border, to.border, t),
    bar: mix(from.bar, to.bar, t),
    compactFill: mix(from.compactFill, to.compactFill, t),
    compactBorder: mix(from.compactBorder, to.compactBorder, t),
  };
}

function mix(a: Color, b: Color, t: number): Color {
  return Float32Array.of(a[0]! + (b[0]! - a[0]!) * t, a[1]! + (b[1]! - a[1]!) * t, a[2]! + (b[2]! - a[2]!) * t, a[3]! + (b[3]! - a[3]!) * t);
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

function paintRing(ctx: PaintContext, i: number, r: Rect, state: Exclude<CardState, 'normal'>): void {
  const { palette } = ctx;
  const theme = palette.theme;
  const grow = (state === 'hovered' ? 0 : 3) * ctx.scale;
  palette.stroke.setStrokeWidth((state === 'hovered' ? 1.5 : 2) * ctx.scale);
  palette.stroke.setColor(palette.colour(state === 'hovered' ? palette.tint(theme.accent, theme.card, 0.6) : state === 'highlighted' ? theme.now : theme.accent));
  drawShape(ctx, i, r, palette.stroke, grow);
}

function paintCompactCard(ctx: PaintContext, i: number, r: Rect): void {
  const state = stateOf(ctx, i);
  if (r.w < 6 || r.h < 4) {
    const { palette, scene } = ctx;
    const band = scene.layout.bands[scene.layout.cards.band[i]!]!;
    palette.fillCrisp.setColor(palette.cardInks(band, scene.layout.cards.docs[i]!.isOwned).compactFill);
    ctx.canvas.drawRect(rectXYWH(r.x, r.y, r.w, r.h), palette.fillCrisp);
    return;
  }
  const key = morphOf(ctx, i, r) ? null : `c|${lookKey(ctx, i, r)}|${state}`;
  if (key !== null && ctx.cardRasters.draw(ctx.canvas, key, r.x, r.y)) return;
  const title = compactTitle(ctx, i);
  const paint = (on: PaintContext): void => paintCompactCardBody(on, i, r, state, title);
  if (key === null || (title && !textReady([title]))) paint(ctx);
  else paintAndKeep(ctx, key, i, r, paint);
}

function paintCompactCardBody(ctx: PaintContext, i: number, r: Rect, state: CardState, title: CardText | null): void {
  const { palette, camera, scene } = ctx;
  const doc = scene.layout.cards.docs[i]!;
  const band = scene.layout.bands[scene.layout.cards.band[i]!]!;
  const inks = palette.cardInks(band, doc.isOwned);
  palette.fill.setColor(inks.compactFill);
  drawShape(ctx, i, r, palette.fill);
  palette.strokeCrisp.setStrokeWidth(0);
  palette.strokeCrisp.setColor(inks.compactBorder);
  drawShape(ctx, i, r, palette.strokeCrisp);

  if (title) {
    const s = quantisedScale(title.spec.size, camera.kx);
    const textHeight = lineHeight(title) * s;
    if (textHeight <= r.h) drawText(ctx, title, r.x + (doc.isOwned ? 10 : 10 + EXTERNAL_SKEW) * camera.kx, r.y + Math.round((r.h - textHeight) / 2), s);
  }
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
