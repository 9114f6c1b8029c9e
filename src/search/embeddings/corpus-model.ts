/**
 * Paperboy's built-in embedding model: needs no download and no network, and is trained on the
 * store's own papers, so it gets better as the corpus grows.
 *
 * - Word vectors from co-occurrence: counts of each vocabulary word near each of the 1,024 most
 *   frequent words (window of 10, weighted 1/distance, stopwords dropped), turned into positive
 *   PMI with smoothed context frequencies (Levy, Goldberg and Dagan, 2015), reduced to 128
 *   dimensions by a truncated SVD (word vectors U·S^½). Words used in the same company
 *   ("transformer", "attention", "encoder") end up close.
 * - Paper vectors: the smooth-inverse-frequency weighted average of its words' vectors (title
 *   words twice), minus the corpus's common direction (Arora, Liang and Ma, 2017), unit length.
 * - Queries: the same average, plus WordNet synonyms and broader terms of each query word that
 *   the corpus uses: a paraphrase that shares no word with a paper still lands near it, and a
 *   word the corpus never saw ("picture") still counts through the ones it did ("image").
 */
import { scan } from '../tokenizer.js';
import { ppmi } from './cooccurrence.js';
import { truncatedSvd } from './svd.js';
import { seededRandom } from '../random.js';
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
}

/** SIF's a: words more frequent than ~1e-3 of tokens count progressively less. */
const SIF_A = 1e-3;
const TITLE_WEIGHT = 2;
/** Share of a query word's weight given to its WordNet relations (all of it when the corpus lacks the word); 0.5 let polysemy in. */
const EXPANSION_SHARE = 0.25;

export class CorpusModel {
  private readonly index: Map<string, number>;

  private constructor(
    readonly dims: number,
    /** Vocabulary terms (stemmed, as the tokenizer gives them). */
    private readonly words: string[],
    /** words.length x dims, each row unit length (zero for a word without context). */
    private readonly vectors: Float32Array,
    /** SIF weight of each word. */
    private readonly weights: Float32Array,
    /** The common direction removed from every paper vector. */
    private readonly common: Float32Array,
    /** Term -> related vocabulary words [index, weight] from WordNet. */
    private readonly expansions: Map<string, [number, number][]>,
    readonly trainedDocs: number,
  ) {
    this.index = new Map(words.map((w, i) => [w, i]));
    this.scratch = { weight: new Float64Array(words.length), touched: [] };
  }

  get vocabularySize(): number {
    return this.words.length;
  }

  static train(docs: readonly TrainingDoc[], options: TrainOptions = {}): CorpusModel {
    const seqs = docs.map((d) => [terms(d.title), terms(d.abstract)] as const);
    const counts = new Map<string, number>();
    for (const [t, a] of seqs) for (const seq of [t, a]) for (const w of seq) counts.set(w, (counts.get(w) ?? 0) + 1);
    const minCount = docs.length >= 5_000 ? 3 : 2;
    const words = [...counts].filter(([, n]) => n >= minCount).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, options.vocabulary ?? 20_000).map(([w]) => w);
    const index = new Map(words.map((w, i) => [w, i]));
    const contexts = Math.min(options.contexts ?? 1_024, words.length);
    const matrix = ppmi(seqs, index, words.length, contexts);
    const dims = Math.max(1, Math.min(options.dims ?? 128, contexts - 1, words.length - 1));
    const svd = truncatedSvd(matrix, dims, seededRandom(words.length * 31 + contexts));
    const vectors = new Float32Array(words.length * svd.rank);
    for (let i = 0; i < words.length; i++) {
      let norm = 0;
      for (let k = 0; k < svd.rank; k++) norm += (vectors[i * svd.rank + k] = svd.u[i * svd.rank + k]! * Math.sqrt(svd.s[k]!)) ** 2;
      norm = Math.sqrt(norm);
      for (let k = 0; norm > 0 && k < svd.rank; k++) vectors[i * svd.rank + k]! /= norm;
    }
    let total = 0;
    for (const n of counts.values()) total += n;
    const weights = Float32Array.from(words, (w) => SIF_A / (SIF_A + counts.get(w)! / total));
    const expansions = options.wordnet ? mapExpansions(options.wordnet, index) : new Map<string, [number, number][]>();
    const draft = new CorpusModel(svd.rank, words, vectors, weights, new Float32Array(svd.rank), expansions, docs.length);
    const common = commonDirection(docs.slice(0, 5_000).map((d) => draft.average(d.title, d.abstract)), svd.rank);
    return new CorpusModel(svd.rank, words, vectors, weights, common, expansions, docs.length);
  }

  /** A paper's unit vector (all zeros when none of its words has a vector). */
  embed(title: string, abstract: string): Float32Array {
    return this.finish(this.average(title, abstract));
  }

  /** The i-th vocabulary term. */
  word(i: number): string {
    return this.words[i]!;
  }

  /**
   * A paper's unit vector from its words' vocabulary indices, fed by `feed(add)` calling
   * `add(index, inTitle)` once per token: what embed() does after tokenizing, for callers that
   * hold the tokens already (the keyword index's token streams: 1M papers without re-tokenizing).
   */
  embedTokens(feed: (add: (word: number, inTitle: boolean) => void) => void): Float32Array {
    feed(this.addToken);
    return this.finish(this.flush());
  }

  /** A query's unit vector, WordNet-expanded; null when no word of it means anything to the model. */
  embedQuery(text: string): Float32Array | null {
    let any = false;
    for (const term of new Set(terms(text))) {
      const i = this.index.get(term);
      const related = this.expansions.get(term) ?? [];
      const own = i === undefined ? 0 : this.weights[i]!;
      if (i !== undefined) this.addWeight(i, related.length > 0 ? own * (1 - EXPANSION_SHARE) : own);
      const share = i === undefined ? 1 : EXPANSION_SHARE;
      // A missing word borrows the typical weight of its relations.
      const base = i === undefined ? mean(related.map(([j]) => this.weights[j]!)) : own;
      const sum = related.reduce((s, [, w]) => s + w, 0);
      for (const [j, w] of related) this.addWeight(j, (base * share * w) / sum);
      any ||= i !== undefined || related.length > 0;
    }
    const v = this.flush();
    return any ? this.finish(v) : null;
  }

  /** The query's distinct content terms, each with its vocabulary index (-1 when the model lacks it) and SIF weight (1 for a word the model lacks: rarer than any it has). */
  queryWords(text: string): { term: string; word: number; weight: number }[] {
    return [...new Set(terms(text))].map((term) => {
      const i = this.index.get(term);
      return i === undefined ? { term, word: -1, weight: 1 } : { term, word: i, weight: this.weights[i]! };
    });
  }

  /** Cosine of two vocabulary words' vectors. */
  wordCosine(i: number, j: number): number {
    const dims = this.dims;
    let dot = 0;
    for (let k = 0; k < dims; k++) dot += this.vectors[i * dims + k]! * this.vectors[j * dims + k]!;
    return dot;
  }

  /** Model file: a JSON header (words, expansions) and the float arrays. */
  serialize(): Uint8Array {
    const header = Buffer.from(JSON.stringify({ dims: this.dims, trainedDocs: this.trainedDocs, words: this.words, expansions: [...this.expansions] }));
    const pad = (4 - ((4 + header.length) % 4)) % 4;
    const floats = new Float32Array(this.vectors.length + this.weights.length + this.common.length);
    floats.set(this.vectors, 0);
    floats.set(this.weights, this.vectors.length);
    floats.set(this.common, this.vectors.length + this.weights.length);
    const out = Buffer.alloc(4 + header.length + pad + floats.byteLength);
    out.writeUInt32LE(header.length, 0);
    header.copy(out, 4);
    Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).copy(out, 4 + header.length + pad);
    return out;
  }

  static deserialize(data: Uint8Array): CorpusModel {
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const length = buf.readUInt32LE(0);
    const header = JSON.parse(buf.toString('utf8', 4, 4 + length)) as { dims: number; trainedDocs: number; words: string[]; expansions: [string, [number, number][]][] };
    const start = 4 + length + ((4 - ((4 + length) % 4)) % 4);
    const floats = new Float32Array(buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + buf.length));
    const n = header.words.length * header.dims;
    return new CorpusModel(
      header.dims, header.words, floats.slice(0, n), floats.slice(n, n + header.words.length),
      floats.slice(n + header.words.length, n + header.words.length + header.dims), new Map(header.expansions), header.trainedDocs,
    );
  }

  /** Weight of each vocabulary word in the text being averaged; `touched` lists the non-zero ones. */
  private readonly scratch: { weight: Float64Array; touched: number[] };

  private readonly addToken = (i: number, inTitle: boolean): void => this.addWeight(i, (inTitle ? TITLE_WEIGHT : 1) * this.weights[i]!);

  /** Adds `w` to word i's weight in the text being averaged (all weights are positive). */
  private addWeight(i: number, w: number): void {
    const weight = this.scratch.weight;
    if (weight[i] === 0) this.scratch.touched.push(i);
    weight[i]! += w;
  }

  private average(title: string, abstract: string): Float32Array {
    for (const term of terms(title)) {
      const i = this.index.get(term);
      if (i !== undefined) this.addToken(i, true);
    }
    for (const term of terms(abstract)) {
      const i = this.index.get(term);
      if (i !== undefined) this.addToken(i, false);
    }
    return this.flush();
  }

  /** The weighted sum of the words added since the last flush; clears them. */
  private flush(): Float32Array {
    const { weight, touched } = this.scratch;
    // Each distinct word once (an abstract repeats ~40% of its words): the 128-wide adds are the cost.
    const dims = this.dims;
    const vectors = this.vectors;
    const sum = new Float64Array(dims);
    for (let t = 0; t < touched.length; t++) {
      const i = touched[t]!;
      const w = weight[i]!;
      weight[i] = 0;
      const o = i * dims;
      for (let k = 0; k < dims; k++) sum[k]! += w * vectors[o + k]!;
    }
    touched.length = 0;
    return Float32Array.from(sum);
  }

  /** Removes the common direction and scales to unit length. */
  private finish(v: Float32Array): Float32Array {
    let dot = 0;
    for (let k = 0; k < this.dims; k++) dot += v[k]! * this.common[k]!;
    let norm = 0;
    for (let k = 0; k < this.dims; k++) norm += (v[k]! -= dot * this.common[k]!) ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < this.dims; k++) v[k]! /= norm;
    return v;
  }
}

/** Whitespace-separated chunk -> its content terms: abstracts repeat words, so most chunks are tokenized once (3x faster embedding). */
const chunkTerms = new Map<string, string[]>();
/** Entries kept before the memo starts over (~100 MB at most). */
const CHUNK_MEMO_LIMIT = 500_000;

/** The content terms of a text: stemmed, stopwords and duplicate hyphen forms dropped, 2+ characters. */
function terms(text: string): string[] {
  const out: string[] = [];
  for (const chunk of text.split(/\s+/)) {
    if (chunk === '') continue;
    let cached = chunkTerms.get(chunk);
    if (cached === undefined) {
      cached = [];
      const into = cached;
      scan(chunk, (term, _s, _e, stacked, stop) => {
        if (!stacked && !stop && term.length > 1 && !/^\d+$/.test(term)) into.push(term);
      });
      if (chunkTerms.size >= CHUNK_MEMO_LIMIT) chunkTerms.clear();
      chunkTerms.set(chunk, cached);
    }
    for (const t of cached) out.push(t);
  }
  return out;
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

function mean(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}
