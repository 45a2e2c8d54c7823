import { diff3Merge } from 'node-diff3';
import type { MergeConflict } from './version-control.js';

/** A merged text as runs of agreed text and unresolved conflicts. */
export type MergeSegment = { text: string } | { conflict: MergeConflict };

export interface TextMerge {
  segments: MergeSegment[];
  conflicts: MergeConflict[];
}

const PARAGRAPH_BREAK = /\n{2,}/;

function paragraphs(text: string): string[] {
  return text === '' ? [] : text.split(PARAGRAPH_BREAK);
}

/** Words and the whitespace between them, so joining the tokens gives the text back. */
function words(text: string): string[] {
  return text.split(/(\s+)/).filter((token) => token !== '');
}

/** Merges word by word; returns the text, or undefined when the two sides still collide. */
function mergeWords(ours: string, base: string, theirs: string): string | undefined {
  let merged = '';
  for (const region of diff3Merge(words(ours), words(base), words(theirs), { excludeFalseConflicts: true })) {
    if (region.conflict) return undefined;
    merged += (region.ok ?? []).join('');
  }
  return merged;
}

/**
 * Three-way merge of texts (pure): paragraph by paragraph, and where both
 * sides changed the same paragraphs, word by word inside them. What still
 * collides is a conflict for the caller to resolve.
 */
export function mergeTexts(ours: string, base: string, theirs: string): TextMerge {
  const merged: string[] = [];
  const segments: MergeSegment[] = [];
  const conflicts: MergeConflict[] = [];
  const flush = () => {
    if (merged.length) segments.push({ text: merged.join('\n\n') });
    merged.length = 0;
  };
  for (const region of diff3Merge(paragraphs(ours), paragraphs(base), paragraphs(theirs), { excludeFalseConflicts: true })) {
    if (region.ok) {
      merged.push(...region.ok);
      continue;
    }
    const c = region.conflict!;
    const [a, o, b] = [c.a.join('\n\n'), c.o.join('\n\n'), c.b.join('\n\n')];
    const byWord = mergeWords(a, o, b);
    if (byWord !== undefined) {
      if (byWord !== '') merged.push(byWord);
      continue;
    }
    flush();
    const conflict: MergeConflict = { index: conflicts.length, base: o, ours: a, theirs: b };
    conflicts.push(conflict);
    segments.push({ conflict });
  }
  flush();
  return { segments, conflicts };
}

/** The merged text with each conflict replaced by resolutions[i], or by markers when none is given. */
export function renderMerge(merge: TextMerge, resolutions?: readonly string[]): string {
  return merge.segments
    .map((segment) => {
      if ('text' in segment) return segment.text;
      const { index, ours, theirs } = segment.conflict;
      const resolution = resolutions?.[index];
      return resolution ?? `<<<<<<< ours\n${ours}\n=======\n${theirs}\n>>>>>>> theirs`;
    })
    .join('\n\n');
}
