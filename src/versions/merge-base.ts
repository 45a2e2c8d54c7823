import type { Commit } from '../store/index.js';

/** Every ancestor of a commit (itself included) with its distance in steps. */
export function ancestors(byId: ReadonlyMap<string, Commit>, start: string): Map<string, number> {
  const seen = new Map<string, number>([[start, 0]]);
  const queue = [start];
  while (queue.length) {
    const id = queue.shift()!;
    for (const parent of byId.get(id)?.parents ?? []) {
      if (!seen.has(parent)) {
        seen.set(parent, seen.get(id)! + 1);
        queue.push(parent);
      }
    }
  }
  return seen;
}

/** The nearest common ancestor of two commits (pure), or undefined when the histories are unrelated. */
export function mergeBase(commits: readonly Commit[], a: string, b: string): string | undefined {
  const byId = new Map(commits.map((c) => [c.id, c]));
  const ofA = ancestors(byId, a);
  const ofB = ancestors(byId, b);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const [id, distance] of ofA) {
    const other = ofB.get(id);
    if (other !== undefined && distance + other < bestDistance) {
      best = id;
      bestDistance = distance + other;
    }
  }
  return best;
}
