import path from 'node:path';
import { createRequire } from 'node:module';
import type { CanvasKit, CanvasKitInitOptions, MallocObj, Surface } from 'canvaskit-wasm';
import { EventBus } from '../../../src/core/index.js';
import type { CanvasEvents, CanvasHit, CanvasPort, FrameSource, Viewport } from '../../../src/ui/index.js';

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
export class PlainFrameSource implements FrameSource {
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
 * A CanvasPort over the plain frame source: camera moves shift the squares;
 * `animate(frames)` keeps it animating for that many ticks. Used by the
 * presenter test only.
 */
export class PlainCanvas implements CanvasPort {
  selected: string | null = null;
  private viewport: Viewport = { x: 0, y: 0, zoom: 1 };
  private remaining = 0;
  private readonly events = new EventBus<{ [K in keyof CanvasEvents]: CanvasEvents[K] }>();

  constructor(readonly frames: PlainFrameSource) {}

  get animating(): boolean {
    return this.remaining > 0;
  }

  animate(frames: number): void {
    this.remaining = frames;
    this.events.emit('invalidated', undefined);
  }

  tick(): void {
    if (this.remaining <= 0) return;
    this.remaining--;
    this.frames.offsetX += 3;
    this.frames.dirty = true;
  }

  panBy(dx: number, dy: number): void {
    this.setViewport({ ...this.viewport, x: this.viewport.x - dx, y: this.viewport.y - dy });
  }
  zoomAt(_x: number, _y: number, factor: number): void {
    this.setViewport({ ...this.viewport, zoom: this.viewport.zoom * factor });
  }
  hitTest(): CanvasHit {
    return { kind: 'empty' };
  }
  select(id: string | null): void {
    this.selected = id;
  }
  hover(): void {}
  dragCard(): void {}
  navigateToDocument(): void {}
  jumpToMinimap(): void {}
  goToNow(): void {}
  getViewport(): Viewport {
    return { ...this.viewport };
  }
  setViewport(viewport: Viewport): void {
    this.viewport = { ...viewport };
    this.frames.offsetX = Math.round(-viewport.x);
    this.frames.dirty = true;
    this.events.emit('viewportChanged', this.getViewport());
  }
  neighbour(): string | null {
    return null;
  }
  setDark(): void {}
  on<K extends keyof CanvasEvents>(event: K, listener: (value: CanvasEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }
  dispose(): void {}
}
