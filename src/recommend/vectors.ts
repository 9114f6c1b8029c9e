/** Small dense-vector helpers for the recommender (unit vectors of the search index's model). */

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** `v` scaled to unit length in place (a zero vector stays zero); returns it. */
export function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

/** Dot product of `n` entries of `a` from `ai` and of `b` from `bi` (vectors packed in one buffer). */
export function dotAt(a: Float32Array, ai: number, b: Float32Array, bi: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[ai + i]! * b[bi + i]!;
  return s;
}
