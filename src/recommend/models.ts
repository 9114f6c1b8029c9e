/**
 * Per-user models over the search index's paper vectors (unit vectors of the built-in meaning
 * model or an embedding server's). Each is trained from one user's weighted signal vectors in
 * about a millisecond, so a new vote simply retrains on the next call; none needs the others.
 *
 *   centroid  the weighted mean of the signal vectors, minus half the mean of the papers
 *             marked not interested; score = cosine to it
 *   logistic  a weighted logistic regression per user (as arxiv-sanity did, over the vectors):
 *             positives the signals, negatives a fixed random sample of corpus papers (and the
 *             not-interested papers); score = the linear margin
 *   maxsim    the similarity to the closest single signal (readers with several interests)
 *   hybrid    centroid + maxsim, averaged
 *
 * `npm run eval:recommend` measures them against each other and the baselines.
 */
import { dot, normalize } from './vectors.js';

export const MODEL_METHODS = ['centroid', 'logistic', 'maxsim', 'hybrid'] as const;
export type ModelMethod = (typeof MODEL_METHODS)[number];

export interface TrainingSet {
  positives: { vector: Float32Array; weight: number }[];
  /** Papers marked not interested. */
  negatives: Float32Array[];
  /** Random corpus papers: what the reader did not pick (the logistic model's negatives). */
  background: readonly Float32Array[];
}

export interface UserModel {
  method: ModelMethod;
  score(v: Float32Array): number;
  /** A linear model's weight vector: score(v) is dot(weights, v). */
  weights?: Float32Array;
}

/** Signals the max-similarity scan compares each candidate with (the strongest, then newest). */
export const MAXSIM_SIGNALS = 64;
const NEGATIVE_PULL = 0.5;
const LR_ITERATIONS = 40;
const LR_RATE = 0.5;
const LR_L2 = 1e-3;

export function trainModel(method: ModelMethod, set: TrainingSet): UserModel {
  if (method === 'centroid') return centroidModel(set);
  if (method === 'logistic') return logisticModel(set);
  if (method === 'maxsim') return maxSimModel(set);
  const c = centroidModel(set);
  const m = maxSimModel(set);
  return { method, score: (v) => 0.5 * c.score(v) + 0.5 * m.score(v) };
}

function centroidModel(set: TrainingSet): UserModel {
  const dims = set.positives[0]?.vector.length ?? 0;
  const c = new Float32Array(dims);
  let total = 0;
  for (const p of set.positives) {
    for (let i = 0; i < dims; i++) c[i]! += p.weight * p.vector[i]!;
    total += p.weight;
  }
  if (total > 0) for (let i = 0; i < dims; i++) c[i]! /= total;
  if (set.negatives.length) {
    const pull = NEGATIVE_PULL / set.negatives.length;
    for (const n of set.negatives) for (let i = 0; i < dims; i++) c[i]! -= pull * n[i]!;
  }
  normalize(c);
  return { method: 'centroid', score: (v) => dot(c, v), weights: c };
}

function maxSimModel(set: TrainingSet): UserModel {
  const kept = [...set.positives].sort((a, b) => b.weight - a.weight).slice(0, MAXSIM_SIGNALS).map((p) => p.vector);
  return { method: 'maxsim', score: (v) => maxSimilarity(kept, v).score };
}

/** The closest of `vectors` to `v` by cosine, and its position (-1 when there are none). */
export function maxSimilarity(vectors: readonly Float32Array[], v: Float32Array): { score: number; at: number } {
  let best = -Infinity;
  let at = -1;
  for (let j = 0; j < vectors.length; j++) {
    const s = dot(vectors[j]!, v);
    if (s > best) {
      best = s;
      at = j;
    }
  }
  return { score: at < 0 ? 0 : best, at };
}

/**
 * Weighted L2-regularized logistic regression by full-batch gradient descent, started from the
 * difference of the class means (so a few dozen steps converge). Features are the vector
 * scaled by sqrt(dims), entries of order one; the two classes carry equal total weight.
 */
function logisticModel(set: TrainingSet): UserModel {
  const dims = set.positives[0]?.vector.length ?? 0;
  const scale = Math.sqrt(dims);
  const rows: Float32Array[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  const posTotal = set.positives.reduce((s, p) => s + p.weight, 0);
  for (const p of set.positives) {
    rows.push(p.vector);
    ys.push(1);
    ws.push(p.weight / posTotal);
  }
  for (const n of set.background) {
    rows.push(n);
    ys.push(0);
    ws.push((set.negatives.length ? 0.7 : 1) / Math.max(1, set.background.length));
  }
  for (const n of set.negatives) {
    rows.push(n);
    ys.push(0);
    ws.push(0.3 / set.negatives.length);
  }
  const w = new Float64Array(dims);
  // Start: mean of positives minus mean of negatives.
  for (let r = 0; r < rows.length; r++) {
    const sign = ys[r] === 1 ? 1 : -1;
    const k = sign * ws[r]!;
    const x = rows[r]!;
    for (let i = 0; i < dims; i++) w[i]! += k * x[i]! * scale;
  }
  let b = 0;
  const grad = new Float64Array(dims);
  const totalWeight = ws.reduce((s, x) => s + x, 0);
  for (let it = 0; it < LR_ITERATIONS; it++) {
    grad.fill(0);
    let gb = 0;
    for (let r = 0; r < rows.length; r++) {
      const x = rows[r]!;
      let z = b;
      for (let i = 0; i < dims; i++) z += w[i]! * x[i]! * scale;
      const p = 1 / (1 + Math.exp(-z));
      const g = ws[r]! * (p - ys[r]!);
      gb += g;
      for (let i = 0; i < dims; i++) grad[i]! += g * x[i]! * scale;
    }
    for (let i = 0; i < dims; i++) w[i]! -= (LR_RATE / totalWeight) * (grad[i]! + LR_L2 * w[i]!);
    b -= (LR_RATE / totalWeight) * gb;
  }
  const wf = Float32Array.from(w, (x) => x * scale);
  return { method: 'logistic', score: (v) => dot(wf, v), weights: wf };
}
