/**
 * Contrastive tuning of the built-in model's word vectors: the co-occurrence vectors
 * (model-training.ts) place words used in the same company close together, but search compares
 * a few query words with a whole paper. Tuning moves the word vectors so that the model's own
 * paper vector (SIF-weighted sum, unit length) of one view of a paper lands nearest the vector of
 * another view of the same paper, and away from the other papers of its batch (InfoNCE with
 * in-batch negatives, both directions; Oord et al. 2018, as in dual-encoder retrieval training).
 *
 * Views, drawn afresh for each paper in each epoch:
 * - its title (distinct words, as a query is embedded) against its abstract;
 * - one sentence of its abstract (distinct words) against its title and the other sentences: a
 *   description in other words than the title's, the way readers half remember a paper.
 *
 * Only the rows of words in a batch change (sparse Adam), so an epoch costs about one pass over
 * the words of the papers. The vectors come back unit length, like the ones they start from.
 */
import { seededRandom } from '../random.js';
import { terms, type ModelParts } from './corpus-model.js';
import { normalize } from './embedder.js';

export interface TuneOptions {
  /** Passes over the papers (76k papers, vector-stage MRR@10: the first +0.08 daily / +0.05 recent; a second -0.01 / +0.02). */
  epochs?: number;
  /** Papers a batch compares with each other: each is the others' negative. */
  batch?: number;
  learningRate?: number;
  /** Softmax temperature of the cosines. */
  temperature?: number;
  seed?: number;
}

export interface TuningDoc {
  title: string;
  abstract: string;
}

/** Title words count twice in a paper vector, as in CorpusModel. */
const TITLE_WEIGHT = 2;
/** A sentence with fewer vocabulary words than this is too thin to stand for its paper. */
const MIN_SENTENCE_WORDS = 4;
/** Share of pairs that are (sentence, rest of the paper) rather than (title, abstract). */
const SENTENCE_SHARE = 0.5;
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

/** A paper as vocabulary indices: its title, and its abstract cut into sentences. */
interface Tokens {
  title: Int32Array;
  sentences: Int32Array[];
}

/** One side of a pair: distinct words and the weight each has in the side's vector. */
interface Bag {
  words: number[];
  weights: number[];
}

/** New word vectors (words x dims, unit rows) for `parts`, tuned on `docs`. Repeatable: same inputs, same result. */
export function tuneWordVectors(parts: ModelParts, docs: readonly TuningDoc[], options: TuneOptions = {}): Float32Array {
  const { dims, words, weights } = parts;
  const epochs = options.epochs ?? 1;
  const batch = options.batch ?? 256;
  const rate = options.learningRate ?? 1e-3;
  const temperature = options.temperature ?? 0.05;
  const random = seededRandom(options.seed ?? 0x5eed);
  const index = new Map(words.map((w, i) => [w, i]));
  const papers = docs.map((d) => tokenize(d, index)).filter((p) => p.title.length > 0 && p.sentences.length > 0);
  const vectors = Float32Array.from(parts.vectors);
  if (papers.length < 2) return vectors;
  const adam = new SparseAdam(vectors, words.length, dims, rate);
  const size = Math.min(batch, papers.length);
  const pass = new Pass(size, dims, temperature);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = shuffled(papers.length, random);
    for (let from = 0; from + size <= order.length; from += size) {
      const queries: Bag[] = [];
      const targets: Bag[] = [];
      for (const i of order.subarray(from, from + size)) {
        const [q, t] = views(papers[i]!, weights, random);
        queries.push(q);
        targets.push(t);
      }
      pass.run(vectors, queries, targets, adam);
      adam.step();
    }
  }
  for (let i = 0; i < words.length; i++) normalize(vectors.subarray(i * dims, (i + 1) * dims));
  return vectors;
}

function tokenize(doc: TuningDoc, index: Map<string, number>): Tokens {
  const ids = (text: string) => Int32Array.from(terms(text).map((t) => index.get(t) ?? -1).filter((i) => i >= 0));
  const sentences = doc.abstract
    .split(/(?<=[.!?])\s+(?=[A-Z])/)
    .map(ids)
    .filter((s) => s.length >= MIN_SENTENCE_WORDS);
  return { title: ids(doc.title), sentences };
}

/** The two views of a paper: (title, abstract) or (one sentence, title and the other sentences). */
function views(paper: Tokens, weights: Float32Array, random: () => number): [Bag, Bag] {
  const target = new Map<number, number>();
  const add = (ids: Int32Array, times: number) => {
    for (const w of ids) target.set(w, (target.get(w) ?? 0) + times * weights[w]!);
  };
  const distinct = (ids: Int32Array): Bag => {
    const words = [...new Set(ids)];
    return { words, weights: words.map((w) => weights[w]!) };
  };
  let query: Bag;
  if (paper.sentences.length >= 2 && random() < SENTENCE_SHARE) {
    const pick = Math.floor(random() * paper.sentences.length);
    query = distinct(paper.sentences[pick]!);
    add(paper.title, TITLE_WEIGHT);
    paper.sentences.forEach((s, i) => i !== pick && add(s, 1));
  } else {
    query = distinct(paper.title);
    for (const s of paper.sentences) add(s, 1);
  }
  return [query, { words: [...target.keys()], weights: [...target.values()] }];
}

/** One batch forward and back: both sides' unit vectors, the InfoNCE loss's gradient on the word rows. */
class Pass {
  private readonly queries: Side;
  private readonly targets: Side;
  /** Gradient of the loss with respect to the (query i, target j) scaled cosine. */
  private readonly grad: Float64Array;
  private readonly logits: Float64Array;

  constructor(
    private readonly size: number,
    private readonly dims: number,
    private readonly temperature: number,
  ) {
    this.queries = new Side(size, dims);
    this.targets = new Side(size, dims);
    this.grad = new Float64Array(size * size);
    this.logits = new Float64Array(size * size);
  }

  run(vectors: Float32Array, queries: Bag[], targets: Bag[], adam: SparseAdam): void {
    const { size: n, dims, logits, grad, temperature } = this;
    this.queries.encode(vectors, queries);
    this.targets.encode(vectors, targets);
    const q = this.queries.unit;
    const t = this.targets.unit;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let k = 0; k < dims; k++) dot += q[i * dims + k]! * t[j * dims + k]!;
        logits[i * n + j] = dot / temperature;
      }
    }
    grad.fill(0);
    // Each query picks its target among the batch's targets, and each target its query.
    softmaxGradient(logits, grad, n, 1, n, 0.5 / n);
    softmaxGradient(logits, grad, n, n, 1, 0.5 / n);
    this.queries.backward(grad, n, 1, this.targets.unit, temperature, queries, adam);
    this.targets.backward(grad, 1, n, this.queries.unit, temperature, targets, adam);
  }
}

/**
 * For each of the n softmaxes over logits[a * outer + b * inner] (b = 0..n-1, the right answer
 * at b = a), adds scale * (softmax - one-hot) to grad at the same places.
 */
function softmaxGradient(logits: Float64Array, grad: Float64Array, n: number, outer: number, inner: number, scale: number): void {
  for (let a = 0; a < n; a++) {
    let max = -Infinity;
    for (let b = 0; b < n; b++) max = Math.max(max, logits[a * outer + b * inner]!);
    let z = 0;
    for (let b = 0; b < n; b++) z += Math.exp(logits[a * outer + b * inner]! - max);
    for (let b = 0; b < n; b++) {
      const at = a * outer + b * inner;
      grad[at]! += scale * (Math.exp(logits[at]! - max) / z - (a === b ? 1 : 0));
    }
  }
}

/** One side of a batch: each bag's weighted sum, its length and unit vector. */
class Side {
  readonly unit: Float64Array;
  private readonly norms: Float64Array;
  private readonly upstream: Float64Array;

  constructor(
    private readonly size: number,
    private readonly dims: number,
  ) {
    this.unit = new Float64Array(size * dims);
    this.norms = new Float64Array(size);
    this.upstream = new Float64Array(dims);
  }

  encode(vectors: Float32Array, bags: Bag[]): void {
    const { dims, unit } = this;
    unit.fill(0);
    for (let i = 0; i < this.size; i++) {
      const o = i * dims;
      const { words, weights } = bags[i]!;
      for (let w = 0; w < words.length; w++) {
        const row = words[w]! * dims;
        const weight = weights[w]!;
        for (let k = 0; k < dims; k++) unit[o + k]! += weight * vectors[row + k]!;
      }
      let norm = 0;
      for (let k = 0; k < dims; k++) norm += unit[o + k]! ** 2;
      norm = Math.sqrt(norm) || 1;
      this.norms[i] = norm;
      for (let k = 0; k < dims; k++) unit[o + k]! /= norm;
    }
  }

  /**
   * Gradient through this side's vectors onto its words: row i's logits are grad[i * mine + j *
   * theirs] against the other side's unit vector j.
   */
  backward(grad: Float64Array, mine: number, theirs: number, other: Float64Array, temperature: number, bags: Bag[], adam: SparseAdam): void {
    const { dims, unit, upstream } = this;
    const n = this.size;
    for (let i = 0; i < n; i++) {
      upstream.fill(0);
      for (let j = 0; j < n; j++) {
        const g = grad[i * mine + j * theirs]! / temperature;
        for (let k = 0; k < dims; k++) upstream[k]! += g * other[j * dims + k]!;
      }
      // Through the scaling to unit length: only the part across the vector counts.
      const o = i * dims;
      let along = 0;
      for (let k = 0; k < dims; k++) along += upstream[k]! * unit[o + k]!;
      const norm = this.norms[i]!;
      for (let k = 0; k < dims; k++) upstream[k] = (upstream[k]! - along * unit[o + k]!) / norm;
      const { words, weights } = bags[i]!;
      for (let w = 0; w < words.length; w++) adam.accumulate(words[w]!, weights[w]!, upstream);
    }
  }
}

/** Adam over the rows a batch touched; a row's moments and step count advance only when it is touched. */
class SparseAdam {
  private readonly grad: Float32Array;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly steps: Int32Array;
  private readonly touched: number[] = [];
  private readonly isTouched: Uint8Array;

  constructor(
    private readonly params: Float32Array,
    rows: number,
    private readonly dims: number,
    private readonly rate: number,
  ) {
    this.grad = new Float32Array(rows * dims);
    this.m = new Float32Array(rows * dims);
    this.v = new Float32Array(rows * dims);
    this.steps = new Int32Array(rows);
    this.isTouched = new Uint8Array(rows);
  }

  /** Adds scale * g to row's gradient. */
  accumulate(row: number, scale: number, g: Float64Array): void {
    if (!this.isTouched[row]) {
      this.isTouched[row] = 1;
      this.touched.push(row);
    }
    const o = row * this.dims;
    for (let k = 0; k < this.dims; k++) this.grad[o + k]! += scale * g[k]!;
  }

  step(): void {
    const { grad, m, v, params, dims, rate } = this;
    for (const row of this.touched) {
      this.isTouched[row] = 0;
      const t = ++this.steps[row]!;
      const mScale = 1 / (1 - BETA1 ** t);
      const vScale = 1 / (1 - BETA2 ** t);
      for (let k = row * dims, end = k + dims; k < end; k++) {
        const g = grad[k]!;
        grad[k] = 0;
        m[k] = BETA1 * m[k]! + (1 - BETA1) * g;
        v[k] = BETA2 * v[k]! + (1 - BETA2) * g * g;
        params[k]! -= (rate * m[k]! * mScale) / (Math.sqrt(v[k]! * vScale) + EPSILON);
      }
    }
    this.touched.length = 0;
  }
}

/** 0..n-1 in a seeded random order (Fisher-Yates). */
function shuffled(n: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
