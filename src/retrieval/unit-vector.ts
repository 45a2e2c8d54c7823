/** Scales a vector to unit length in place, so a dot product is the cosine similarity. A zero vector stays zero. */
export function normaliseInPlace(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  const norm = Math.sqrt(sum);
  if (norm === 0 || !Number.isFinite(norm)) vector.fill(0);
  else for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}

/** The dot product of two vectors of the same length. */
export function dot(a: Float32Array, b: Float32Array, bOffset = 0): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[bOffset + i]!;
  return sum;
}
