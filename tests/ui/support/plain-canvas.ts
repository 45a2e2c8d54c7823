import path from 'node:path';
import { createRequire } from 'node:module';
import type { CanvasKit, CanvasKitInitOptions, MallocObj, Surface } from 'canvaskit-wasm';
import { EventBus } from '../../../src/core/index.js';
import type { Hit } from '../../../src/canvas/kernels/hit-test.js';
import type { CanvasEvents, CanvasPort, Viewport } from '../../../src/ui/index.js';

type CanvasKitWithHeap = CanvasKit & { HEAPU8: Uint8Array };

export async function loadCanvasKit(): Promise<CanvasKitWithHeap> {
  const require = createRequire(import.meta.url);
  const bin = path.dirname(require.resolve('canvaskit-wasm'));
  const init = require('canvaskit-wasm') as (options: CanvasKitInitOptions) => Promise<CanvasKit>;
  return (await init({ locateFile: (file: string) => path.join(bin, file) })) as CanvasKitWithHeap;
}

/**
 * A plain CanvasKit frame source for testing the presentation path apart
 * from the canvas engine: a raster surface over a Malloc'd buffer (pixels
 * in the WASM heap, as the engine's), drawing a grid of squares whose
 * colour follows a frame counter, so every frame differs while animating.
 */
export class PlainFrameSource {
  width = 1;
  height = 1;
  frame = 0;
  offsetX = 0;
  dirty = true;
  private buffer: MallocObj | null = null;
  private surface: Surface | null = null;

  constructor(private readonly ck: CanvasKitWithHeap) {}

  resize(width: number, height: number): void {
    if (width === this.width && height === this.height && this.surface) return;
    this.surface?.delete();
    if (this.buffer) this.ck.Free(this.buffer);
    this.buffer = this.ck.Malloc(Uint8Array, width * height * 4);
    const info = { width, height, colorType: this.ck.ColorType.RGBA_8888, alphaType: this.ck.AlphaType.Premul, colorSpace: this.ck.ColorSpace.SRGB };
    this.surface = this.ck.MakeRasterDirectSurface(info, this.buffer, width * 4);
    this.width = width;
    this.height = height;
    this.dirty = true;
  }

  render(): boolean {
    if (!this.dirty || !this.surface) return false;
    this.dirty = false;
    const canvas = this.surface.getCanvas();
    canvas.clear(this.ck.Color(250, 250, 250, 1));
    const paint = new this.ck.Paint();
    for (let i = 0; i < 12; i++) {
      const hue = (i * 30 + this.frame * 3) % 360;
      paint.setColor(this.ck.Color4f(...hsl(hue), 1));
      const x = 40 + ((i * 130 + this.offsetX) % Math.max(1, this.width - 120));
      canvas.drawRRect(this.ck.RRectXY(this.ck.XYWHRect(x, 60 + (i % 3) * 110, 110, 80), 10, 10), paint);
    }
    paint.delete();
    this.surface.flush();
    this.frame++;
    return true;
  }

  pixels(): Uint8Array {
    return new Uint8Array(this.ck.HEAPU8.buffer, this.buffer?.byteOffset ?? 0, this.width * this.height * 4);
  }
}

function hsl(hue: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    return 0.55 - 0.45 * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0), f(8), f(4)];
}

/**
 * A CanvasPort over the plain frame source: the camera's x shifts the
 * squares; `animate(steps)` makes it animate for that many frames. Used by
 * the presenter test only (the real engine is src/canvas).
 */
export class PlainCanvas implements CanvasPort {
  readonly events = new EventBus<CanvasEvents>();
  selectedId: string | null = null;
  private viewport: Viewport = { centerX: 0, centerY: 0, zoom: 1 };
  private remaining = 0;

  constructor(private readonly source: PlainFrameSource) {}

  get widthPx(): number {
    return this.source.width;
  }
  get heightPx(): number {
    return this.source.height;
  }
  get animating(): boolean {
    return this.remaining > 0;
  }
  resize(widthPx: number, heightPx: number): void {
    this.source.resize(widthPx, heightPx);
  }
  render(): boolean {
    if (this.remaining > 0) {
      this.remaining--;
      this.source.offsetX += 3;
      this.source.dirty = true;
    }
    const changed = this.source.render();
    // The view draws frames while the port says so (CanvasEvents.animating).
    if (this.remaining > 0) this.events.emit('animating', null);
    return changed;
  }
  pixels(): Uint8Array {
    return this.source.pixels();
  }
  animate(steps: number): void {
    this.remaining = steps;
    this.events.emit('animating', null);
  }
  panBy(dx: number, dy: number): void {
    this.setViewport({ ...this.viewport, centerX: this.viewport.centerX - dx, centerY: this.viewport.centerY - dy });
  }
  zoomAt(_x: number, _y: number, factor: number): void {
    this.setViewport({ ...this.viewport, zoom: this.viewport.zoom * factor });
  }
  zoomIn(): void {
    this.zoomAt(0, 0, 1.25);
  }
  zoomOut(): void {
    this.zoomAt(0, 0, 0.8);
  }
  goToNow(): void {}
  hoverAt(): Hit {
    return { kind: 'none' };
  }
  clearHover(): void {}
  hitTest(): Hit {
    return { kind: 'none' };
  }

  clickAt(): Hit {
    return { kind: 'none' };
  }
  beginDrag(): boolean {
    return false;
  }
  dragTo(): void {}
  endDrag(): void {}
  selectNext(): string | null {
    return null;
  }
  selectPrevious(): string | null {
    return null;
  }
  activateSelected(): void {}
  select(id: string | null): void {
    this.selectedId = id;
  }
  navigateToDocument(): void {}
  zoomToThread(): void {}
  showTimeRange(): void {}
  getViewport(): Viewport {
    return { ...this.viewport };
  }
  getViewportTarget(): Viewport {
    return this.getViewport();
  }
  setViewport(viewport: Viewport): void {
    this.viewport = { ...viewport };
    this.source.offsetX = Math.round(-viewport.centerX);
    this.source.dirty = true;
    this.events.emit('viewportChanged', this.getViewport());
  }
  setTheme(): void {}
  // The plain source has no cards: no morph plays and no thumbnails arrive.
  playIngest(): void {}
  readonly ingest = null;
  thumbnailStates(): Map<string, never> {
    return new Map<string, never>();
  }
  linksInView(): [] {
    return [];
  }
  cardRect(): null {
    return null;
  }
  dispose(): void {}
}
