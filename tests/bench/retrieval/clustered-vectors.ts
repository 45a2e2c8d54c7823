import { normaliseInPlace } from '../../../src/retrieval/unit-vector.js';

/** A small seeded generator (mulberry32), so runs compare. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Unit vectors shaped like sentence embeddings, which cluster by topic:
 * points scattered around a topic centre per 100 of them. `data` holds
 * `count` of them packed; `sample(spread)` draws one more (a query).
 */
export function clusteredVectors(count: number, dims: number, seed = 7): { data: Float32Array; sample: (spread: number) => Float32Array } {
  const next = random(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
  const centres = Array.from({ length: Math.max(10, Math.round(count / 100)) }, () => normaliseInPlace(Float32Array.from({ length: dims }, gaussian)));
  const sample = (spread: number) => {
    const centre = centres[Math.floor(next() * centres.length)]!;
    return normaliseInPlace(Float32Array.from(centre, (x) => x + gaussian() * spread));
  };
  const data = new Float32Array(count * dims);
  for (let i = 0; i < count; i++) data.set(sample(0.05), i * dims);
  return { data, sample };
}
