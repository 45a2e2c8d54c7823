import type { ExportFormat } from './user-intent.js';
import { CONFIDENCE_TO_ACT } from './user-intent.js';

/**
 * What the router takes from the person's history (the user profile):
 * how eagerly to act, which names they use, which export format they
 * prefer. Plain data and pure functions; the profile computes it.
 */
export interface RoutingPreferences {
  /** The confidence the router acts at; below it, it asks. */
  readonly threshold: number;
  /** A small ranking bonus, 0..USAGE_BONUS_MAX, for a document or thread used often. */
  usageBonus(kind: 'document' | 'thread', id: string): number;
  /** The format of most past exports, used when a command names none. */
  readonly exportFormat?: ExportFormat;
}

/** Fewer decisions than this say nothing about a person: the threshold stays at CONFIDENCE_TO_ACT. */
export const DECISIONS_TO_ADAPT = 20;
/** The most eager the router gets: a person who never takes anything back. */
export const EAGER_THRESHOLD = 0.65;
/** The most careful it gets. */
export const CAREFUL_THRESHOLD = 0.8;
/** A mistake rate (undone + corrected) at or above this makes the router as careful as it gets. */
const CAREFUL_AT_MISTAKE_RATE = 0.2;

/**
 * The clarification threshold for a history of decisions. The rule:
 *
 *   - with fewer than 20 decisions it is 0.7 (CONFIDENCE_TO_ACT);
 *   - after that it moves linearly with the mistake rate, the share of
 *     executed actions the person undid or corrected (picked another choice,
 *     or ran something else instead): 0.65 at no mistakes, 0.8 at one in five
 *     or more, and so 0.7 at one in fifteen, the rate at which the default
 *     was calibrated on the team's test set.
 *
 * So a person who keeps undoing is asked more often and one who accepts
 * everything is asked less, but never below 0.65: the router still never
 * acts on a name it matched badly.
 */
export function actThreshold(decisions: { accepted: number; undone: number; corrected: number }): number {
  const total = decisions.accepted + decisions.undone + decisions.corrected;
  if (total < DECISIONS_TO_ADAPT) return CONFIDENCE_TO_ACT;
  const mistakeRate = (decisions.undone + decisions.corrected) / total;
  const careful = Math.min(1, mistakeRate / CAREFUL_AT_MISTAKE_RATE);
  return Math.round((EAGER_THRESHOLD + (CAREFUL_THRESHOLD - EAGER_THRESHOLD) * careful) * 1000) / 1000;
}

/**
 * The largest usage bonus. Below the router's 0.05 tie margin on purpose:
 * two names that match the typed words equally (two documents with the same
 * title) stay a question however often one was used; a name already ahead
 * by a little (0.01-0.05, e.g. "Budget" for "Budget plan" and "Budget plan
 * 2025") pulls clear of the tie when the person uses it often.
 */
export const USAGE_BONUS_MAX = 0.04;
/** Uses at which the bonus is half its maximum: a handful of uses counts, the hundredth adds little. */
const HALF_BONUS_USES = 4;

/** The ranking bonus for a name used `uses` times; it saturates towards USAGE_BONUS_MAX. */
export function usageBonus(uses: number): number {
  if (uses <= 0) return 0;
  return (USAGE_BONUS_MAX * uses) / (uses + HALF_BONUS_USES);
}

/** No history: the defaults the router had before profiles. */
export const NO_PREFERENCES: RoutingPreferences = { threshold: CONFIDENCE_TO_ACT, usageBonus: () => 0 };
