/**
 * The constant k of reciprocal rank fusion (Cormack, Clarke & Büttcher,
 * 2009): a document ranked r-th in a list earns 1/(k + r). k = 60 is the
 * value from the paper; it keeps the first few ranks from dominating, so a
 * document that both lists place fairly high beats one that a single list
 * places first.
 */
export const RRF_K = 60;

/**
 * Fuses ranked lists of ids (best first) into one: each id's score is the
 * sum over lists of 1/(k + rank), rank counting from 1. Ties keep the order
 * in which ids were first seen, list by list.
 */
export function fuseRanks(lists: readonly (readonly string[])[], k = RRF_K): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const list of lists) {
    const seen = new Set<string>();
    list.forEach((id, i) => {
      // A list that names an id twice counts only its better rank.
      if (seen.has(id)) return;
      seen.add(id);
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + i + 1));
    });
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
