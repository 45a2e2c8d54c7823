import type { Path, PathBuilder } from 'canvaskit-wasm';
import type { CanvasKitWithHeap } from './canvaskit.js';

/**
 * Card shapes as paths in the card's own coordinates, kept between frames and
 * drawn translated to the card: building a path costs a handful of calls
 * into CanvasKit, and the cards on screen share a few sizes. Cleared whole
 * when it grows past its capacity (a zoom makes new sizes every frame).
 * Keys must name everything that shapes the path.
 */
export class ShapeCache {
  private readonly paths = new Map<string, Path>();

  constructor(
    private readonly ck: CanvasKitWithHeap,
    private readonly capacity = 512,
  ) {}

  get(key: string, build: (builder: PathBuilder) => void): Path {
    const hit = this.paths.get(key);
    if (hit) return hit;
    if (this.paths.size >= this.capacity) this.clear();
    const builder = new this.ck.PathBuilder();
    build(builder);
    const path = builder.detachAndDelete();
    this.paths.set(key, path);
    return path;
  }

  clear(): void {
    for (const path of this.paths.values()) path.delete();
    this.paths.clear();
  }
}
