/**
 * Builds an immutable main segment in two passes:
 *   1. tokenize each document into the forward stream (term ids) and count document frequencies;
 *   2. with the average field lengths now known, read the streams back, weigh each document's
 *      terms (BM25F) and write postings straight into place (lists pre-sized by df), then pack
 *      them into blocks.
 * Documents are numbered in the order they are added: the caller adds doc 0, 1, 2 ... (an empty
 * slot for a number no longer in use), so main-segment doc numbers are the index's doc numbers.
 */
import { fieldNorms, FIELDS, MIN_DOCS_FOR_AVG, PRIOR_AVG_LEN, quantize } from './bm25.js';
import { ByteWriter } from './doc-stream.js';
import { DocTokens } from './doc-tokens.js';
import { encodePostings } from './postings.js';
import { MainSegment } from './segment.js';
import type { Segment } from './segment.js';
import { isStopTerm } from './stopwords.js';
import { TermDict } from './term-dict.js';
import { TermIdScanner } from './tokenizer.js';

export class SegmentBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private stop = new Uint8Array(1024);
  private df = new Uint32Array(1024);
  private lastDoc = new Int32Array(1024).fill(-1);
  private docStart = new Uint32Array(1024);
  private readonly stream = new ByteWriter();
  private readonly tokens = new DocTokens();
  private readonly lengthSums = new Float64Array(FIELDS);
  private nonEmpty = 0;
  private docs = 0;
  private readonly intern = (term: string, stop: boolean): number => {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      if (id === this.df.length) this.growTerms();
      this.stop[id] = stop ? 1 : 0;
    }
    return id;
  };
  private readonly scanner = new TermIdScanner(this.intern);

  get size(): number {
    return this.docs;
  }

  /** Adds the next document: its texts in field order (title, abstract, authors, id). */
  addDoc(fields: readonly string[]): void {
    this.addTokens(this.tokens.fromText(fields, this.scanner));
  }

  /** Adds a document number that holds nothing (removed): it matches no query. */
  addEmpty(): void {
    this.addTokens(this.tokens.fromText([], this.scanner));
  }

  /**
   * Adds document `doc` of another segment, tokens copied without re-tokenizing. `map` caches
   * that segment's term ids to this builder's (-1: not yet seen); one map per source segment.
   */
  copyDoc(source: Segment, doc: number, map: Int32Array): void {
    this.addTokens(
      this.tokens.fromSegment(source, doc, (id) => {
        let mine = map[id]!;
        if (mine < 0) {
          const term = source.term(id);
          mine = map[id] = this.intern(term, isStopTerm(term));
        }
        return mine;
      }),
    );
  }

  /** Second pass and packing. `avgLen`: impose field averages (else measured, or priors below 1,000 docs). */
  finish(avgLen?: ArrayLike<number>): MainSegment {
    const n = this.docs;
    const avg = Float64Array.from(avgLen ?? (this.nonEmpty >= MIN_DOCS_FOR_AVG ? Array.from(this.lengthSums, (s) => s / this.nonEmpty) : PRIOR_AVG_LEN));
    const fwd = this.stream.toBytes();
    const fwdStart = this.docStart.slice(0, n + 1);
    fwdStart[n] = fwd.length;
    const terms = this.terms.length;
    const termPost = new Uint32Array(terms + 1);
    for (let t = 0; t < terms; t++) termPost[t + 1] = termPost[t]! + (this.stop[t] ? 0 : this.df[t]!);
    const total = termPost[terms]!;
    const docs = new Uint32Array(total);
    const impacts = new Uint8Array(total);
    const next = termPost.slice(0, terms);
    const acc = new Float64Array(terms);
    const norms = new Float64Array(FIELDS);
    const touched: number[] = [];
    const hasPostings = (id: number) => this.stop[id] === 0;
    for (let d = 0; d < n; d++) {
      const tokens = this.tokens.fromStream(fwd, fwdStart[d]!);
      tokens.weigh(fieldNorms(tokens.lengths, avg, norms), hasPostings, acc, touched);
      for (const id of touched) {
        const p = next[id]!++;
        docs[p] = d;
        impacts[p] = quantize(acc[id]!);
        acc[id] = 0;
      }
      touched.length = 0;
    }
    const postings = encodePostings(termPost, docs, impacts);
    return new MainSegment({ dict: TermDict.build(this.terms), postings, fwdStart, fwd, avgLen: avg });
  }

  private addTokens(tokens: DocTokens): void {
    const doc = this.docs++;
    if (doc + 1 >= this.docStart.length) this.docStart = grow(this.docStart, this.docStart.length * 2);
    this.docStart[doc] = this.stream.length;
    tokens.writeTo(this.stream);
    for (let i = 0; i < tokens.count; i++) {
      const id = tokens.ids[i]!;
      if (this.lastDoc[id] !== doc) {
        this.lastDoc[id] = doc;
        this.df[id]!++;
      }
    }
    let total = 0;
    for (let f = 0; f < FIELDS; f++) {
      this.lengthSums[f]! += tokens.lengths[f]!;
      total += tokens.lengths[f]!;
    }
    if (total > 0) this.nonEmpty++;
  }

  private growTerms(): void {
    const size = this.df.length * 2;
    this.df = grow(this.df, size);
    this.stop = grow(this.stop, size);
    const last = new Int32Array(size).fill(-1);
    last.set(this.lastDoc);
    this.lastDoc = last;
  }
}

function grow<T extends Uint8Array | Uint32Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}
