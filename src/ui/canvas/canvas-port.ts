import type { FrameSource } from './frame-source.js';

/** Where the camera is: the world point at the view's centre and the zoom (screen px per world unit). */
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** What lies under a point of the view, in logical pixels. */
export type CanvasHit =
  | { kind: 'card'; id: string }
  | { kind: 'minimap'; x: number; y: number }
  | { kind: 'thread'; id: string }
  | { kind: 'empty' };

export interface CanvasEvents {
  cardActivated: { id: string };
  cardMoved: { id: string; x: number; y: number };
  viewportChanged: Viewport;
  /** Something changed that needs a new frame (data, animation step, theme). */
  invalidated: undefined;
}

/**
 * The canvas engine as the window drives it. src/canvas implements the
 * drawing and the camera; the view translates GTK input into these calls.
 * Coordinates are logical pixels relative to the view's top-left corner.
 */
export interface CanvasPort {
  readonly frames: FrameSource;
  panBy(dx: number, dy: number): void;
  zoomAt(x: number, y: number, factor: number): void;
  hitTest(x: number, y: number): CanvasHit;
  select(id: string | null): void;
  readonly selected: string | null;
  hover(id: string | null): void;
  /** Moves a card by a drag delta while dragging; `commit` persists the final place. */
  dragCard(id: string, dx: number, dy: number, commit: boolean): void;
  navigateToDocument(id: string, options?: { animate?: boolean }): void;
  jumpToMinimap(x: number, y: number): void;
  goToNow(options?: { animate?: boolean }): void;
  getViewport(): Viewport;
  setViewport(viewport: Viewport, options?: { animate?: boolean }): void;
  /** The next/previous card in reading order after the given one (or the first visible). */
  neighbour(id: string | null, step: 1 | -1): string | null;
  setDark(dark: boolean): void;
  /** True while an animation wants frames on every tick. */
  readonly animating: boolean;
  /** Advances animations to the frame time (µs, GdkFrameClock time). */
  tick(frameTimeUs: number): void;
  on<K extends keyof CanvasEvents>(event: K, listener: (value: CanvasEvents[K]) => void): () => void;
  dispose(): void;
}
