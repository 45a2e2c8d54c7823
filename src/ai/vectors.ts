/** Scales a vector to unit length so a dot product is the cosine similarity. A zero vector stays zero. */
export function l2Normalise(vector: readonly number[]): number[] {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm === 0 || !Number.isFinite(norm)) return vector.map(() => 0);
  return vector.map((x) => x / norm);
}
