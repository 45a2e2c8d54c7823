import type { Image } from 'canvaskit-wasm';
import type { Camera } from '../kernels/camera.js';
import type { Chrome } from '../kernels/chrome.js';
import { planFrame, type FrameKey } from '../kernels/frame-plan.js';
import { containsRect, intersects, type Rect } from '../kernels/geometry.js';
import type { Lod } from '../kernels/level-of-detail.js';
import { curveBounds, linkCurve } from '../kernels/links.js';
import type { MinimapGeometry } from '../kernels/minimap.js';
import { rulerTicks } from '../kernels/ruler-ticks.js';
import type { Scene } from '../kernels/scene.js';
import { DAY_MS, WORLD_PER_DAY } from '../kernels/time-scale.js';
import { loadCanvasKit, type CanvasKitWithHeap } from './canvaskit.js';
import { CardRasters } from './card-rasters.js';
import { ChromeRasters } from './chrome-rasters.js';
import { buildMinimapImage, minimapPaintedBounds, paintCorner, paintGutter, paintMinimap, paintRuler } from './chrome-painter.js';
import { paintBands, paintContent, paintMilestones, paintNowLine } from './content-painter.js';
import { DensityPainter } from './density-painter.js';
import { loadSystemFonts, type FontSet } from './fonts.js';
import { cardScreenRect, type Highlights, type IngestFrame, type PaintContext } from './paint-context.js';
import { Palette } from './palette.js';
import type { PixelOrder } from './pixel-order.js';
import { PixelSurface } from './pixel-surface.js';
import { rectXYWH } from './scratch-rects.js';
import { ShapeCache } from './shape-cache.js';
import { TextCache } from './text-cache.js';
import { ThumbnailImages } from './thumbnail-images.js';
import type { CanvasTheme } from './theme.js';

/**
 * New card texts a frame of a zoom in motion may lay out: two cards' title
 * and subtitle, ~1 ms on this CPU (shaping one costs ~0.1-0.4 ms).
 */
const TEXTS_PER_MOVING_FRAME = 4;

/** Everything a frame shows, decided by the controller. */
export interface FrameInput {
  scene: Scene;
  /** Bumped by the controller whenever the scene's drawn content changes (data, a dragged card). */
  sceneVersion: number;
  camera: Camera;
  chrome: Chrome;
  minimap: MinimapGeometry | null;
  lod: Lod;
  highlights: Highlights;
  nowMs: number;
  /** The card morphing from imported to owned (Make It Mine); the controller bumps sceneVersion every frame it runs. */
  ingest?: IngestFrame | null;
  /** The camera's animation ended with this frame: it is drawn whole, every title laid out. */
  cameraLanded?: boolean;
}

export type FrameOutcome = 'unchanged' | 'partial' | 'full';

/**
 * Draws frames into a pixel buffer in the WASM heap. A pan reuses the last
 * frame: the pixels are shifted by the whole-pixel camera move and only the
 * exposed strips and the screen-fixed chrome are redrawn. Zoomed out, the
 * density map is written by JS straight into the buffer.
 */
export class CanvasRenderer {
  readonly surface: PixelSurface;
  /** Image documents' card thumbnails, decoded as they arrive. */
  readonly thumbnails: ThumbnailImages;
  private readonly text: TextCache;
  private readonly shapes: ShapeCache;
  private readonly cardRasters: CardRasters;
  private readonly chromeRasters: ChromeRasters;
  private palette: Palette;
  private readonly density = new DensityPainter();
  private previousKey: FrameKey | null = null;
  private previousContent = '';
  private contentVersion = 0;
  private previousHighlights: Highlights = { selected: -1, hovered: -1, highlighted: -1 };
  private minimapImage: Image | null = null;
  private minimapKey = '';
  /** The camera's scale at the last frame, and whether it had changed since the frame before. */
  private lastScale = '';
  private scaleWasChanging = false;
  private textPending = false;
  /** Screen rects the last frame highlighted (to repaint when the highlight moves). */
  lastOutcome: FrameOutcome = 'unchanged';

  static async create(theme: CanvasTheme): Promise<CanvasRenderer> {
    const ck = await loadCanvasKit();
    return new CanvasRenderer(ck, loadSystemFonts(ck), theme);
  }

  constructor(
    private readonly ck: CanvasKitWithHeap,
    private readonly fonts: FontSet,
    theme: CanvasTheme,
  ) {
    this.surface = new PixelSurface(ck);
    this.text = new TextCache(ck, fonts);
    this.shapes = new ShapeCache(ck);
    this.cardRasters = new CardRasters(ck);
    this.chromeRasters = new ChromeRasters(ck);
    this.thumbnails = new ThumbnailImages(ck);
    this.palette = new Palette(ck, theme);
  }

  get theme(): CanvasTheme {
    return this.palette.theme;
  }

  setTheme(theme: CanvasTheme): void {
    if (theme === this.palette.theme) return;
    this.palette.delete();
    this.palette = new Palette(this.ck, theme, this.palette.order);
    this.cardRasters.clear();
    this.chromeRasters.clear();
    this.previousKey = null;
  }

  /** The byte order of pixels(): RGBA unless a presenter asked for BGRA (see pixel-order.ts). */
  get pixelOrder(): PixelOrder {
    return this.palette.order;
  }

  /**
   * Draws the frames from the next one on in `order`. Every colour made for
   * the old order goes with it: paragraphs, rasters, the minimap image.
   */
  setPixelOrder(order: PixelOrder): void {
    if (order === this.palette.order) return;
    const theme = this.palette.theme;
    this.palette.delete();
    this.palette = new Palette(this.ck, theme, order);
    this.text.setPixelOrder(order);
    this.cardRasters.clear();
    this.chromeRasters.clear();
    this.previousKey = null;
  }

  resize(widthPx: number, heightPx: number): void {
    if (this.surface.resize(widthPx, heightPx)) this.previousKey = null;
  }

  get widthPx(): number {
    return this.surface.widthPx;
  }

  get heightPx(): number {
    return this.surface.heightPx;
  }

  /** A fresh view of the frame's premultiplied pixels, in pixelOrder; take a new one each frame. */
  pixels(): Uint8Array {
    return this.surface.bytes();
  }

  /**
   * Whether the last frame left card titles for later (a zoom in motion):
   * the controller then asks for one more frame, which draws them.
   */
  get incomplete(): boolean {
    return this.textPending;
  }

  /** Forgets the last frame, so the next one is drawn whole. */
  invalidate(): void {
    this.previousKey = null;
  }

  /** Draws the frame; returns what it did ('unchanged' when nothing visible changed). */
  render(input: FrameInput): FrameOutcome {
    const { camera, scene } = input;
    this.resize(camera.widthPx, camera.heightPx);
    const nowX = Math.round(scene.timeScale.xOf(input.nowMs) * camera.kx);
    const contentKey = `${input.sceneVersion}|${this.palette.theme.name}|${this.palette.order}|${input.lod}|${nowX}`;
    if (contentKey !== this.previousContent) {
      this.previousContent = contentKey;
      this.contentVersion++;
    }
    const key: FrameKey = {
      widthPx: camera.widthPx,
      heightPx: camera.heightPx,
      kx: camera.kx,
      ky: camera.ky,
      leftPx: camera.leftPx,
      topPx: camera.topPx,
      contentVersion: this.contentVersion,
    };
    this.text.beginFrame(this.textAllowance(camera, input.cameraLanded === true));
    // The cards drawn with stand-in titles last frame get their letters now.
    if (this.textPending) this.previousKey = null;
    const ctx = this.paintContext(input);
    const highlightRects = this.highlightChanges(ctx, input.highlights);
    const chromeRects: Rect[] = [input.chrome.ruler, input.chrome.gutter, minimapPaintedBounds(input.chrome.minimap, camera.scale)];
    let plan = planFrame(this.previousKey, key, chromeRects, highlightRects);
    if (input.lod === 'density' && plan.kind === 'partial' && (plan.shiftX !== 0 || plan.shiftY !== 0 || plan.rects.length > 0)) plan = { kind: 'full' };
    this.previousKey = key;
    this.previousHighlights = { ...input.highlights };
    if (plan.kind === 'partial' && plan.shiftX === 0 && plan.shiftY === 0 && plan.rects.length === 0) {
      this.lastOutcome = 'unchanged';
      return 'unchanged';
    }
    this.ensureMinimap(input);
    this.chromeRasters.beginFrame();
    const canvas = ctx.canvas;
    const full: Rect = { x: 0, y: 0, w: camera.widthPx, h: camera.heightPx };
    if (plan.kind === 'full') {
      if (input.lod === 'density') {
        this.density.paint(ctx, this.surface, this.contentVersion);
        paintBands(ctx, full, false);
        paintMilestones(ctx, full);
        paintNowLine(ctx, full);
      } else {
        paintContent(ctx, full);
      }
      this.paintChrome(ctx, full);
    } else {
      this.surface.shift(plan.shiftX, plan.shiftY);
      // The ruler and gutter are opaque: content under them would be painted over at once.
      const opaqueChrome = [input.chrome.ruler, input.chrome.gutter];
      for (const region of plan.rects) {
        canvas.save();
        canvas.clipRect(rectXYWH(region.x, region.y, region.w, region.h), this.ck.ClipOp.Intersect, false);
        if (!opaqueChrome.some((chrome) => containsRect(chrome, region))) paintContent(ctx, region);
        this.paintChrome(ctx, region);
        canvas.restore();
      }
    }
    this.surface.surface.flush();
    this.textPending = this.text.pending;
    this.lastOutcome = plan.kind;
    return plan.kind;
  }

  /**
   * How many new card texts this frame may lay out: all it needs, unless
   * the zoom changed this frame and the one before (a zoom in motion:
   * animated, a pinch, a run of wheel steps). A zoom out brings a dozen
   * cards into view a frame, each with a title and a subtitle to shape, a
   * third of such a frame; the rest are drawn as stand-ins that frame. A
   * single jump (go to a document, fit all) and the last frame of an
   * animation land with every title.
   */
  private textAllowance(camera: Camera, landed: boolean): number {
    const scale = `${camera.kx}|${camera.ky}`;
    const changing = this.lastScale !== '' && scale !== this.lastScale;
    const moving = changing && this.scaleWasChanging;
    this.lastScale = scale;
    this.scaleWasChanging = changing;
    return moving && !landed ? TEXTS_PER_MOVING_FRAME : Infinity;
  }

  /**
   * The ruler, gutter, corner and minimap over `region`. The keys name what
   * each part's pixels depend on: the content (contentVersion: the scene,
   * the theme, the NOW line's pixel), the camera along the part's axis, and
   * its box; the minimap also the whole view and its own NOW pixel.
   */
  private paintChrome(ctx: PaintContext, region: Rect): void {
    const { camera, chrome, scale } = ctx;
    const base = `${this.contentVersion}|${scale}`;
    if (intersects(chrome.ruler, region)) {
      this.chromeRasters.paint(ctx, 'ruler', `${base}|${camera.kx}|${camera.leftPx}|${rectKey(chrome.ruler)}`, chrome.ruler, wholeBox(chrome.ruler), (on) => paintRuler(on, chrome.ruler));
    }
    if (intersects(chrome.gutter, region)) {
      this.chromeRasters.paint(ctx, 'gutter', `${base}|${camera.ky}|${camera.topPx}|${rectKey(chrome.gutter)}`, chrome.gutter, wholeBox(chrome.gutter), (on) => paintGutter(on, chrome.gutter));
    }
    paintCorner(ctx, region);
    const minimap = ctx.minimap;
    const painted = minimapPaintedBounds(chrome.minimap, scale);
    if (minimap && chrome.minimap.w > 0 && intersects(painted, region)) {
      const mapNowX = Math.round(minimap.toMapX(ctx.scene.timeScale.xOf(ctx.nowMs)));
      const key = `${base}|${this.minimapKey}|${camera.kx}|${camera.ky}|${camera.leftPx}|${camera.topPx}|${camera.widthPx}x${camera.heightPx}|${mapNowX}|${rectKey(painted)}`;
      // The box's opaque middle: its rounded corners and shadow are blended.
      const inset = Math.ceil(10 * scale);
      const core = { x: chrome.minimap.x - painted.x + inset, y: chrome.minimap.y - painted.y + 1, w: chrome.minimap.w - 2 * inset, h: chrome.minimap.h - 2 };
      this.chromeRasters.paint(ctx, 'minimap', key, painted, core.w > 0 && core.h > 0 ? core : null, (on) => paintMinimap(on, painted, this.minimapImage));
    }
  }

  private paintContext(input: FrameInput): PaintContext {
    const { camera, scene } = input;
    const visible = camera.visibleWorld();
    const startMs = scene.timeScale.msOf(visible.x - 4 * WORLD_PER_DAY * 30);
    const endMs = scene.timeScale.msOf(visible.x + visible.w);
    const pxPerMs = (camera.kx * WORLD_PER_DAY) / DAY_MS;
    const ticks = rulerTicks(scene.timeScale, startMs, endMs, pxPerMs, { minLabelSpacingPx: 96 * camera.scale, minMinorSpacingPx: 10 * camera.scale });
    const visibleLinks = new Set<number>();
    if (input.lod !== 'density' && scene.links.length > 0) {
      scene.index.query(visible, (i) => {
        for (const k of scene.linksOfCard.get(i) ?? []) visibleLinks.add(k);
      });
    }
    return {
      visibleLinks: [...visibleLinks].sort((a, b) => a - b),
      ck: this.ck,
      canvas: this.surface.surface.getCanvas(),
      scene,
      camera,
      chrome: input.chrome,
      minimap: input.minimap,
      palette: this.palette,
      text: this.text,
      shapes: this.shapes,
      cardRasters: this.cardRasters,
      thumbnails: this.thumbnails,
      ingest: input.ingest ?? null,
      lod: input.lod,
      ticks,
      highlights: input.highlights,
      nowMs: input.nowMs,
      scale: camera.scale,
      lookPrefix: `${this.palette.theme.name}|${this.palette.order}|${camera.kx}|${camera.ky}|${camera.zoom}|${camera.scale}`,
    };
  }

  /** Screen rects to repaint because a card's selection, hover or highlight changed (with its links). */
  private highlightChanges(ctx: PaintContext, next: Highlights): Rect[] {
    const prev = this.previousHighlights;
    const changed = new Set<number>();
    for (const k of ['selected', 'hovered', 'highlighted'] as const) {
      if (prev[k] !== next[k]) {
        if (prev[k] >= 0) changed.add(prev[k]);
        if (next[k] >= 0) changed.add(next[k]);
      }
    }
    const rects: Rect[] = [];
    const margin = 8 * ctx.scale;
    const count = ctx.scene.layout.cards.count;
    for (const i of changed) {
      if (i >= count) continue;
      const r = cardScreenRect(ctx, i);
      rects.push({ x: r.x - margin, y: r.y - margin, w: r.w + 2 * margin, h: r.h + 2 * margin });
    }
    if (prev.selected !== next.selected) {
      for (const card of [prev.selected, next.selected]) {
        for (const k of ctx.scene.linksOfCard.get(card) ?? []) {
          const b = curveBounds(linkCurve(ctx.scene.layout.cards, ctx.scene.links[k]!));
          const x0 = ctx.camera.toScreenX(b.x) - margin;
          const y0 = ctx.camera.toScreenY(b.y) - margin;
          rects.push({ x: x0, y: y0, w: b.w * ctx.camera.kx + 2 * margin, h: b.h * ctx.camera.ky + 2 * margin });
        }
      }
    }
    return rects;
  }

  private ensureMinimap(input: FrameInput): void {
    const m = input.minimap;
    const key = m ? `${input.sceneVersion}|${this.palette.theme.name}|${this.palette.order}|${m.inner.w}x${m.inner.h}` : '';
    if (key === this.minimapKey) return;
    this.minimapKey = key;
    this.minimapImage?.delete();
    this.minimapImage = m ? buildMinimapImage(this.ck, input.scene, this.palette, m) : null;
  }

  delete(): void {
    this.minimapImage?.delete();
    this.text.clear();
    this.shapes.clear();
    this.cardRasters.delete();
    this.chromeRasters.delete();
    this.thumbnails.clear();
    this.palette.delete();
    this.surface.delete();
    this.fonts.provider.delete();
  }
}

function rectKey(r: Rect): string {
  return `${r.x},${r.y},${r.w},${r.h}`;
}

/** All of a box, relative to itself. */
function wholeBox(r: Rect): Rect {
  return { x: 0, y: 0, w: r.w, h: r.h };
}
