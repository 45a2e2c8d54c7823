import type { DocumentMeta, Thread } from '../store/index.js';
import type { WorkspaceModel } from '../workspace/index.js';
import { nameScore, wordScore, words } from './text-match.js';

export interface Candidate {
  kind: 'document' | 'thread';
  id: string;
  name: string;
  score: number;
}

/** Folded title words, computed once per document object (the model shares them until a change replaces them). */
const titleWords = new WeakMap<DocumentMeta | Thread, string[]>();

function nameWords(item: DocumentMeta | Thread, name: string, ignore: ReadonlySet<string>): string[] {
  let cached = titleWords.get(item);
  if (!cached) {
    const all = words(name);
    const kept = all.filter((word) => !ignore.has(word));
    cached = kept.length > 0 ? kept : all;
    titleWords.set(item, cached);
  }
  return cached;
}

/**
 * Which documents use each title word, so a lookup scores only the titles
 * that share a (possibly misspelt) word with what was typed instead of all
 * 50K. Built on first use and dropped when the workspace changes (rebuilt
 * at the next command: a command bar routes many keystrokes between changes).
 */
interface TitleIndex {
  /** Words with a letter, scanned with wordScore (typos, prefixes). */
  documents: Map<string, DocumentMeta[]>;
  /** Numbers ("2026", "14"), looked up exactly: they match nothing else. */
  numbers: Map<string, DocumentMeta[]>;
}
const NUMBER = /^\p{N}+$/u;
const titleIndexes = new WeakMap<WorkspaceModel, { index: TitleIndex | undefined }>();

function titleIndex(model: WorkspaceModel, ignore: ReadonlySet<string>): TitleIndex {
  let entry = titleIndexes.get(model);
  if (!entry) {
    const created: { index: TitleIndex | undefined } = { index: undefined };
    model.onChange(() => (created.index = undefined));
    titleIndexes.set(model, created);
    entry = created;
  }
  if (!entry.index) {
    const documents = new Map<string, DocumentMeta[]>();
    const numbers = new Map<string, DocumentMeta[]>();
    for (const doc of model.documents()) {
      for (const word of new Set(nameWords(doc, doc.title, ignore))) {
        const map = NUMBER.test(word) ? numbers : documents;
        const list = map.get(word);
        if (list) list.push(doc);
        else map.set(word, [doc]);
      }
    }
    entry.index = { documents, numbers };
  }
  return entry.index;
}

/**
 * The documents with a title word that a typed word matches, grouped by how
 * many typed words they match, most first. A common word ("report" in 5,000
 * titles) then costs a count, not 5,000 scores.
 */
function documentsByWordsShared(model: WorkspaceModel, typed: readonly string[], ignore: ReadonlySet<string>): { count: number; documents: DocumentMeta[] }[] {
  const shared = new Map<DocumentMeta, number>();
  const index = titleIndex(model, ignore);
  for (const typedWord of typed) {
    const matched = new Set<DocumentMeta>(NUMBER.test(typedWord) ? index.numbers.get(typedWord) : undefined);
    if (!NUMBER.test(typedWord)) {
      for (const [word, documents] of index.documents) if (wordScore(typedWord, word) > 0) for (const doc of documents) matched.add(doc);
    }
    for (const doc of matched) shared.set(doc, (shared.get(doc) ?? 0) + 1);
  }
  const groups = Array.from({ length: typed.length + 1 }, (_, count) => ({ count, documents: [] as DocumentMeta[] }));
  for (const [doc, count] of shared) groups[count]!.documents.push(doc);
  return groups.reverse().filter((group) => group.documents.length > 0);
}

/**
 * The most a title matching `count` of `typed` words can score (nameScore:
 * 0.7 of the typed words found, 0.3 of the title named).
 */
function scoreBound(count: number, typed: number): number {
  return 0.7 * (count / typed) + 0.3;
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
    for (const group of documentsByWordsShared(model, typed, ignore)) {
      if (scoreBound(group.count, typed.length) < Math.max(CANDIDATE_FLOOR, best - CHOICE_RANGE)) break;
      for (const doc of group.documents) {
        const score = nameScore(typed, nameWords(doc, doc.title, ignore));
        if (score >= CANDIDATE_FLOOR && doc !== byId) {
          found.push({ kind: 'document', id: doc.id, name: doc.title, score });
          if (score > best) best = score;
        }
      }
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
