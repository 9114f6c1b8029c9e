/**
 * Paperboy's built-in embedding model: needs no download and no network. It starts from a
 * general model shipped with Paperboy (trained by `npm run train:model` on 173,000 arXiv
 * computer-science abstracts of 1989-2019, `models/`), and is extended by the store's own
 * papers as they arrive (model-training.ts).
 *
 * - Word vectors from co-occurrence: counts of each vocabulary word near each of the most
 *   frequent words (the contexts; window of 10, weighted 1/distance, stopwords dropped), turned
 *   into positive PMI with smoothed context frequencies (Levy, Goldberg and Dagan, 2015),
 *   reduced by a truncated SVD (word vectors U·S^½). Words used in the same company
 *   ("transformer", "attention", "encoder") end up close. The model keeps the contexts' vectors
 *   (V·S^-½), so a word it never saw gets a vector from its own PPMI row ("folding in").
 * - Paper vectors: the smooth-inverse-frequency weighted average of its words' vectors (title
 *   words twice), minus the corpus's common direction (Arora, Liang and Ma, 2017), unit length.
 * - Queries: the same average, plus WordNet synonyms and broader terms of each query word that
 *   the model knows: a paraphrase that shares no word with a paper still lands near it, and a
 *   word the corpus never saw ("picture") still counts through the ones it did ("image").
 */
import { scan } from '../tokenizer.js';

const TITLE_WEIGHT = 2;
/** Share of a query word's weight given to its WordNet relations (all of it when the corpus lacks the word); 0.5 let polysemy in. */
const EXPANSION_SHARE = 0.25;

/** Everything a model is made of (what training produces and serialize() writes). */
export interface ModelParts {
  dims: number;
  /** Vocabulary terms (stemmed, as the tokenizer gives them), most frequent first in training. */
  words: string[];
  /** words.length x dims, each row unit length (zero for a word without context). */
  vectors: Float32Array;
  /** SIF weight of each word. */
  weights: Float32Array;
  /** The common direction removed from every paper vector. */
  common: Float32Array;
  /** Term -> related vocabulary words [index, weight] from WordNet. */
  expansions: Map<string, [number, number][]>;
  /** Papers the model learnt from (the store's, for a model extended by a store). */
  trainedDocs: number;
  /** Context words are words 0..contexts-1; their vectors (contexts x dims, V·S^-½) fold new words in. Empty for a model without them. */
  contextVectors: Float32Array;
  /** Smoothed probability of each context word (PMI's denominator). */
  contextProb: Float32Array;
  /** Id of the shipped model this one extends (shippedModelId()), or null for a model trained on a corpus alone. */
  base: string | null;
}

export class CorpusModel {
  private readonly index: Map<string, number>;
  readonly dims: number;
  private readonly words: string[];
  private readonly vectors: Float32Array;
  private readonly weights: Float32Array;
  private readonly common: Float32Array;
  private readonly expansions: Map<string, [number, number][]>;
  readonly trainedDocs: number;

  private constructor(readonly parts: ModelParts) {
    ({ dims: this.dims, words: this.words, vectors: this.vectors, weights: this.weights, common: this.common, expansions: this.expansions, trainedDocs: this.trainedDocs } = parts);
    this.index = new Map(this.words.map((w, i) => [w, i]));
    this.scratch = { weight: new Float64Array(this.words.length), touched: [] };
  }

  static from(parts: ModelParts): CorpusModel {
    return new CorpusModel(parts);
  }

  get vocabularySize(): number {
    return this.words.length;
  }

  /** Number of context words (0 when the model cannot fold new words in). */
  get contexts(): number {
    return this.parts.contextProb.length;
  }

  /** Vocabulary index of a term, or -1. */
  indexOf(term: string): number {
    return this.index.get(term) ?? -1;
  }

  /** A paper's weighted word sum before centring and scaling (training finds the common direction from these). */
  weightedSum(title: string, abstract: string): Float32Array {
    return this.average(title, abstract);
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

  /**
   * Model file: a 4-byte header length, a JSON header (words, expansions), padding to 4 bytes,
   * float32 arrays (weights, common direction, row scales, context vectors and probabilities),
   * then the word vectors as int8 rows scaled to their largest component (a quarter of float32's
   * size: the shipped model and every stored one; cosines move by < 0.01).
   */
  serialize(): Uint8Array {
    const { dims, words, vectors, weights, common, expansions, trainedDocs, contextVectors, contextProb } = this.parts;
    const header = Buffer.from(JSON.stringify({ format: 2, dims, trainedDocs, base: this.parts.base, words, expansions: [...expansions], contexts: contextProb.length }));
    const pad = (4 - ((4 + header.length) % 4)) % 4;
    const scales = new Float32Array(words.length);
    const codes = new Int8Array(words.length * dims);
    for (let i = 0; i < words.length; i++) {
      let max = 0;
      for (let k = 0; k < dims; k++) max = Math.max(max, Math.abs(vectors[i * dims + k]!));
      scales[i] = max / 127;
      for (let k = 0; max > 0 && k < dims; k++) codes[i * dims + k] = Math.round((vectors[i * dims + k]! / max) * 127);
    }
    const floats = concatFloats([weights, common, scales, contextVectors, contextProb]);
    const out = Buffer.alloc(4 + header.length + pad + floats.byteLength + codes.byteLength);
    out.writeUInt32LE(header.length, 0);
    header.copy(out, 4);
    const start = 4 + header.length + pad;
    Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).copy(out, start);
    Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength).copy(out, start + floats.byteLength);
    return out;
  }

  /** Reads serialize()'s format, and the earlier all-float32 one (models stored before the shipped model). */
  static deserialize(data: Uint8Array): CorpusModel {
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const length = buf.readUInt32LE(0);
    const header = JSON.parse(buf.toString('utf8', 4, 4 + length)) as { format?: number; dims: number; trainedDocs: number; base?: string | null; words: string[]; expansions: [string, [number, number][]][]; contexts?: number };
    const start = 4 + length + ((4 - ((4 + length) % 4)) % 4);
    const { dims, words } = header;
    const base = { dims, words, expansions: new Map(header.expansions), trainedDocs: header.trainedDocs, base: header.base ?? null };
    if (header.format !== 2) {
      const floats = new Float32Array(buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + buf.length));
      const n = words.length * dims;
      return new CorpusModel({
        ...base, vectors: floats.slice(0, n), weights: floats.slice(n, n + words.length), common: floats.slice(n + words.length, n + words.length + dims),
        contextVectors: new Float32Array(), contextProb: new Float32Array(),
      });
    }
    const contexts = header.contexts ?? 0;
    const floatCount = words.length * 2 + dims + contexts * (dims + 1);
    const floats = new Float32Array(buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + start + floatCount * 4));
    const codes = new Int8Array(buf.buffer.slice(buf.byteOffset + start + floatCount * 4, buf.byteOffset + start + floatCount * 4 + words.length * dims));
    const [weights, common, scales, contextVectors, contextProb] = splitFloats(floats, [words.length, dims, words.length, contexts * dims, contexts]);
    const vectors = new Float32Array(words.length * dims);
    for (let i = 0; i < words.length; i++) {
      const scale = scales![i]!;
      for (let k = 0; k < dims; k++) vectors[i * dims + k] = codes[i * dims + k]! * scale;
    }
    return new CorpusModel({ ...base, vectors, weights: weights!, common: common!, contextVectors: contextVectors!, contextProb: contextProb! });
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
export function terms(text: string): string[] {
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

function concatFloats(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function splitFloats(floats: Float32Array, lengths: number[]): Float32Array[] {
  let at = 0;
  return lengths.map((n) => floats.slice(at, (at += n)));
}

function mean(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}
