import type { Image } from 'canvaskit-wasm';
import { _, format, ngettext } from '../../core/index.js';
import { intersects, type Rect } from '../kernels/geometry.js';
import type { MinimapGeometry } from '../kernels/minimap.js';
import type { Scene } from '../kernels/scene.js';
import type { CanvasKitWithHeap } from './canvaskit.js';
import type { PaintContext } from './paint-context.js';
import type { Palette } from './palette.js';
import { rectXYWH, rrectXYWH } from './scratch-rects.js';
import { parseColour } from './theme.js';

/** The time ruler: labelled ticks, minor marks, and the "Now" pill. */
export function paintRuler(ctx: PaintContext, region: Rect): void {
  const { ck, canvas, palette, camera, scene, chrome } = ctx;
  const ruler = chrome.ruler;
  if (!intersects(ruler, region)) return;
  const theme = palette.theme;
  const s = ctx.scale;
  palette.fillCrisp.setColor(palette.colour(theme.ruler));
  canvas.drawRect(ck.XYWHRect(ruler.x, ruler.y, ruler.w, ruler.h), palette.fillCrisp);
  palette.fillCrisp.setColor(palette.colour(theme.border));
  canvas.drawRect(ck.XYWHRect(ruler.x, ruler.y + ruler.h - 1, ruler.w, 1), palette.fillCrisp);
  for (const tick of ctx.ticks.ticks) {
    const x = Math.round(camera.toScreenX(scene.timeScale.xOf(tick.ms)));
    if (x < ruler.x - 200 * s || x > ruler.x + ruler.w) continue;
    const h = Math.round((tick.major ? 10 : 5) * s);
    palette.fillCrisp.setColor(palette.colour(tick.major ? theme.dimText : theme.border));
    canvas.drawRect(ck.XYWHRect(x, ruler.y + ruler.h - h, Math.max(1, Math.round(s)), h), palette.fillCrisp);
    if (tick.major && tick.label) {
      const label = ctx.text.get(`tick:${theme.name}:${tick.label}:${s}`, () => ({ text: tick.label, size: 12 * s, colour: theme.dimText, width: 160 * s }));
      canvas.drawParagraph(label, x + 5 * s, ruler.y + 6 * s);
    }
  }
  const nowX = Math.round(camera.toScreenX(scene.timeScale.xOf(ctx.nowMs)));
  const nowLabel = ctx.text.get(`now:${theme.name}:${s}`, () => ({ text: _('Now'), size: 11 * s, bold: true, colour: '#ffffff', width: 80 * s }));
  const pillW = Math.ceil(nowLabel.getLongestLine()) + 14 * s;
  const pillH = Math.ceil(nowLabel.getHeight()) + 4 * s;
  if (nowX + pillW / 2 >= ruler.x && nowX - pillW / 2 <= ruler.x + ruler.w) {
    const y = ruler.y + ruler.h - pillH - 5 * s;
    palette.fill.setColor(palette.colour(theme.now));
    canvas.drawRRect(ck.RRectXY(ck.XYWHRect(nowX - pillW / 2, y, pillW, pillH), pillH / 2, pillH / 2), palette.fill);
    canvas.drawParagraph(nowLabel, nowX - pillW / 2 + 7 * s, y + 2 * s);
    palette.fillCrisp.setColor(palette.colour(theme.now));
    const w = Math.max(2, Math.round(2 * s));
    canvas.drawRect(ck.XYWHRect(nowX - Math.floor(w / 2), y + pillH, w, ruler.y + ruler.h - y - pillH), palette.fillCrisp);
  }
}

/** Thread labels down the left: a colour dot, the name and the document count, kept in view while the band is. */
export function paintGutter(ctx: PaintContext, region: Rect): void {
  const { ck, canvas, palette, camera, scene, chrome } = ctx;
  const gutter = chrome.gutter;
  if (!intersects(gutter, region)) return;
  const theme = palette.theme;
  const s = ctx.scale;
  canvas.save();
  canvas.clipRect(ck.XYWHRect(gutter.x, gutter.y, gutter.w, gutter.h), ck.ClipOp.Intersect, false);
  palette.fillCrisp.setColor(palette.colour(theme.gutter));
  canvas.drawRect(ck.XYWHRect(gutter.x, gutter.y, gutter.w, gutter.h), palette.fillCrisp);
  for (const band of scene.layout.bands) {
    const y0 = Math.round(camera.toScreenY(band.y));
    const y1 = Math.round(camera.toScreenY(band.y + band.height));
    if (y1 <= gutter.y || y0 >= gutter.y + gutter.h) continue;
    palette.fillCrisp.setColor(palette.colour(theme.border));
    canvas.drawRect(ck.XYWHRect(gutter.x, y1 - 1, gutter.w, 1), palette.fillCrisp);
    const height = y1 - y0;
    const colour = palette.threadColour(band);
    const textLeft = gutter.x + 30 * s;
    // Keys name what the text says; translating is left to the first frame that needs it (gettext is slow on a miss).
    const nameKey = band.thread?.name ? `n:${band.thread.name}` : 'unsorted';
    const nameText = ctx.text.get(`band:${theme.name}:${nameKey}:${s}:${gutter.w}`, () => ({ text: band.thread?.name || _('Unsorted'), size: 13 * s, bold: true, colour: theme.text, width: gutter.w - textLeft - 10 * s }));
    const lineH = nameText.getHeight();
    // Sticky: the label stays at the top of the visible part of its band.
    const top = Math.min(Math.max(y0, gutter.y) + 10 * s, y1 - lineH - 6 * s);
    if (height >= lineH + 8 * s) {
      palette.fill.setColor(palette.colour(colour));
      canvas.drawCircle(gutter.x + 17 * s, top + lineH / 2, 5 * s, palette.fill);
      canvas.drawParagraph(nameText, textLeft, top);
      if (height >= lineH * 2 + 20 * s) {
        const n = band.cardCount;
        const countText = ctx.text.get(`count:${theme.name}:${n}:${s}:${gutter.w}`, () => ({
          text: format(ngettext('{n} document', '{n} documents', n), { n }),
          size: 11 * s,
          colour: theme.dimText,
          width: gutter.w - textLeft - 10 * s,
        }));
        canvas.drawParagraph(countText, textLeft, top + lineH + 1 * s);
      }
    } else {
      // Too thin for text: a colour bar marks the band.
      palette.fillCrisp.setColor(palette.colour(colour));
      canvas.drawRect(ck.XYWHRect(gutter.x + 12 * s, y0 + 1, 4 * s, Math.max(1, height - 2)), palette.fillCrisp);
    }
  }
  canvas.restore();
  palette.fillCrisp.setColor(palette.colour(theme.border));
  canvas.drawRect(ck.XYWHRect(gutter.x + gutter.w - 1, gutter.y, 1, gutter.h), palette.fillCrisp);
}

/** The corner where the ruler meets the gutter. */
export function paintCorner(ctx: PaintContext, region: Rect): void {
  const { ck, canvas, palette, chrome } = ctx;
  const corner = { x: 0, y: 0, w: chrome.gutter.w, h: chrome.ruler.h };
  if (!intersects(corner, region)) return;
  const theme = palette.theme;
  const s = ctx.scale;
  palette.fillCrisp.setColor(palette.colour(theme.gutter));
  canvas.drawRect(ck.XYWHRect(corner.x, corner.y, corner.w, corner.h), palette.fillCrisp);
  palette.fillCrisp.setColor(palette.colour(theme.border));
  canvas.drawRect(ck.XYWHRect(corner.x, corner.h - 1, corner.w, 1), palette.fillCrisp);
  canvas.drawRect(ck.XYWHRect(corner.w - 1, 0, 1, corner.h), palette.fillCrisp);
  const title = ctx.text.get(`corner:${theme.name}:${s}`, () => ({ text: _('Threads'), size: 12 * s, bold: true, colour: theme.dimText, width: corner.w - 24 * s }));
  canvas.drawParagraph(title, 12 * s, (corner.h - title.getHeight()) / 2);
}

/** Where the minimap paints, its shadow included (a partial frame must repaint all of it). */
export function minimapPaintedBounds(box: Rect, scale: number): Rect {
  if (box.w <= 0 || box.h <= 0) return box;
  const margin = Math.ceil(scale) + 1;
  return { x: box.x - margin, y: box.y - margin, w: box.w + 2 * margin, h: box.h + Math.ceil(2 * scale) + 2 * margin };
}

/** The minimap: the whole workspace's density per band, and the visible part as an accent rectangle. */
export function paintMinimap(ctx: PaintContext, region: Rect, image: Image | null): void {
  const { ck, canvas, palette, camera, minimap, chrome } = ctx;
  if (!minimap || chrome.minimap.w <= 0 || !intersects(minimapPaintedBounds(chrome.minimap, ctx.scale), region)) return;
  const theme = palette.theme;
  const s = ctx.scale;
  const box = chrome.minimap;
  const radius = 10 * s;
  // The shadow shows only around the opaque box: leave the box's core out of it (blending it there cost more than the rest of the minimap).
  canvas.save();
  canvas.clipRect(rectXYWH(box.x + Math.ceil(radius), box.y + 1, box.w - 2 * Math.ceil(radius), box.h - 2), ck.ClipOp.Difference, false);
  palette.fill.setColor(palette.colour(theme.shadow));
  canvas.drawRRect(rrectXYWH(box.x - s, box.y, box.w + 2 * s, box.h + 2 * s, radius), palette.fill);
  canvas.restore();
  palette.fill.setColor(palette.colour(theme.minimap));
  canvas.drawRRect(ck.RRectXY(ck.XYWHRect(box.x, box.y, box.w, box.h), radius, radius), palette.fill);
  palette.stroke.setStrokeWidth(1);
  palette.stroke.setColor(palette.colour(theme.border));
  canvas.drawRRect(ck.RRectXY(ck.XYWHRect(box.x + 0.5, box.y + 0.5, box.w - 1, box.h - 1), radius, radius), palette.stroke);
  if (image) canvas.drawImage(image, minimap.inner.x, minimap.inner.y);
  const nowX = minimap.toMapX(ctx.scene.timeScale.xOf(ctx.nowMs));
  if (nowX >= minimap.inner.x && nowX <= minimap.inner.x + minimap.inner.w) {
    palette.fillCrisp.setColor(palette.colour(theme.now));
    canvas.drawRect(ck.XYWHRect(Math.round(nowX), minimap.inner.y, Math.max(1, Math.round(s)), minimap.inner.h), palette.fillCrisp);
  }
  const view = minimap.viewportRect(camera.visibleWorld(), 4 * s);
  const accent = palette.ordered(parseColour(theme.accent) ?? [53, 132, 228, 1]);
  palette.fill.setColor(ck.Color(accent[0], accent[1], accent[2], 0.14));
  canvas.drawRRect(ck.RRectXY(ck.XYWHRect(view.x, view.y, view.w, view.h), 3 * s, 3 * s), palette.fill);
  palette.stroke.setStrokeWidth(1.5 * s);
  palette.stroke.setColor(palette.colour(theme.accent));
  canvas.drawRRect(ck.RRectXY(ck.XYWHRect(view.x, view.y, view.w, view.h), 3 * s, 3 * s), palette.stroke);
}

/**
 * The minimap's content as an image, built once per scene, theme and size:
 * each band's documents counted per column and drawn in the thread's colour.
 */
export function buildMinimapImage(ck: CanvasKitWithHeap, scene: Scene, palette: Palette, minimap: MinimapGeometry): Image | null {
  const w = Math.max(1, Math.floor(minimap.inner.w));
  const h = Math.max(1, Math.floor(minimap.inner.h));
  const { cards, bands } = scene.layout;
  const counts = new Float32Array(bands.length * w);
  for (let i = 0; i < cards.count; i++) {
    const col = Math.floor(minimap.toMapX(cards.x[i]! + cards.w[i]! / 2) - minimap.inner.x);
    if (col >= 0 && col < w) counts[cards.band[i]! * w + col]! += 1;
  }
  let max = 0;
  for (const v of counts) max = Math.max(max, v);
  const pixels = new Uint8Array(w * h * 4);
  // Written as the frame stores pixels (the image is copied as it is).
  const bg = palette.ordered(parseColour(palette.theme.minimap) ?? [255, 255, 255, 1]);
  for (const band of bands) {
    const ink = palette.ordered(parseColour(palette.threadColour(band)) ?? [128, 128, 128, 1]);
    const r0 = Math.floor(minimap.toMapY(band.y) - minimap.inner.y);
    const r1 = Math.max(r0 + 1, Math.floor(minimap.toMapY(band.y + band.height) - minimap.inner.y));
    for (let col = 0; col < w; col++) {
      const v = counts[band.index * w + col]!;
      const a = v <= 0 ? 0.06 : 0.25 + 0.75 * Math.sqrt(v / Math.max(max, 1));
      for (let row = Math.max(0, r0); row < Math.min(h, r1 - (r1 - r0 > 2 ? 1 : 0)); row++) {
        const o = (row * w + col) * 4;
        pixels[o] = bg[0] + (ink[0] - bg[0]) * a;
        pixels[o + 1] = bg[1] + (ink[1] - bg[1]) * a;
        pixels[o + 2] = bg[2] + (ink[2] - bg[2]) * a;
        pixels[o + 3] = 255;
      }
    }
  }
  // Rows no band covers keep the box's own colour.
  for (let o = 0; o < pixels.length; o += 4) {
    if (pixels[o + 3] === 0) {
      pixels[o] = bg[0];
      pixels[o + 1] = bg[1];
      pixels[o + 2] = bg[2];
      pixels[o + 3] = 255;
    }
  }
  // Every pixel is opaque: said so, the image is copied row by row instead of blended.
  return ck.MakeImage({ width: w, height: h, colorType: ck.ColorType.RGBA_8888, alphaType: ck.AlphaType.Opaque, colorSpace: ck.ColorSpace.SRGB }, pixels, w * 4);
}
