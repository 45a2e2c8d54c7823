import type { WorkspaceModel } from '../workspace/index.js';
import { nameScore } from './text-match.js';
import { nameWords, titleIndex, type TitleIndex } from './title-index.js';

export interface Candidate {
  kind: 'document' | 'thread';
  id: string;
  name: string;
  score: number;
}

/**
 * The most a title of `length` words matching `count` of `typed` words can
 * score (nameScore: 0.7 of the typed words found, 0.3 of the title named;
 * each typed word names at most one title word).
 */
function scoreBound(count: number, typed: number, length: number): number {
  return 0.7 * (count / typed) + 0.3 * (Math.min(count, length) / length);
}

/** Titles longer than this share one bucket (their bound is taken at this length: an over-estimate, so safe). */
const LONGEST_BUCKET = 64;

/** A group of touched documents: `index.ordered[start..end)`, all with the same best reachable score. */
interface BoundGroup {
  bound: number;
  start: number;
  end: number;
}

/**
 * The documents touched by a lookup, grouped by (typed words matched,
 * title length) and ordered by the best score each group could reach, so
 * scoring can stop at the first group that cannot make the cut. A counting
 * sort into the index's scratch (`index.ordered`): a few small group
 * objects are all it allocates, however many titles were touched.
 */
function byBound(index: TitleIndex, touched: Int32Array, counts: Uint8Array, typed: number): BoundGroup[] {
  const groups = new Map<number, BoundGroup>();
  const keyOf = (at: number) => counts[at]! * (LONGEST_BUCKET + 1) + Math.min(index.lengths[at]!, LONGEST_BUCKET);
  // Indexed loops, not for…of: a typed array's iterator allocates a result per element until the code is optimised (most commands are routed a few times only).
  for (let i = 0; i < touched.length; i++) {
    const at = touched[i]!;
    const key = keyOf(at);
    const group = groups.get(key);
    if (group) group.end++;
    else groups.set(key, { bound: scoreBound(counts[at]!, typed, Math.min(index.lengths[at]!, LONGEST_BUCKET)), start: 0, end: 1 });
  }
  const sorted = [...groups.values()].sort((a, b) => b.bound - a.bound);
  // Sizes to offsets; `end` then serves as each group's next free slot while placing.
  let offset = 0;
  for (const group of sorted) {
    const size = group.end;
    group.start = offset;
    group.end = offset;
    offset += size;
  }
  for (let i = 0; i < touched.length; i++) {
    const at = touched[i]!;
    index.ordered[groups.get(keyOf(at))!.end++] = at;
  }
  return sorted;
}

/** Titles scoring this far below the best are not worth offering as choices. */
const CHOICE_RANGE = 0.15;

/** Below this a name is not offered even as a choice. */
const CANDIDATE_FLOOR = 0.5;

/**
 * The documents and threads whose names the typed words match, best first
 * (at most `limit`). An exact id is accepted as the document it names (a
 * pasted link), scoring just under an exact title.
 */
export function findCandidates(
  model: WorkspaceModel,
  typed: readonly string[],
  raw: string,
  kinds: { documents: boolean; threads: boolean },
  ignore: ReadonlySet<string>,
  limit = 5,
): Candidate[] {
  const found: Candidate[] = [];
  if (typed.length === 0) return found;
  if (kinds.documents) {
    const byId = model.get(raw.trim());
    if (byId) found.push({ kind: 'document', id: byId.id, name: byId.title, score: 0.95 });
    let best = byId ? 0.95 : 0;
    // The best `limit` scores so far, highest first: a title that cannot beat the last of them cannot be returned.
    const top: number[] = byId ? [0.95] : [];
    const index = titleIndex(model, ignore);
    const { touched, counts } = index.sharedWords(typed);
    try {
      scoring: for (const group of byBound(index, touched, counts, typed.length)) {
        for (let i = group.start; i < group.end; i++) {
          const at = index.ordered[i]!;
          if (group.bound < Math.max(CANDIDATE_FLOOR, best - CHOICE_RANGE)) break scoring;
          // Ties with the last kept score are not scored: with 5,000 titles tied ("Budget … 123"), the first found stand for all.
          if (top.length >= limit && group.bound <= top[limit - 1]!) break scoring;
          const doc = index.documents[at]!;
          const score = nameScore(typed, nameWords(doc, doc.title, ignore));
          if (score >= CANDIDATE_FLOOR && doc !== byId) {
            found.push({ kind: 'document', id: doc.id, name: doc.title, score });
            if (score > best) best = score;
            keepTop(top, score, limit);
          }
        }
      }
    } finally {
      index.release(touched);
    }
  }
  if (kinds.threads) {
    for (const thread of model.threads()) {
      const score = nameScore(typed, nameWords(thread, thread.name, ignore));
      if (score >= CANDIDATE_FLOOR) found.push({ kind: 'thread', id: thread.id, name: thread.name, score });
    }
  }
  found.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return found.slice(0, limit);
}

/** Inserts a score into the descending list of the best `limit`. */
function keepTop(top: number[], score: number, limit: number): void {
  let at = top.length;
  while (at > 0 && top[at - 1]! < score) at--;
  if (at >= limit) return;
  top.splice(at, 0, score);
  if (top.length > limit) top.pop();
}
