import type { CanvasData } from '../canvas-data.js';
import { CardLinks } from './card-links.js';
import { layoutCards, type Layout } from './layout.js';
import { curveBounds, layoutLinks, linkCurve, type LinkLayout } from './links.js';
import { layoutMilestones, type MilestoneLayout } from './milestones.js';
import { SpatialIndex } from './spatial-index.js';
import { TimeScale } from './time-scale.js';

/**
 * Everything derived from the workspace data that the renderer and hit
 * tests read: built once per data change, never per frame.
 */
export interface Scene {
  data: CanvasData;
  timeScale: TimeScale;
  layout: Layout;
  index: SpatialIndex;
  links: LinkLayout[];
  /** Per card, the links that touch it (for highlighting a selected card's links). */
  linksOfCard: CardLinks;
  milestones: MilestoneLayout[];
  /** Per link, its curve's world bounds as x0, y0, x1, y1 (culling without allocating per frame). */
  linkBounds: Float64Array;
}

export interface SceneOptions {
  utcOffsetMinutes?: number;
  nowMs: number;
}

export function buildScene(data: CanvasData, options: SceneOptions): Scene {
  const timeScale = new TimeScale(options.utcOffsetMinutes ?? 0);
  const layout = layoutCards(data.documents, data.threads, timeScale, options.nowMs);
  const links = layoutLinks(data.relationships, layout.indexOfDoc);
  const linksOfCard = new CardLinks(layout.cards.count, links);
  const linkBounds = new Float64Array(links.length * 4);
  links.forEach((link, k) => {
    const b = curveBounds(linkCurve(layout.cards, link));
    linkBounds.set([b.x, b.y, b.x + b.w, b.y + b.h], k * 4);
  });
  return {
    linkBounds,
    data,
    timeScale,
    layout,
    index: new SpatialIndex(layout),
    links,
    linksOfCard,
    milestones: layoutMilestones(data.milestones, layout, timeScale),
  };
}
