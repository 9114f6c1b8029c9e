/**
 * Making the built-in model (corpus-model.ts): trained from scratch on a corpus (how the shipped
 * model is made, then tuned contrastively on the same papers: contrastive.ts, and its words moved
 * towards their WordNet definitions: definitions.ts; and the fallback when it is missing), or
 * extended from the shipped model by a store's own papers — words the shipped model never saw
 * ("gaussian splatting" in 2019's abstracts) get vectors folded in from their co-occurrence with
 * its context words, and every word's weight follows how often the store uses it. A store does
 * not tune: one pass over 20,000 of its papers measured +0.00 / +0.01 semantic MRR@10 at 76k
 * papers (daily / recent sets) for ~10 s more a reindex.
 */
import { seededRandom } from '../random.js';
import { tuneWordVectors, type TuneOptions } from './contrastive.js';
import { contextProbabilities, countCooccurrence, ppmiRows } from './cooccurrence.js';
import { CorpusModel, terms, type ModelParts } from './corpus-model.js';
import { defineWords } from './definitions.js';
import { normalize } from './embedder.js';
import { rightVectors, truncatedSvd } from './svd.js';
import type { Related } from './wordnet.js';

export interface TrainingDoc {
  title: string;
  abstract: string;
}

export interface TrainOptions {
  /** Most words with a vector (by frequency): 20,000 covers the vocabulary of ~99% of tokens. */
  vocabulary?: number;
  /** Context words (columns of the co-occurrence matrix). */
  contexts?: number;
  dims?: number;
  /** WordNet relations (readWordnet()), or null to train without them. */
  wordnet?: Map<string, Related[]> | null;
  /** Contrastive tuning of the word vectors on the same papers (contrastive.ts); none when absent. */
  tune?: TuneOptions;
  /** WordNet's definitions (readDefinitions()), which each word's vector is moved towards after tuning (definitions.ts); none when absent. */
  definitions?: ReadonlyMap<string, readonly string[]> | null;
}

export interface ExtendOptions {
  /** New words given vectors at most (the store's most frequent ones the shipped model lacks). */
  newWords?: number;
}

/** SIF's a: words more frequent than ~1e-3 of tokens count progressively less. */
const SIF_A = 1e-3;
/** Papers the common direction is estimated from. */
const COMMON_SAMPLE = 5_000;
/** Fewer store papers than this and an extended model keeps the shipped model's common direction. */
const COMMON_MIN = 100;
/** Floats of co-occurrence counts held at once while folding words in (128 MB). */
const FOLD_BUDGET = 32_000_000;

/** A model trained on `docs` alone. */
export function trainModel(docs: readonly TrainingDoc[], options: TrainOptions = {}): CorpusModel {
  const seqs = docs.map((d) => [terms(d.title), terms(d.abstract)] as const);
  const counts = countTerms(seqs);
  const words = [...counts].filter(([, n]) => n >= minCountFor(docs.length)).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, options.vocabulary ?? 20_000).map(([w]) => w);
  const index = new Map(words.map((w, i) => [w, i]));
  const contexts = Math.min(options.contexts ?? 1_024, words.length);
  const ids = toIds(seqs, index);
  const cooccurrence = countCooccurrence(ids, Int32Array.from(words, (_, i) => i), words.length, contexts);
  const contextProb = contextProbabilities(cooccurrence, words.length, contexts);
  const matrix = ppmiRows(cooccurrence, words.length, contexts, contextProb);
  const dims = Math.max(1, Math.min(options.dims ?? 128, contexts - 1, words.length - 1));
  const svd = truncatedSvd(matrix, dims, seededRandom(words.length * 31 + contexts));
  const vectors = new Float32Array(words.length * svd.rank);
  for (let i = 0; i < words.length; i++) {
    for (let k = 0; k < svd.rank; k++) vectors[i * svd.rank + k] = svd.u[i * svd.rank + k]! * Math.sqrt(svd.s[k]!);
    normalize(vectors.subarray(i * svd.rank, (i + 1) * svd.rank));
  }
  const total = sum(counts.values());
  const parts: ModelParts = {
    dims: svd.rank, words, vectors, weights: Float32Array.from(words, (w) => sif(counts.get(w)! / total)), common: new Float32Array(svd.rank),
    expansions: new Map(), trainedDocs: docs.length, contextVectors: Float32Array.from(rightVectors(matrix, svd, -0.5)), contextProb, base: null,
  };
  const tuned = options.tune ? { ...parts, vectors: tuneWordVectors(parts, docs, options.tune) } : parts;
  const defined = options.definitions ? { ...tuned, vectors: defineWords(tuned, options.definitions, words.map((w) => counts.get(w)! / total)) } : tuned;
  return finish(docs, defined, options.wordnet ?? null);
}

/**
 * `base` (the shipped model) extended by `docs` (a sample of the store): the store's frequent
 * words that `base` lacks get vectors folded in from their PPMI rows against base's contexts;
 * base's own words keep their vectors (moving them towards the store's use of them measured
 * worse at 76k papers: semantic MRR@10 0.647/0.739 -> 0.617/0.700, daily/recent). Weights follow
 * the store's word frequencies, and the common direction is the store's.
 */
export function extendModel(base: CorpusModel, baseId: string, docs: readonly TrainingDoc[], options: ExtendOptions = {}): CorpusModel {
  const { dims, words: baseWords, vectors: baseVectors, weights: baseWeights } = base.parts;
  const seqs = docs.map((d) => [terms(d.title), terms(d.abstract)] as const);
  const counts = countTerms(seqs);
  const contexts = base.contexts;
  const used = contexts === 0 ? [] : [...counts].filter(([, n]) => n >= minCountFor(docs.length)).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  const added = used.filter(([w]) => base.indexOf(w) < 0).slice(0, options.newWords ?? 30_000).map(([w]) => w);
  const words = [...baseWords, ...added];
  const index = new Map(words.map((w, i) => [w, i]));
  const vectors = new Float32Array(words.length * dims);
  vectors.set(baseVectors);
  const folded = added.map((w) => index.get(w)!);
  const ids = toIds(seqs, index);
  vectors.set(foldRows(ids, folded, words.length, base), baseWords.length * dims);
  const total = sum(counts.values());
  const weights = Float32Array.from(words, (w, i) => {
    const n = counts.get(w);
    return n === undefined ? baseWeights[i]! : sif(n / total);
  });
  // WordNet's relations and definitions stay the shipped model's (mapped onto its words when it was
  // trained: the words a store adds are mostly jargon WordNet lacks), so extending reads no WordNet
  // (~2 s a time). Moving the new words it does define ("shogi") towards their definitions as well
  // measured +0.003 / -0.011 semantic MRR@10 on the recent set's paraphrases (76k / 1,750 papers)
  // for ~3 s more a reindex (with every defined word moved half-way, an earlier form of the rule).
  const parts = { ...base.parts, words, vectors, weights, trainedDocs: docs.length, base: baseId };
  return finish(docs.length >= COMMON_MIN ? docs : [], parts, null);
}

/** The vector of each word in `words` (rows of the result, unit length): its PPMI row in the store against base's contexts, times their vectors. */
function foldRows(ids: Int32Array[], words: readonly number[], vocabulary: number, base: CorpusModel): Float32Array {
  const { dims, contextVectors, contextProb } = base.parts;
  const contexts = base.contexts;
  const out = new Float32Array(words.length * dims);
  const chunk = Math.max(1, Math.floor(FOLD_BUDGET / Math.max(1, contexts)));
  for (let from = 0; from < words.length; from += chunk) {
    const rows = words.slice(from, from + chunk);
    const rowOf = new Int32Array(vocabulary).fill(-1);
    rows.forEach((word, r) => (rowOf[word] = r));
    const matrix = ppmiRows(countCooccurrence(ids, rowOf, rows.length, contexts), rows.length, contexts, contextProb);
    for (let r = 0; r < rows.length; r++) {
      const o = (from + r) * dims;
      for (let p = matrix.rowStart[r]!; p < matrix.rowStart[r + 1]!; p++) {
        const v = matrix.values[p]!;
        const co = matrix.colIndex[p]! * dims;
        for (let k = 0; k < dims; k++) out[o + k]! += v * contextVectors[co + k]!;
      }
      normalize(out.subarray((from + r) * dims, (from + r + 1) * dims));
    }
  }
  return out;
}

/** The parts with WordNet expansions mapped onto the vocabulary (null: the parts' own kept) and the common direction of `docs` found (none given: the parts' own kept). */
function finish(docs: readonly TrainingDoc[], parts: ModelParts, wordnet: Map<string, Related[]> | null): CorpusModel {
  const expansions = wordnet ? mapExpansions(wordnet, new Map(parts.words.map((w, i) => [w, i]))) : parts.expansions;
  const draft = CorpusModel.from({ ...parts, expansions, common: new Float32Array(parts.dims) });
  if (docs.length === 0) return CorpusModel.from({ ...parts, expansions });
  const step = Math.max(1, docs.length / COMMON_SAMPLE);
  const sample: Float32Array[] = [];
  for (let i = 0; i < docs.length; i += step) sample.push(draft.weightedSum(docs[Math.floor(i)]!.title, docs[Math.floor(i)]!.abstract));
  return CorpusModel.from({ ...parts, expansions, common: commonDirection(sample, parts.dims) });
}

function countTerms(seqs: readonly (readonly [string[], string[]])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [t, a] of seqs) for (const seq of [t, a]) for (const w of seq) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/** Each paper's title and abstract as vocabulary ids (-1 for other words): two sequences, so no window spans them. */
function toIds(seqs: readonly (readonly [string[], string[]])[], index: Map<string, number>): Int32Array[] {
  return seqs.flatMap((pair) => pair.map((seq) => Int32Array.from(seq, (w) => index.get(w) ?? -1)));
}

function minCountFor(docs: number): number {
  return docs >= 5_000 ? 3 : 2;
}

function sif(frequency: number): number {
  return SIF_A / (SIF_A + frequency);
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const n of values) total += n;
  return total;
}

/** The first principal direction of `vectors` (power iteration on their uncentred covariance). */
function commonDirection(vectors: Float32Array[], dims: number): Float32Array {
  let u = new Float32Array(dims).fill(1 / Math.sqrt(dims));
  for (let iter = 0; iter < 30; iter++) {
    const next = new Float32Array(dims);
    for (const v of vectors) {
      let dot = 0;
      for (let k = 0; k < dims; k++) dot += v[k]! * u[k]!;
      for (let k = 0; k < dims; k++) next[k]! += dot * v[k]!;
    }
    const norm = Math.hypot(...next);
    if (norm === 0) return new Float32Array(dims);
    u = next.map((x) => x / norm);
  }
  return u;
}

/** WordNet relations re-keyed by our terms, keeping only related words the model has vectors for. */
function mapExpansions(wordnet: Map<string, Related[]>, index: Map<string, number>): Map<string, [number, number][]> {
  const stemOf = (word: string): string | null => {
    const t = terms(word);
    return t.length === 1 ? t[0]! : null;
  };
  const out = new Map<string, [number, number][]>();
  for (const [lemma, related] of wordnet) {
    const term = stemOf(lemma);
    if (!term) continue;
    const best = new Map<number, number>(out.get(term));
    for (const r of related) {
      const t = stemOf(r.word);
      const j = t === null || t === term ? undefined : index.get(t);
      if (j !== undefined) best.set(j, Math.max(best.get(j) ?? 0, r.weight));
    }
    if (best.size > 0) out.set(term, [...best]);
  }
  return out;
}
