import type { Camera } from './camera.js';
import { cardContains } from './card-shape.js';
import type { Chrome } from './chrome.js';
import { containsPoint } from './geometry.js';
import { bandAt, type CardLayout } from './layout.js';
import { curveBounds, distanceToCurve, linkCurve, type CurvePoints } from './links.js';
import type { Lod } from './level-of-detail.js';
import type { MinimapGeometry } from './minimap.js';
import type { Scene } from './scene.js';
import type { SpatialIndex } from './spatial-index.js';

export type Hit =
  | { kind: 'card'; card: number; documentId: string }
  | { kind: 'link'; link: number; relationshipId: string }
  | { kind: 'milestone'; milestoneId: string }
  | { kind: 'thread-label'; band: number; threadId: string | null }
  | { kind: 'minimap'; worldX: number; worldY: number }
  | { kind: 'ruler'; ms: number }
  | { kind: 'band'; band: number; threadId: string | null; worldX: number; worldY: number }
  | { kind: 'none' };

/** How close (device pixels) a pointer must be to a link or milestone line to hit it. */
export const LINE_SLOP_PX = 5;

/** The topmost card under a world point, found through the index. */
export function cardAt(index: SpatialIndex, cards: CardLayout, x: number, y: number): number {
  let hit = -1;
  index.query({ x, y, w: 1e-9, h: 1e-9 }, (i) => {
    if (cardContains(cards, i, x, y)) hit = i;
  });
  return hit;
}

/**
 * What is under device pixel (x, y), front to back: the minimap, the ruler,
 * thread labels, then cards, milestones and links (these last three only
 * when cards are drawn, not over the density map), then the band itself.
 */
export function hitTest(scene: Scene, camera: Camera, chrome: Chrome, minimap: MinimapGeometry | null, lod: Lod, x: number, y: number): Hit {
  if (minimap && containsPoint(chrome.minimap, x, y)) {
    return { kind: 'minimap', worldX: minimap.toWorldX(x), worldY: minimap.toWorldY(y) };
  }
  if (containsPoint(chrome.ruler, x, y)) return { kind: 'ruler', ms: scene.timeScale.msOf(camera.toWorldX(x)) };
  const wx = camera.toWorldX(x);
  const wy = camera.toWorldY(y);
  const band = bandAt(scene.layout.bands, wy);
  if (containsPoint(chrome.gutter, x, y)) {
    return band < 0 ? { kind: 'none' } : { kind: 'thread-label', band, threadId: scene.layout.bands[band]!.thread?.id ?? null };
  }
  if (lod !== 'density') {
    const { cards } = scene.layout;
    const card = cardAt(scene.index, cards, wx, wy);
    if (card >= 0) return { kind: 'card', card, documentId: cards.docs[card]!.id };
    const slop = LINE_SLOP_PX;
    for (const m of scene.milestones) {
      const b = scene.layout.bands[m.band]!;
      if (wy >= b.y && wy < b.y + b.height && Math.abs(camera.toScreenX(m.x) - x) <= slop) return { kind: 'milestone', milestoneId: m.milestone.id };
    }
    const link = linkAt(scene, camera, x, y, slop);
    if (link >= 0) return { kind: 'link', link, relationshipId: scene.links[link]!.relationship.id };
  }
  if (band < 0) return { kind: 'none' };
  return { kind: 'band', band, threadId: scene.layout.bands[band]!.thread?.id ?? null, worldX: wx, worldY: wy };
}

/** The link whose curve passes within slop device pixels of (x, y), nearest first; -1 when none. */
export function linkAt(scene: Scene, camera: Camera, x: number, y: number, slop: number): number {
  const wx = camera.toWorldX(x);
  const wy = camera.toWorldY(y);
  const sx = slop / camera.kx;
  const sy = slop / camera.ky;
  let best = -1;
  let bestDistance = slop;
  scene.links.forEach((link, k) => {
    const world = linkCurve(scene.layout.cards, link);
    const b = curveBounds(world);
    if (wx < b.x - sx || wx > b.x + b.w + sx || wy < b.y - sy || wy > b.y + b.h + sy) return;
    const d = distanceToCurve(toScreen(world, camera), x, y);
    if (d <= bestDistance) {
      bestDistance = d;
      best = k;
    }
  });
  return best;
}

export function toScreen(c: CurvePoints, camera: Camera): CurvePoints {
  return {
    x0: camera.toScreenX(c.x0),
    y0: camera.toScreenY(c.y0),
    c1x: camera.toScreenX(c.c1x),
    c1y: camera.toScreenY(c.c1y),
    c2x: camera.toScreenX(c.c2x),
    c2y: camera.toScreenY(c.c2y),
    x1: camera.toScreenX(c.x1),
    y1: camera.toScreenY(c.y1),
  };
}
