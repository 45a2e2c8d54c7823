/**
 * The "Make It Mine" ingest animation as geometry: an imported document's
 * parallelogram straightens and rounds into an owned card. Nothing in this
 * file may read canvas or renderer state: progress in, shape out.
 */

/**
 * How long the morph runs. About the length of GNOME's own transitions
 * (libadwaita's are 200-500 ms): long enough to read as "this changed kind",
 * short enough that nobody waits for it.
 */
export const INGEST_DURATION_MS = 400;

export interface MorphPoint {
  x: number;
  y: number;
}

/** The card's outline at one moment of the morph, in the card's own coordinates (top left of its box at 0, 0). */
export interface MorphShape {
  /** How far the top edge sits right of the bottom edge: the parallelogram's lean, 0 for a rectangle. */
  skew: number;
  /** The radius every corner is rounded by. */
  radius: number;
  /** The outline's corners before rounding, clockwise from the top left. */
  corners: readonly [MorphPoint, MorphPoint, MorphPoint, MorphPoint];
}

/** Where the morph starts and ends: the external card's lean and the owned card's corner radius, in the units of w and h. */
export interface MorphEnds {
  skew: number;
  radius: number;
}

/** Ease-out cubic: most of the change early, a gentle landing on the owned card. */
export function easeOutCubic(t: number): number {
  const u = 1 - clamp01(t);
  return 1 - u * u * u;
}

/**
 * The most one frame moves the morph on: 50 ms, so it is seen in at least
 * eight frames. Make It Mine opens the copy's editor at the moment the
 * morph starts, and building it holds the main loop for longer than the
 * whole animation; timed by the clock alone, the next frame would already
 * be the end.
 */
export const INGEST_MAX_STEP_MS = 50;

/** The morph's time after a frame that came `frameGapMs` after the last one: the gap, capped at INGEST_MAX_STEP_MS. */
export function advanceIngest(elapsedMs: number, frameGapMs: number): number {
  return elapsedMs + Math.min(Math.max(0, frameGapMs), INGEST_MAX_STEP_MS);
}

/** The animation's linear progress, 0 to 1, at `elapsedMs` of its own time since it started. */
export function ingestProgress(elapsedMs: number, durationMs = INGEST_DURATION_MS): number {
  if (durationMs <= 0) return 1;
  return clamp01(elapsedMs / durationMs);
}

/**
 * The outline of a w×h card at linear progress 0..1 (eased here): at 0 the
 * external card's parallelogram (leaning right by ends.skew, sharp corners),
 * at 1 the owned card's rectangle rounded by ends.radius. The radius never
 * exceeds half the shorter side, so the rounding stays a valid shape.
 */
export function ingestShape(w: number, h: number, progress: number, ends: MorphEnds): MorphShape {
  const eased = easeOutCubic(progress);
  const skew = ends.skew * (1 - eased);
  const radius = Math.min(ends.radius * eased, h / 2, w / 2);
  return {
    skew,
    radius,
    corners: [
      { x: skew, y: 0 },
      { x: w, y: 0 },
      { x: w - skew, y: h },
      { x: 0, y: h },
    ],
  };
}

function clamp01(t: number): number {
  return t <= 0 || Number.isNaN(t) ? 0 : t >= 1 ? 1 : t;
}
