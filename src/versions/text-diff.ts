import { diffLines, diffWordsWithSpace } from 'diff';
import type { DiffPart } from './version-control.js';

interface Change {
  value: string;
  added?: boolean;
  removed?: boolean;
}

function parts(changes: readonly Change[]): DiffPart[] {
  return changes.map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}

function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Line- and word-level differences between two texts (pure). */
export function diffTexts(before: string, after: string): { lines: DiffPart[]; words: DiffPart[]; added: number; removed: number } {
  const lines = parts(diffLines(before, after));
  const words = parts(diffWordsWithSpace(before, after));
  let added = 0;
  let removed = 0;
  for (const part of lines) {
    if (part.kind === 'added') added += lineCount(part.text);
    if (part.kind === 'removed') removed += lineCount(part.text);
  }
  return { lines, words, added, removed };
}

/** A unified-style rendering of line parts, for terminals. */
export function formatLineDiff(lines: readonly DiffPart[]): string {
  const out: string[] = [];
  for (const part of lines) {
    const prefix = part.kind === 'added' ? '+' : part.kind === 'removed' ? '-' : ' ';
    const body = part.text.endsWith('\n') ? part.text.slice(0, -1) : part.text;
    for (const line of body.split('\n')) out.push(prefix + line);
  }
  return out.join('\n');
}
