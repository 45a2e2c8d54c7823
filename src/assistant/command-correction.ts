import { words } from './text-match.js';
import type { UserIntent } from './user-intent.js';

/** A command as the person saw it routed: the text and what the router made of it. */
export interface RoutedText {
  text: string;
  intent: UserIntent;
}

/**
 * Whether running `executed` tells the profile that the router's earlier
 * proposal (a command it would have run, not a question) was wrong. The
 * rule:
 *
 *   - the text was edited, not typed on: the new text does not begin with
 *     the proposed one ("open t" → "open tile quotes" is typing on, and the
 *     proposals shown along the way are no mistakes);
 *   - the person kept the start of the command (same first word: "delete
 *     tile quotes" → "delete tile supplier"): a cleared bar and a new
 *     command is another wish, not a fix;
 *   - and the new command acts on something else: another action, document,
 *     second document, thread or new title.
 *
 * Pure, so the adapters (the command bar) and the tests share one rule.
 */
export function correctsProposal(proposed: RoutedText, executed: RoutedText): boolean {
  if (proposed.intent.intent === 'clarification') return false;
  const before = words(proposed.text);
  const after = words(executed.text);
  if (before.length === 0 || after.length === 0) return false;
  const typedOn = before.every((word, i) => after[i] === word || (i === before.length - 1 && after[i]?.startsWith(word) === true));
  if (typedOn) return false;
  if (before[0] !== after[0]) return false;
  return actsOn(proposed.intent) !== actsOn(executed.intent);
}

/** What a command changes or shows, as one comparable key. */
function actsOn(intent: UserIntent): string {
  const e = intent.entities;
  return JSON.stringify([intent.action, e.document?.id, e.target?.id, e.thread?.id, e.title]);
}
