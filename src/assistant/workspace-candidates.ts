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

/**
 * The documents touched by a lookup, grouped by (typed words matched,
 * title length) and ordered by the best score each group could reach, so
 * scoring can stop at the first group that cannot make the cut.
 */
function byBound(index: TitleIndex, touched: readonly number[], counts: Uint8Array, typed: number): { bound: number; documents: number[] }[] {
  const groups = new Map<number, { bound: number; documents: number[] }>();
  for (const at of touched) {
    const count = counts[at]!;
    const length = Math.min(index.lengths[at]!, LONGEST_BUCKET);
    const key = count * (LONGEST_BUCKET + 1) + length;
    let group = groups.get(key);
    if (!group) {
      group = { bound: scoreBound(count, typed, length), documents: [] };
      groups.set(key, group);
    }
    group.documents.push(at);
  }
  return [...groups.values()].sort((a, b) => b.bound - a.bound);
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
        for (const at of group.documents) {
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
