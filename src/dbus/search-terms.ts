/**
 * How the Shell's terms become a Sovereign query. The Shell splits what the
 * person typed on whitespace and does not lowercase it, so `sov: budget`
 * arrives as ['sov:', 'budget'] and `sov:budget` as ['sov:budget']. Only a
 * first term that starts with the prefix (compared without case) is ours.
 */
export const DEFAULT_SEARCH_PREFIX = 'sov:';
const MAX_PREFIX_LENGTH = 32;

/** The query after the prefix, or undefined when the terms are not addressed to Sovereign. */
export function queryFromTerms(terms: readonly string[], prefix: string): string | undefined {
  const [first, ...rest] = terms;
  if (first === undefined) return undefined;
  if (prefix === '') return terms.join(' ').trim();
  if (!first.toLowerCase().startsWith(prefix.toLowerCase())) return undefined;
  const remainder = first.slice(prefix.length);
  return [remainder, ...rest].filter((term) => term !== '').join(' ');
}

/**
 * A usable prefix from a settings value: the Shell never sends whitespace
 * inside a term, so a prefix containing it could never match.
 */
export function normaliseSearchPrefix(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed.length > MAX_PREFIX_LENGTH || /\s/.test(trimmed)) return undefined;
  return trimmed;
}
