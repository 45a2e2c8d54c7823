import type { Milestone } from '../../store/records.js';
import type { Layout } from './layout.js';
import type { TimeScale } from './time-scale.js';

/** A milestone drawn as a vertical line across its thread's band, labelled at the top. */
export interface MilestoneLayout {
  milestone: Milestone;
  x: number;
  band: number;
}

export function layoutMilestones(milestones: readonly Milestone[], layout: Layout, scale: TimeScale): MilestoneLayout[] {
  const out: MilestoneLayout[] = [];
  for (const milestone of milestones) {
    const band = layout.bandOfThread.get(milestone.threadId);
    if (band === undefined) continue;
    out.push({ milestone, x: scale.xOf(milestone.date.getTime()), band });
  }
  return out.sort((a, b) => a.band - b.band || a.x - b.x);
}
