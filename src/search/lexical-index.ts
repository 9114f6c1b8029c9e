import { tokenize } from './tokenizer.js';

/**
 * The keyword index: an inverted index in typed arrays, scored with BM25F and searched top-k
 * with MaxScore, so a common word ("model", in a third of all abstracts) is only read where it
 * can still change the top k.
 *
 * Scoring (BM25F): per field f, tf~ = Σ w_f · tf_f / (1 − b + b · len_f / avglen_f), then
 * impact = idf · tf~ (k1 + 1) / (k1 + tf~), idf = ln(1 + (N − df + 0.5) / (df + 0.5)).
 * Weights: title 3 (a title is the paper's own summary: a term there means more than in the
 * abstract), abstract 1, authors 2 (names are rare tokens; a name query should find the papers
 * by that person above the papers that cite them). k1 = 1.2 and b = 0.75 as usual for prose.
 * The index is static, so each posting's impact is computed once at build time and a query only
 * adds numbers.
 */
export interface IndexDoc {
  key: string;
  title: string;
  abstract: string;
  authors: string;
}

const FIELDS = 3;
const WEIGHTS = [3, 1, 2];
const K1 = 1.2;
const B = 0.75;

/** Collection statistics; a delta segment borrows the main segment's so scores compare. */
export interface CollectionStats {
  docs: number;
  avgLen: number[];
  df(term: string): number;
}

export interface Hit {
  key: string;
  score: number;
}

export interface SearchOptions {
  k: number;
  /** Skip a document (filters, hidden or replaced papers). */
  exclude?: (key: string) => boolean;
}

/** Growable typed postings while building: doc ordinals and packed field frequencies. */
class Postings {
  docs = new Uint32Array(4);
  tfs = new Uint32Array(4);
  n = 0;
  push(doc: number, packed: number): void {
    if (this.n === this.docs.length) {
      const docs = new Uint32Array(this.n * 2);
      docs.set(this.docs);
      this.docs = docs;
      const tfs = new Uint32Array(this.n * 2);
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.docs[this.n] = doc;
    this.tfs[this.n++] = packed;
  }
}

export class LexicalIndexBuilder {
  private keys: string[] = [];
  private lengths: number[] = [];
  private postings = new Map<string, Postings>();

  add(doc: IndexDoc): void {
    const ordinal = this.keys.length;
    this.keys.push(doc.key);
    const counts = new Map<string, number[]>();
    [doc.title, doc.abstract, doc.authors].forEach((text, field) => {
      const tokens = tokenize(text);
      this.lengths.push(tokens.length);
      for (const t of tokens) {
        let c = counts.get(t);
        if (!c) counts.set(t, (c = [0, 0, 0]));
        c[field]!++;
      }
    });
    for (const [term, c] of counts) {
      let p = this.postings.get(term);
      if (!p) this.postings.set(term, (p = new Postings()));
      // 10 bits a field: 1,023 occurrences is more than any abstract holds.
      p.push(ordinal, Math.min(c[0]!, 1023) | (Math.min(c[1]!, 1023) << 10) | (Math.min(c[2]!, 1023) << 20));
    }
  }

  get size(): number {
    return this.keys.length;
  }

  /** Freezes the index. `stats`: score with another segment's statistics (delta segments). */
  build(stats?: CollectionStats): LexicalIndex {
    const n = this.keys.length;
    const avgLen = stats?.avgLen ?? [0, 1, 2].map((f) => (n ? this.lengths.filter((_, i) => i % FIELDS === f).reduce((a, b) => a + b, 0) / n : 1) || 1);
    const terms = [...this.postings.keys()].sort();
    const offsets = new Uint32Array(terms.length + 1);
    let total = 0;
    terms.forEach((t, i) => {
      offsets[i] = total;
      total += this.postings.get(t)!.n;
    });
    offsets[terms.length] = total;
    const docs = new Uint32Array(total);
    const impacts = new Float32Array(total);
    const maxImpact = new Float32Array(terms.length);
    const N = stats?.docs ?? n;
    terms.forEach((t, i) => {
      const p = this.postings.get(t)!;
      const df = stats ? Math.max(stats.df(t), p.n) : p.n;
      const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
      let max = 0;
      for (let j = 0; j < p.n; j++) {
        const doc = p.docs[j]!;
        const packed = p.tfs[j]!;
        let tf = 0;
        for (let f = 0; f < FIELDS; f++) {
          const raw = (packed >>> (10 * f)) & 1023;
          if (raw) tf += (WEIGHTS[f]! * raw) / (1 - B + (B * this.lengths[doc * FIELDS + f]!) / avgLen[f]!);
        }
        const impact = (idf * tf * (K1 + 1)) / (K1 + tf);
        docs[offsets[i]! + j] = doc;
        impacts[offsets[i]! + j] = impact;
        if (impact > max) max = impact;
      }
      maxImpact[i] = max;
    });
    return new LexicalIndex(this.keys, terms, offsets, docs, impacts, maxImpact, avgLen);
  }
}

export class LexicalIndex {
  private readonly termIds: Map<string, number>;

  constructor(
    readonly keys: string[],
    /** Sorted: prefix expansion is a binary search. */
    readonly terms: string[],
    private readonly offsets: Uint32Array,
    private readonly docs: Uint32Array,
    private readonly impacts: Float32Array,
    private readonly maxImpact: Float32Array,
    readonly avgLen: number[],
  ) {
    this.termIds = new Map(terms.map((t, i) => [t, i]));
  }

  get size(): number {
    return this.keys.length;
  }

  df(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.offsets[id + 1]! - this.offsets[id]!;
  }

  stats(): CollectionStats {
    return { docs: this.keys.length, avgLen: this.avgLen, df: (t) => this.df(t) };
  }

  /** Bytes held by the typed arrays (the dictionary and keys are JS strings on top). */
  get postingBytes(): number {
    return this.docs.byteLength + this.impacts.byteLength + this.offsets.byteLength;
  }

  /** Terms starting with `prefix`, most frequent first, at most `limit`. */
  expandPrefix(prefix: string, limit: number): string[] {
    let lo = 0;
    let hi = this.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.terms[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: string[] = [];
    for (let i = lo; i < this.terms.length && this.terms[i]!.startsWith(prefix); i++) found.push(this.terms[i]!);
    return found.sort((a, b) => this.df(b) - this.df(a)).slice(0, limit);
  }

  /**
   * Top k documents for the terms (repeats count once), by MaxScore: lists are ordered by their
   * best impact; while the k-th best score exceeds what the weakest lists could add together,
   * those lists are only probed (binary search) for documents the strong lists bring up.
   */
  search(queryTerms: readonly string[], options: SearchOptions): Hit[] {
    const ids = [...new Set(queryTerms)].map((t) => this.termIds.get(t)).filter((id): id is number => id !== undefined);
    if (ids.length === 0 || options.k <= 0) return [];
    ids.sort((a, b) => this.maxImpact[a]! - this.maxImpact[b]!);
    const m = ids.length;
    const start = ids.map((id) => this.offsets[id]!);
    const end = ids.map((id) => this.offsets[id + 1]!);
    const pos = [...start];
    const ub = ids.map((id) => this.maxImpact[id]!);
    const cum: number[] = [];
    ub.reduce((acc, u, i) => (cum[i] = acc + u), 0);
    const heap = new TopK(options.k);
    let essential = 0; // lists [essential, m) drive the candidates
    for (;;) {
      let doc = Infinity;
      for (let i = essential; i < m; i++) if (pos[i]! < end[i]! && this.docs[pos[i]!]! < doc) doc = this.docs[pos[i]!]!;
      if (doc === Infinity) break;
      let score = 0;
      for (let i = essential; i < m; i++) {
        if (pos[i]! < end[i]! && this.docs[pos[i]!] === doc) {
          score += this.impacts[pos[i]!]!;
          pos[i]!++;
        }
      }
      for (let i = essential - 1; i >= 0; i--) {
        if (score + cum[i]! <= heap.threshold) break;
        pos[i] = this.seek(pos[i]!, end[i]!, doc);
        if (pos[i]! < end[i]! && this.docs[pos[i]!] === doc) score += this.impacts[pos[i]!]!;
      }
      if (score <= heap.threshold) continue;
      const key = this.keys[doc]!;
      if (options.exclude?.(key)) continue;
      heap.push(doc, score);
      while (essential < m && cum[essential]! <= heap.threshold) essential++;
    }
    return heap.sorted().map(({ doc, score }) => ({ key: this.keys[doc]!, score }));
  }

  /** First position in [from, to) whose doc is >= target (galloping, then binary search). */
  private seek(from: number, to: number, target: number): number {
    let step = 1;
    let lo = from;
    let hi = from;
    while (hi < to && this.docs[hi]! < target) {
      lo = hi + 1;
      hi += step;
      step *= 2;
    }
    hi = Math.min(hi, to);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.docs[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** A bounded min-heap of (doc, score): the k best so far; `threshold` is the k-th score once full. */
class TopK {
  private docs: number[] = [];
  private scores: number[] = [];
  constructor(private readonly k: number) {}

  get threshold(): number {
    return this.docs.length < this.k ? 0 : this.scores[0]!;
  }

  push(doc: number, score: number): void {
    if (this.docs.length < this.k) {
      this.docs.push(doc);
      this.scores.push(score);
      this.up(this.docs.length - 1);
    } else if (score > this.scores[0]!) {
      this.docs[0] = doc;
      this.scores[0] = score;
      this.down(0);
    }
  }

  sorted(): Array<{ doc: number; score: number }> {
    return this.docs.map((doc, i) => ({ doc, score: this.scores[i]! })).sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.scores[p]! <= this.scores[i]!) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let s = i;
      if (l < this.docs.length && this.scores[l]! < this.scores[s]!) s = l;
      if (r < this.docs.length && this.scores[r]! < this.scores[s]!) s = r;
      if (s === i) return;
      this.swap(i, s);
      i = s;
    }
  }

  private swap(a: number, b: number): void {
    [this.docs[a], this.docs[b]] = [this.docs[b]!, this.docs[a]!];
    [this.scores[a], this.scores[b]] = [this.scores[b]!, this.scores[a]!];
  }
}
