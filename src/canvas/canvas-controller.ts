import type { CardPosition } from '../store/records.js';
import { EventBus, SovereignError, format, _ } from '../core/index.js';
import { EMPTY_CANVAS_DATA, type CanvasData } from './canvas-data.js';
import { Camera, type Viewport } from './kernels/camera.js';
import { intersects } from './kernels/geometry.js';
import { chromeLayout, type Chrome } from './kernels/chrome.js';
import { hitTest, type Hit } from './kernels/hit-test.js';
import { advanceIngest, ingestProgress } from './kernels/ingest-morph.js';
import { CARD_HEIGHT } from './kernels/layout.js';
import { chooseLod, COMPACT_CARD_LIMIT, type Lod } from './kernels/level-of-detail.js';
import { linkStyle, type LinkStyle } from './kernels/links.js';
import { MinimapGeometry, minimapWorld } from './kernels/minimap.js';
import { buildScene, type Scene } from './kernels/scene.js';
import { documentViewport, fitAllViewport, nowViewport, threadViewport, timeRangeViewport } from './kernels/viewports.js';
import type { IngestFrame } from './render/paint-context.js';
import type { PixelOrder } from './render/pixel-order.js';
import { CanvasRenderer } from './render/renderer.js';
import { CardDrag } from './card-drag.js';
import { cardNearestCentre, neighbourCard, type Direction } from './card-neighbours.js';
import type { ThumbnailState } from './render/thumbnail-images.js';
import { themeNamed, type ThemeName } from './render/theme.js';

export interface CanvasEvents extends Record<string, unknown> {
  /** A card was opened (double click, Enter). */
  cardActivated: { documentId: string };
  /** A person dropped a dragged card: the adapter writes the position through the store. */
  cardMoved: { documentId: string; position: CardPosition };
  viewportChanged: Viewport;
  selectionChanged: { documentId: string | null };
  /**
   * The next frames will differ from the last (see `animating`): sent when
   * an animation starts and after each frame drawn while one runs, so a
   * view can draw frames for as long as something moves and no longer.
   */
  animating: null;
}

export type { Direction } from './card-neighbours.js';

/** A rectangle in logical pixels of the canvas widget. */
export interface ScreenRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type { ThumbnailState };

/** The last Make It Mine morph: its card and the progress (0 to 1) of every frame that drew it. */
export interface IngestState {
  documentId: string;
  frames: readonly number[];
  finished: boolean;
}

/**
 * How long a requested morph waits for its card: the copy reaches the
 * canvas with the workspace's next change notification, normally within a
 * frame or two; a card that has not come by then is not coming.
 */
const INGEST_WAIT_MS = 5000;

export interface CanvasControllerOptions {
  theme?: ThemeName;
  /** The clock for NOW and animations (fixed in tests and golden images). */
  now?: () => number;
  utcOffsetMinutes?: number;
}

const ZOOM_STEP = 1.25;

export async function createCanvasController(options: CanvasControllerOptions = {}): Promise<CanvasController> {
  const renderer = await CanvasRenderer.create(themeNamed(options.theme ?? 'light'));
  return new CanvasController(renderer, options);
}

/**
 * The canvas as the UI (and the CLI) drive it. Screen coordinates are
 * logical pixels of the widget; the pixel buffer is in device pixels.
 * Kernels keep the geometry and state, the renderer draws the pixels.
 */
export class CanvasController {
  readonly events = new EventBus<CanvasEvents>();
  private readonly camera = new Camera(800, 500, 1);
  private readonly now: () => number;
  private readonly utcOffsetMinutes: number;
  private scene: Scene;
  private sceneVersion = 0;
  private chrome: Chrome;
  private minimap: MinimapGeometry | null = null;
  private selected = -1;
  private hovered = -1;
  private highlighted = -1;
  private drag: CardDrag | null = null;
  private lastViewport: Viewport | null = null;
  private currentLod: Lod = 'full';
  private fitted = false;
  /** Whether the camera is still the overview fitAll chose, untouched by the person. */
  private autoFitted = false;
  /**
   * The document the camera was last sent to, and the part of the canvas it
   * was to land in, until the camera is moved otherwise: when the canvas
   * changes size meanwhile (the first note of an empty workspace is
   * navigated to before the canvas replaces the welcome page) the card is
   * placed again for the new size.
   */
  private heldDocument: { id: string; free: ScreenRect | undefined } | null = null;
  private ingestRun: { documentId: string; requestedAt: number; revealed: boolean; lastFrameAt: number | null; elapsedMs: number; frames: number[]; finished: boolean } | null = null;

  constructor(
    private readonly renderer: CanvasRenderer,
    options: CanvasControllerOptions = {},
  ) {
    this.now = options.now ?? (() => Date.now());
    this.utcOffsetMinutes = options.utcOffsetMinutes ?? 0;
    this.scene = buildScene(EMPTY_CANVAS_DATA, { nowMs: this.now(), utcOffsetMinutes: this.utcOffsetMinutes });
    this.chrome = chromeLayout(800, 500, 1);
    this.updateGeometry();
  }

  setData(data: CanvasData): void {
    const selectedId = this.selectedId;
    const highlightedId = this.highlighted >= 0 ? this.docId(this.highlighted) : null;
    this.scene = buildScene(data, { nowMs: this.now(), utcOffsetMinutes: this.utcOffsetMinutes });
    this.sceneVersion++;
    this.selected = this.indexOf(selectedId);
    this.highlighted = this.indexOf(highlightedId);
    this.hovered = -1;
    this.drag = null;
    this.renderer.thumbnails.keepOnly(new Set(data.documents.map((doc) => doc.id)));
    this.updateGeometry();
    if (!this.fitted) this.fitAll();
  }

  setTheme(theme: ThemeName): void {
    this.renderer.setTheme(themeNamed(theme));
  }

  resize(widthPx: number, heightPx: number, scale: number): void {
    const viewport = this.camera.viewport;
    this.camera.resize(widthPx, heightPx, scale);
    this.chrome = chromeLayout(this.camera.widthPx, this.camera.heightPx, this.camera.scale);
    this.updateGeometry();
    // The first data usually arrives before the widget has its size: an
    // overview fitted to the default size would be a strip in a big window.
    const held = this.heldDocument;
    if (this.autoFitted) this.fitAll();
    else if (held && this.indexOf(held.id) >= 0) this.navigateToDocument(held.id, held.free ? { free: held.free } : {});
    else this.camera.setViewport(viewport);
  }

  /** Draws the next frame if anything changed; returns whether the pixels changed. */
  render(): boolean {
    const nowMs = this.now();
    const wasAnimating = this.camera.animating;
    this.camera.step(nowMs);
    const viewport = this.camera.viewport;
    if (!this.lastViewport || viewport.centerX !== this.lastViewport.centerX || viewport.centerY !== this.lastViewport.centerY || viewport.zoom !== this.lastViewport.zoom) {
      this.lastViewport = viewport;
      this.events.emit('viewportChanged', viewport);
    }
    const ingest = this.ingestFrame(nowMs);
    this.currentLod = this.computeLod();
    const outcome = this.renderer.render({
      scene: this.scene,
      sceneVersion: this.sceneVersion,
      camera: this.camera,
      chrome: this.chrome,
      minimap: this.minimap,
      lod: this.currentLod,
      highlights: { selected: this.selected, hovered: this.hovered, highlighted: this.highlighted },
      nowMs,
      ingest,
      cameraLanded: wasAnimating && !this.camera.animating,
    });
    if (this.animating) this.events.emit('animating', null);
    return outcome !== 'unchanged';
  }

  /** Premultiplied pixels over the WASM heap, in pixelOrder; take a fresh view after every render (views go stale). */
  pixels(): Uint8Array {
    return this.renderer.pixels();
  }

  /** The byte order of pixels(): 'rgba' unless setPixelOrder asked for 'bgra'. */
  get pixelOrder(): PixelOrder {
    return this.renderer.pixelOrder;
  }

  /** Draws the next frames in `order` (cairo takes BGRA; GL and textures RGBA). */
  setPixelOrder(order: PixelOrder): void {
    this.renderer.setPixelOrder(order);
  }

  get widthPx(): number {
    return this.camera.widthPx;
  }

  get heightPx(): number {
    return this.camera.heightPx;
  }

  get lod(): Lod {
    return this.computeLod();
  }

  /** Whether the next frame will differ from the last: a camera or Make It Mine animation runs, or titles a zoom left for later wait to be drawn. */
  get animating(): boolean {
    const run = this.ingestRun;
    return this.camera.animating || (run !== null && !run.finished && this.indexOf(run.documentId) >= 0) || this.renderer.incomplete;
  }

  /** How many cards the content area shows (counted up to 10,000). */
  get cardsInView(): number {
    return this.scene.index.count(this.camera.worldRectOf(this.chrome.content), 10_000);
  }

  /** Forgets the last frame so the next render draws everything (after the GL texture was lost, or to measure). */
  invalidate(): void {
    this.renderer.invalidate();
  }

  panBy(dx: number, dy: number): void {
    this.autoFitted = false;
    this.heldDocument = null;
    this.camera.panBy(dx * this.camera.scale, dy * this.camera.scale);
  }

  zoomAt(screenX: number, screenY: number, factor: number): void {
    this.autoFitted = false;
    this.heldDocument = null;
    this.camera.zoomAt(screenX * this.camera.scale, screenY * this.camera.scale, factor);
  }

  zoomIn(): void {
    this.zoomAboutCentre(ZOOM_STEP);
  }

  zoomOut(): void {
    this.zoomAboutCentre(1 / ZOOM_STEP);
  }

  goToNow(options: { animate?: boolean } = {}): void {
    this.autoFitted = false;
    this.show(nowViewport(this.camera, this.chrome, this.scene.timeScale.xOf(this.now())), options);
  }

  /** Shows a time span across the content area, keeping the vertical position. */
  showTimeRange(fromMs: number, toMs: number, options: { animate?: boolean } = {}): void {
    const x0 = this.scene.timeScale.xOf(fromMs);
    const x1 = this.scene.timeScale.xOf(Math.max(toMs, fromMs + 1));
    this.show(timeRangeViewport(this.camera, this.chrome, this.scene.layout.bounds, x0, x1), options);
    this.fitted = true;
    this.autoFitted = false;
  }

  fitAll(options: { animate?: boolean } = {}): void {
    const viewport = fitAllViewport(this.camera, this.chrome, this.scene.layout.bounds);
    this.fitted = this.scene.layout.cards.count > 0;
    this.show(viewport, options);
    // Until the person moves the camera, the overview follows the window's size.
    this.autoFitted = options.animate !== true;
  }

  hitTest(x: number, y: number): Hit {
    return hitTest(this.scene, this.camera, this.chrome, this.minimap, this.computeLod(), x * this.camera.scale, y * this.camera.scale);
  }

  hoverAt(x: number, y: number): Hit {
    const hit = this.hitTest(x, y);
    this.hovered = hit.kind === 'card' ? hit.card : -1;
    return hit;
  }

  clearHover(): void {
    this.hovered = -1;
  }

  select(documentId: string | null): void {
    this.setSelected(this.indexOf(documentId));
  }

  get selectedId(): string | null {
    return this.selected >= 0 ? this.docId(this.selected) : null;
  }

  get hoveredId(): string | null {
    return this.hovered >= 0 ? this.docId(this.hovered) : null;
  }

  /** Selects the neighbour of the selected card (or the card nearest the centre) and brings it into view. */
  selectNeighbour(direction: Direction): string | null {
    const next = this.selected < 0 ? cardNearestCentre(this.scene, this.camera, this.chrome.content) : neighbourCard(this.scene, this.selected, direction);
    if (next < 0) return this.selectedId;
    this.setSelected(next);
    this.reveal(next);
    return this.docId(next);
  }

  selectNext(): string | null {
    return this.selectNeighbour('right');
  }

  selectPrevious(): string | null {
    return this.selectNeighbour('left');
  }

  activateSelected(): void {
    if (this.selected >= 0) this.events.emit('cardActivated', { documentId: this.docId(this.selected) });
  }

  /** Handles a primary click: selects a card, jumps through the minimap, or selects a thread's first card. */
  clickAt(x: number, y: number, options: { double?: boolean } = {}): Hit {
    const hit = this.hitTest(x, y);
    switch (hit.kind) {
      case 'card':
        this.setSelected(hit.card);
        if (options.double) this.events.emit('cardActivated', { documentId: hit.documentId });
        break;
      case 'minimap':
        this.animateTo({ ...this.camera.target, centerX: hit.worldX, centerY: hit.worldY });
        break;
      case 'thread-label':
        this.zoomToThread(hit.threadId, { animate: true });
        break;
      case 'band':
        if (this.computeLod() === 'density') this.zoomAboutPoint(x * this.camera.scale, y * this.camera.scale, 4);
        else this.setSelected(-1);
        break;
      default:
        break;
    }
    return hit;
  }

  /** Grabs the card under (x, y), if any, to drag it (see CardDrag); returns whether there was one. */
  beginDrag(x: number, y: number): boolean {
    const hit = this.hitTest(x, y);
    if (hit.kind !== 'card') return false;
    this.drag = CardDrag.grab(this.scene, this.camera, hit.card, x * this.camera.scale, y * this.camera.scale);
    this.setSelected(hit.card);
    return true;
  }

  dragTo(x: number, y: number): void {
    if (this.drag?.moveTo(this.scene, this.camera, x * this.camera.scale, y * this.camera.scale)) this.sceneVersion++;
  }

  /** Drops the dragged card: lays out again with it placed and asks the adapter (cardMoved) to store where. */
  endDrag(): void {
    const drop = this.drag?.drop(this.scene);
    this.drag = null;
    if (!drop) return;
    // Lay out again with the card placed, so its band grows to hold it even before the store answers.
    const documents = this.scene.data.documents.map((doc) => (doc.id === drop.documentId ? { ...doc, position: drop.position } : doc));
    this.setData({ ...this.scene.data, documents });
    this.events.emit('cardMoved', drop);
  }

  /**
   * Selects a document's card and brings it to the middle of the canvas, or
   * of `free` (logical pixels of the widget): the part that panels over the
   * canvas leave uncovered.
   */
  navigateToDocument(documentId: string, options: { animate?: boolean; free?: ScreenRect } = {}): void {
    const i = this.requireCard(documentId);
    this.setSelected(i);
    const { cards } = this.scene.layout;
    const scale = this.camera.scale;
    const free = options.free && { x: options.free.x * scale, y: options.free.y * scale, w: options.free.width * scale, h: options.free.height * scale };
    this.autoFitted = false;
    this.show(documentViewport(this.camera, this.chrome, { x: cards.x[i]!, y: cards.y[i]!, w: cards.w[i]!, h: cards.h[i]! }, free), options);
    this.fitted = true;
    this.heldDocument = { id: documentId, free: options.free };
  }

  highlightCard(documentId: string | null): void {
    this.highlighted = this.indexOf(documentId);
  }

  zoomToThread(threadId: string | null, options: { animate?: boolean } = {}): void {
    const b = this.scene.layout.bandOfThread.get(threadId);
    if (b === undefined) throw new SovereignError('not-found', format(_('There is no thread “{id}” on the canvas.'), { id: threadId ?? '' }));
    const { cards } = this.scene.layout;
    let x0 = Infinity;
    let x1 = -Infinity;
    for (const i of this.scene.index.bandCards(b)) {
      x0 = Math.min(x0, cards.x[i]!);
      x1 = Math.max(x1, cards.x[i]! + cards.w[i]!);
    }
    const cardsX = Number.isFinite(x0) ? { x0, x1 } : null;
    this.autoFitted = false;
    this.show(threadViewport(this.camera, this.chrome, this.scene.layout.bands[b]!, cardsX, this.scene.timeScale.xOf(this.now())), options);
  }

  getViewport(): Viewport {
    return this.camera.viewport;
  }

  /** Where a running animation will land (the viewport when none runs). */
  getViewportTarget(): Viewport {
    return this.camera.target;
  }

  setViewport(viewport: Viewport, options: { animate?: boolean } = {}): void {
    this.show(viewport, options);
    this.fitted = true;
    this.autoFitted = false;
  }

  /**
   * Gives an image document's card its thumbnail (encoded WebP or PNG), or
   * null when none could be made. Returns false when there is nothing to
   * draw (null, or bytes that do not decode): the card stays plain.
   * Only a full card in view shows it, so only then is the next frame
   * drawn anew: an import of a hundred pictures sent a hundred whole
   * frames (and minimaps) through the loop while the cards were off screen.
   * A card that comes into view later is painted with its thumbnail.
   */
  setThumbnail(documentId: string, encoded: Uint8Array | null): boolean {
    const decoded = this.renderer.thumbnails.set(documentId, encoded);
    if (this.showsThumbnail(documentId)) this.sceneVersion++;
    return decoded;
  }

  /** Whether the card would show a thumbnail now: a full card in view. */
  showsThumbnail(documentId: string): boolean {
    const i = this.indexOf(documentId);
    if (i < 0 || this.currentLod !== 'full') return false;
    const { cards } = this.scene.layout;
    return intersects({ x: cards.x[i]!, y: cards.y[i]!, w: cards.w[i]!, h: cards.h[i]! }, this.camera.visibleWorld());
  }

  /** The cards given a thumbnail, by document id, and where each is at. */
  thumbnailStates(): Map<string, ThumbnailState> {
    return this.renderer.thumbnails.states();
  }

  /** A card's rectangle in logical pixels of the widget, or null when it is not on the canvas. */
  cardRect(documentId: string): ScreenRect | null {
    const i = this.indexOf(documentId);
    if (i < 0) return null;
    const { cards } = this.scene.layout;
    const cam = this.camera;
    const x = cam.toScreenX(cards.x[i]!) / cam.scale;
    const y = cam.toScreenY(cards.y[i]!) / cam.scale;
    return { x, y, width: (cards.w[i]! * cam.kx) / cam.scale, height: (cards.h[i]! * cam.ky) / cam.scale };
  }

  /** The links between cards in view and how each is drawn (for the test probe and assistive descriptions). */
  linksInView(): { from: string; to: string; kind: string; style: LinkStyle }[] {
    const visible = this.camera.visibleWorld();
    const seen = new Set<number>();
    this.scene.index.query(visible, (i) => {
      for (const k of this.scene.linksOfCard.get(i) ?? []) seen.add(k);
    });
    return [...seen].sort((a, b) => a - b).map((k) => {
      const { relationship } = this.scene.links[k]!;
      return { from: relationship.from, to: relationship.to, kind: relationship.kind, style: linkStyle(relationship) };
    });
  }

  /**
   * Plays the ingest morph (Make It Mine) on a document's card: the
   * imported card's parallelogram straightens and rounds into the owned
   * card. Starts when the card is on the canvas (the copy may arrive a
   * moment after it was made).
   */
  playIngest(documentId: string): void {
    this.ingestRun = { documentId, requestedAt: this.now(), revealed: false, lastFrameAt: null, elapsedMs: 0, frames: [], finished: false };
    this.events.emit('animating', null);
  }

  /** The last ingest morph, for tests and the probe. */
  get ingest(): IngestState | null {
    const run = this.ingestRun;
    return run ? { documentId: run.documentId, frames: [...run.frames], finished: run.finished } : null;
  }

  dispose(): void {
    this.renderer.delete();
  }

  /**
   * The ingest morph's state for the frame about to be drawn, or null when
   * none runs. The card's first frame starts it (and brings the card into
   * view, waiting until the camera is there); each frame moves it on by the
   * time since the last, capped (see INGEST_MAX_STEP_MS), and redraws the
   * content, like a drag does.
   */
  private ingestFrame(nowMs: number): IngestFrame | null {
    const run = this.ingestRun;
    if (!run || run.finished) return null;
    const card = this.indexOf(run.documentId);
    if (card < 0) {
      if (nowMs - run.requestedAt > INGEST_WAIT_MS) run.finished = true;
      return null;
    }
    if (!run.revealed) {
      run.revealed = true;
      this.reveal(card);
    }
    // While the camera brings the card into view it waits as the parallelogram: the morph plays where it can be seen.
    if (this.camera.animating) {
      run.lastFrameAt = null;
      return { card, progress: 0 };
    }
    if (run.lastFrameAt !== null) run.elapsedMs = advanceIngest(run.elapsedMs, nowMs - run.lastFrameAt);
    run.lastFrameAt = nowMs;
    const progress = ingestProgress(run.elapsedMs);
    run.frames.push(progress);
    if (progress >= 1) run.finished = true;
    this.sceneVersion++;
    return { card, progress };
  }

  /** The level of detail for what the content area shows now. */
  private computeLod(): Lod {
    const world = this.camera.worldRectOf(this.chrome.content);
    return chooseLod(this.scene.index.count(world, COMPACT_CARD_LIMIT + 1), this.camera.zoom, this.currentLod);
  }

  private updateGeometry(): void {
    const bounds = this.scene.layout.bounds;
    const content = this.chrome.content;
    const scale = this.camera.scale;
    this.camera.setLimits({
      // Far enough out to see the whole workspace in a third of the view, never closer than 4x.
      minZoom: Math.min(0.05, Math.max(1e-6, content.w / scale / Math.max(bounds.w, 1) / 3)),
      maxZoom: 4,
      fitZoomX: (content.w / scale - 48) / Math.max(bounds.w, CARD_HEIGHT),
      fitZoomY: (content.h / scale - 48) / Math.max(bounds.h, CARD_HEIGHT),
    });
    this.minimap = this.chrome.minimap.w > 0 ? new MinimapGeometry(this.chrome.minimap, minimapWorld(bounds), 6 * scale) : null;
  }

  private setSelected(i: number): void {
    if (i === this.selected) return;
    this.selected = i;
    this.events.emit('selectionChanged', { documentId: this.selectedId });
  }

  private reveal(i: number): void {
    const { cards } = this.scene.layout;
    const content = this.chrome.content;
    const cam = this.camera;
    const left = cam.toScreenX(cards.x[i]!);
    const right = cam.toScreenX(cards.x[i]! + cards.w[i]!);
    const top = cam.toScreenY(cards.y[i]!);
    const bottom = cam.toScreenY(cards.y[i]! + cards.h[i]!);
    const margin = 24 * cam.scale;
    let dx = 0;
    let dy = 0;
    if (left < content.x + margin) dx = content.x + margin - left;
    else if (right > content.x + content.w - margin) dx = content.x + content.w - margin - right;
    if (top < content.y + margin) dy = content.y + margin - top;
    else if (bottom > content.y + content.h - margin) dy = content.y + content.h - margin - bottom;
    if (dx === 0 && dy === 0) return;
    const target = cam.viewport;
    this.animateTo({ ...target, centerX: target.centerX - dx / cam.kx, centerY: target.centerY - dy / cam.ky });
  }


  private zoomAboutCentre(factor: number): void {
    const content = this.chrome.content;
    this.zoomAboutPoint(content.x + content.w / 2, content.y + content.h / 2, factor);
  }

  private zoomAboutPoint(xPx: number, yPx: number, factor: number): void {
    this.animateTo(this.camera.zoomedAt(this.camera.target, xPx, yPx, factor));
  }

  /**
   * Moves the camera: every navigation jumps unless asked to animate
   * ({ animate: true }), the one default for all of them.
   */
  private show(viewport: Viewport, options: { animate?: boolean }): void {
    this.heldDocument = null;
    if (options.animate === true) this.animateTo(viewport);
    else this.camera.setViewport(viewport);
  }

  private animateTo(viewport: Viewport): void {
    this.heldDocument = null;
    this.camera.setViewport(viewport, { animate: true, nowMs: this.now() });
    this.fitted = true;
    this.autoFitted = false;
    this.events.emit('animating', null);
  }

  private indexOf(documentId: string | null): number {
    return documentId === null ? -1 : (this.scene.layout.indexOfDoc.get(documentId) ?? -1);
  }

  private requireCard(documentId: string): number {
    const i = this.indexOf(documentId);
    if (i < 0) throw new SovereignError('not-found', format(_('The document “{id}” is not on the canvas.'), { id: documentId }));
    return i;
  }

  private docId(i: number): string {
    return this.scene.layout.cards.docs[i]!.id;
  }
}
