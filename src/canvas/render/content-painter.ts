import type { Canvas, Paint, PathBuilder } from 'canvaskit-wasm';
import { intersects, type Rect } from '../kernels/geometry.js';
import { toScreen } from '../kernels/hit-test.js';
import { dashIsStraight, emptyCurve, LinkDasher, subCurve, visibleSpans } from '../kernels/link-dashes.js';
import { linkCurve, linkStyle, type CurvePoints } from '../kernels/links.js';
import { paintCard } from './card-painter.js';
import { parseColour } from './theme.js';
import type { PaintContext } from './paint-context.js';

/** Band backgrounds: every other band faintly tinted, with a hairline between bands. Used by every level of detail. */
export function paintBands(ctx: PaintContext, region: Rect, fill: boolean): void {
  const { ck, canvas, palette, camera, scene } = ctx;
  const theme = palette.theme;
  if (fill) {
    palette.fillCrisp.setColor(palette.colour(theme.background));
    canvas.drawRect(ck.XYWHRect(region.x, region.y, region.w, region.h), palette.fillCrisp);
  }
  palette.fillCrisp.setColor(palette.colour(theme.border));
  const borderColour = palette.colour(theme.border);
  const alternate = palette.colour(theme.bandAlternate);
  for (const band of scene.layout.bands) {
    const y0 = Math.round(camera.toScreenY(band.y));
    const y1 = Math.round(camera.toScreenY(band.y + band.height));
    if (y1 <= region.y || y0 >= region.y + region.h) continue;
    if (fill && band.index % 2 === 1) {
      palette.fillCrisp.setColor(alternate);
      canvas.drawRect(ck.XYWHRect(region.x, y0, region.w, y1 - y0), palette.fillCrisp);
    }
    palette.fillCrisp.setColor(borderColour);
    canvas.drawRect(ck.XYWHRect(region.x, y1 - 1, region.w, 1), palette.fillCrisp);
  }
}

/** Faint vertical lines at the ruler's labelled ticks, so a card's date can be read against the ruler. */
export function paintGridLines(ctx: PaintContext, region: Rect): void {
  const { ck, canvas, palette, camera, scene } = ctx;
  palette.fillCrisp.setColor(palette.colour(palette.theme.gridLine));
  for (const tick of ctx.ticks.ticks) {
    if (!tick.major) continue;
    const x = Math.round(camera.toScreenX(scene.timeScale.xOf(tick.ms)));
    if (x < region.x || x >= region.x + region.w) continue;
    canvas.drawRect(ck.XYWHRect(x, region.y, Math.max(1, Math.round(ctx.scale)), region.h), palette.fillCrisp);
  }
}

/** Soft (related) links: 6 device px drawn, 4 left out. One dasher for every frame: it keeps its scratch arrays. */
const softLinkDashes = new LinkDasher({ on: 6, off: 4 });

/**
 * Links between documents, `related` ones dashed and lighter; those of the
 * selected card in the accent colour.
 *
 * Full cards get anti-aliased strokes, one path per link. At the compact
 * level a view can hold ~200 cards whose soft links to far bands cross it
 * in ~9,500 dashes, and CanvasKit spends ~3 us on each anti-aliased dash
 * (23 ms of a 2560x1440 frame). There every unselected link of one style
 * joins one path drawn once as a hairline, not anti-aliased: typed links
 * solid, soft ones dashed in their lighter colour, so the two still differ
 * at a glance (tests/unit/canvas/compact-links.test.ts holds that).
 */
export function paintLinks(ctx: PaintContext, region: Rect, worldRegion: Rect): void {
  const { ck, canvas, palette, camera, scene } = ctx;
  const theme = palette.theme;
  const full = ctx.lod === 'full';
  const selectedLinks = new Set(scene.linksOfCard.get(ctx.highlights.selected) ?? []);
  const bounds = scene.linkBounds;
  const rx0 = worldRegion.x;
  const ry0 = worldRegion.y;
  const rx1 = worldRegion.x + worldRegion.w;
  const ry1 = worldRegion.y + worldRegion.h;
  // Dashes are cut to the region grown by more than half the widest stroke, so none that shows is left out.
  const margin = 4 * ctx.scale;
  const dashClip: Rect = { x: region.x - margin, y: region.y - margin, w: region.w + 2 * margin, h: region.h + 2 * margin };
  // The compact level's shared hairlines: typed links in one path, soft dashes as line segments (and a path for the few bent ones).
  let typedHairlines: PathBuilder | null = null;
  let softHairlines: PathBuilder | null = null;
  softSegments.clear();
  for (const k of ctx.visibleLinks) {
    const link = scene.links[k]!;
    if (bounds[k * 4]! > rx1 || bounds[k * 4 + 2]! < rx0 || bounds[k * 4 + 1]! > ry1 || bounds[k * 4 + 3]! < ry0) continue;
    const c = toScreen(linkCurve(scene.layout.cards, link), camera);
    const selected = selectedLinks.has(k);
    const soft = linkStyle(link.relationship) === 'soft';
    if (!full && !selected) {
      if (soft) softHairlines = addHairlineDashes(ck, softHairlines, c, dashClip);
      else addVisibleCurve((typedHairlines ??= new ck.PathBuilder()), c, dashClip);
      continue;
    }
    const paint = soft || full ? palette.stroke : palette.strokeCrisp;
    const colour = selected ? theme.linkHighlight : soft ? theme.linkSoft : theme.link;
    paint.setStrokeWidth(full || soft ? (selected ? 2 : 1.25 + link.relationship.strength * 0.75) * ctx.scale : 0);
    paint.setColor(palette.colour(colour));
    const builder = new ck.PathBuilder();
    if (soft) addDashes(builder, c, dashClip);
    else addCurve(builder, c);
    drawAndDelete(canvas, builder, paint);
    if (full) {
      palette.fill.setColor(palette.colour(colour));
      canvas.drawCircle(c.x1, c.y1, 2.5 * ctx.scale, palette.fill);
    }
  }
  palette.strokeCrisp.setStrokeWidth(0);
  if (typedHairlines) {
    palette.strokeCrisp.setColor(palette.colour(theme.link));
    drawAndDelete(canvas, typedHairlines, palette.strokeCrisp);
  }
  if (softHairlines || softSegments.length > 0) palette.strokeCrisp.setColor(palette.colour(theme.linkSoft));
  if (softHairlines) drawAndDelete(canvas, softHairlines, palette.strokeCrisp);
  if (softSegments.length > 0) canvas.drawPoints(ck.PointMode.Lines, softSegments.view(), palette.strokeCrisp);
}

/**
 * A non-anti-aliased hairline lights the pixel nearest the curve, so a dash
 * within a quarter pixel of its chord draws as the chord would (at most a
 * pixel here and there moves by one).
 */
const HAIRLINE_STRAIGHT_PX = 0.25;

/** Line segments (x0, y0, x1, y1 each) for one drawPoints call: ~9,500 dashes cost one call instead of two each. */
class SegmentBuffer {
  private data = new Float32Array(4096);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  push(x0: number, y0: number, x1: number, y1: number): void {
    if (this.length + 4 > this.data.length) {
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    d[this.length] = x0;
    d[this.length + 1] = y0;
    d[this.length + 2] = x1;
    d[this.length + 3] = y1;
    this.length += 4;
  }

  view(): Float32Array {
    return this.data.subarray(0, this.length);
  }
}

const softSegments = new SegmentBuffer();

/** Adds `c`'s dashes inside `clip` to the frame's soft hairlines: straight ones as segments, bent ones to `bent` (made when first needed, and returned). */
function addHairlineDashes(ck: PaintContext['ck'], bent: PathBuilder | null, c: CurvePoints, clip: Rect): PathBuilder | null {
  const dashes = softLinkDashes.dashes(c, clip);
  for (let d = 0; d < dashes.length; d += 8) {
    if (dashIsStraight(dashes, d, HAIRLINE_STRAIGHT_PX)) {
      softSegments.push(dashes[d]!, dashes[d + 1]!, dashes[d + 6]!, dashes[d + 7]!);
      continue;
    }
    bent ??= new ck.PathBuilder();
    bent.moveTo(dashes[d]!, dashes[d + 1]!);
    bent.cubicTo(dashes[d + 2]!, dashes[d + 3]!, dashes[d + 4]!, dashes[d + 5]!, dashes[d + 6]!, dashes[d + 7]!);
  }
  return bent;
}

const spanScratch: number[] = [];
const pieceScratch = emptyCurve();

/**
 * The parts of `c` that can show inside `clip`, as sub-curves: a link to a
 * far band is a cubic 50,000-300,000 px long, and a hairline of the whole
 * of it is flattened into segments end to end before any are clipped.
 */
function addVisibleCurve(builder: PathBuilder, c: CurvePoints, clip: Rect): void {
  const spans = visibleSpans(c, clip, spanScratch, pieceScratch);
  for (let k = 0; k < spans.length; k += 2) addCurve(builder, subCurve(c, spans[k]!, spans[k + 1]!, emptyCurveOut));
}

const emptyCurveOut = emptyCurve();

function addCurve(builder: PathBuilder, c: CurvePoints): void {
  builder.moveTo(c.x0, c.y0);
  builder.cubicTo(c.c1x, c.c1y, c.c2x, c.c2y, c.x1, c.y1);
}

/** The dashes of `c` that can show inside `clip`, each a line where it is straight (about half a cubic's cost to stroke). */
function addDashes(builder: PathBuilder, c: CurvePoints, clip: Rect): void {
  const dashes = softLinkDashes.dashes(c, clip);
  for (let d = 0; d < dashes.length; d += 8) {
    builder.moveTo(dashes[d]!, dashes[d + 1]!);
    // Off its chord by at most a fiftieth of a pixel: no anti-aliasing level tells them apart.
    if (dashIsStraight(dashes, d, 0.02)) builder.lineTo(dashes[d + 6]!, dashes[d + 7]!);
    else builder.cubicTo(dashes[d + 2]!, dashes[d + 3]!, dashes[d + 4]!, dashes[d + 5]!, dashes[d + 6]!, dashes[d + 7]!);
  }
}

function drawAndDelete(canvas: Canvas, builder: PathBuilder, paint: Paint): void {
  const path = builder.detachAndDelete();
  canvas.drawPath(path, paint);
  path.delete();
}

/** Milestones: a line down the thread's band and, at its top, a pill with the label. */
export function paintMilestones(ctx: PaintContext, region: Rect, part: 'lines' | 'labels' | 'both' = 'both'): void {
  const { ck, canvas, palette, camera, scene } = ctx;
  const s = ctx.scale;
  for (const m of scene.milestones) {
    const band = scene.layout.bands[m.band]!;
    const x = Math.round(camera.toScreenX(m.x));
    const y0 = Math.round(camera.toScreenY(band.y));
    const y1 = Math.round(camera.toScreenY(band.y + band.height));
    const colour = palette.threadColour(band);
    const ink = readableOn(colour);
    const label = ctx.text.get(`milestone:${ink}:${m.milestone.label}:${s}`, () => ({
      text: m.milestone.label,
      size: 11 * s,
      bold: true,
      colour: ink,
      width: 180 * s,
    }));
    const pillW = Math.ceil(label.getLongestLine()) + 14 * s;
    const pillH = Math.ceil(label.getHeight()) + 4 * s;
    const bounds = { x: x - 2 * s, y: y0, w: pillW + 4 * s, h: y1 - y0 };
    if (!intersects(bounds, region)) continue;
    if (part !== 'labels') {
      palette.fillCrisp.setColor(palette.colour(colour));
      canvas.drawRect(ck.XYWHRect(x - Math.floor(s / 2), y0, Math.max(1, Math.round(1.5 * s)), y1 - y0), palette.fillCrisp);
    }
    if (part === 'lines' || y1 - y0 < pillH + 4 * s) continue;
    const pillY = y0 + 4 * s;
    palette.fill.setColor(palette.colour(colour));
    canvas.drawRRect(ck.RRectXY(ck.XYWHRect(x, pillY, pillW, pillH), pillH / 2, pillH / 2), palette.fill);
    canvas.drawParagraph(label, x + 7 * s, pillY + 2 * s);
  }
}

/** The NOW marker: a line down the whole view at the current time. */
export function paintNowLine(ctx: PaintContext, region: Rect): void {
  const { ck, canvas, palette, camera, scene } = ctx;
  const x = Math.round(camera.toScreenX(scene.timeScale.xOf(ctx.nowMs)));
  const w = Math.max(2, Math.round(2 * ctx.scale));
  if (x + w < region.x || x - w > region.x + region.w) return;
  palette.fillCrisp.setColor(palette.colour(palette.theme.now));
  canvas.drawRect(ck.XYWHRect(x - Math.floor(w / 2), ctx.chrome.ruler.h, w, camera.heightPx), palette.fillCrisp);
}

/** Everything in a region at the card levels of detail: bands, grid, milestones, links, cards, NOW. */
export function paintContent(ctx: PaintContext, region: Rect): void {
  const { camera, scene } = ctx;
  paintBands(ctx, region, true);
  paintGridLines(ctx, region);
  // Milestone lines run under the cards; their labels sit on top.
  paintMilestones(ctx, region, 'lines');
  const worldRegion = camera.worldRectOf(region);
  paintLinks(ctx, region, worldRegion);
  // Cards overlapping the region, plus a margin for rings and shadows.
  const margin = 6 * ctx.scale;
  const grown = camera.worldRectOf({ x: region.x - margin, y: region.y - margin, w: region.w + 2 * margin, h: region.h + 2 * margin });
  scene.index.query(grown, (i) => paintCard(ctx, i));
  paintMilestones(ctx, region, 'labels');
  paintNowLine(ctx, region);
}

/** Dark text on light colours (yellow, light green), white on the rest. */
export function readableOn(css: string): string {
  const c = parseColour(css) ?? [0, 0, 0, 1];
  const luminance = (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255;
  return luminance > 0.62 ? 'rgba(0,0,0,0.8)' : '#ffffff';
}
