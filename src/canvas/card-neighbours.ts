import type { Camera } from './kernels/camera.js';
import type { Rect } from './kernels/geometry.js';
import type { Scene } from './kernels/scene.js';

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * Keyboard selection on the canvas: which card is next in a direction.
 * Left and right walk a thread in date order; up and down go to the nearest
 * card in time of the next thread band that has cards. Returns -1 when
 * there is none that way.
 */
export function neighbourCard(scene: Scene, selected: number, direction: Direction): number {
  const { cards, bands } = scene.layout;
  if (direction === 'left' || direction === 'right') {
    const order = scene.index.bandCards(cards.band[selected]!);
    return order[order.indexOf(selected) + (direction === 'right' ? 1 : -1)] ?? -1;
  }
  const x = cards.x[selected]!;
  const step = direction === 'down' ? 1 : -1;
  for (let b = cards.band[selected]! + step; b >= 0 && b < bands.length; b += step) {
    const order = scene.index.bandCards(b);
    if (order.length > 0) return nearestByX(order, cards.x, x);
  }
  return -1;
}

/** The card nearest the centre of the content area (where keyboard selection starts); -1 on an empty canvas. */
export function cardNearestCentre(scene: Scene, cam: Camera, content: Rect): number {
  const cx = cam.toWorldX(content.x + content.w / 2);
  const cy = cam.toWorldY(content.y + content.h / 2);
  const { cards } = scene.layout;
  let best = -1;
  let bestDistance = Infinity;
  cam.visibleWorld();
  scene.index.query(cam.worldRectOf(content), (i) => {
    const d = Math.hypot((cards.x[i]! + cards.w[i]! / 2 - cx) * cam.kx, (cards.y[i]! + cards.h[i]! / 2 - cy) * cam.ky);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  if (best >= 0) return best;
  for (let i = 0; i < cards.count; i++) {
    const d = Math.hypot(cards.x[i]! - cx, cards.y[i]! - cy);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}

function nearestByX(order: Int32Array, xs: Float64Array, x: number): number {
  let best = -1;
  let bestDistance = Infinity;
  for (const i of order) {
    const d = Math.abs(xs[i]! - x);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}
