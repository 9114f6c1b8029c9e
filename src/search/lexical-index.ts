/**
 * Paperboy's keyword index: BM25F over title, abstract, authors and arXiv id, top-k by
 * MaxScore with block-max skipping, phrases, search-as-you-type, filters, and updates that are
 * searchable at once. Pure in-memory: the caller feeds papers and persists snapshots.
 *
 *   const index = LexicalIndex.build(papers);                  // { key, title, abstract, authors }
 *   index.search('large language model agents', { k: 10 });    // [{ key, doc, score }]
 *   index.upsert({ key: '2401.01234', title: '...' });         // replaces the old version
 *   index.remove('2401.01234');
 *   index.matches('"chain of thought"', { limit: 5000 });      // every match, for other orders
 *
 * Layout: an immutable main segment (typed arrays) holds everything up to the last build or
 * compact(); upserts go to a small mutable delta segment, and the versions they replace are
 * tombstoned. compact() folds the delta back into a fresh main segment.
 *
 * Doc numbers: each key gets a number at its first upsert and keeps it for the life of the
 * index (through upserts, compaction and snapshots; a removed key's number is reserved for it),
 * numbered densely from 0. Callers index their own per-paper data by it (dates, categories,
 * upvotes in typed arrays) and express filters over it, as a predicate or a Bitset.
 */
import { Bitset } from './bitset.js';
import { ABSTRACT, TITLE, TITLE_MATCH_LEVEL } from './bm25.js';
import { DeltaSegment } from './delta-segment.js';
import { checkKey, fieldsOf, type IndexDoc } from './index-doc.js';
import { type ParsedQuery, parseQuery } from './query.js';
import { planClauses, segmentPlan, type Clauses } from './query-plan.js';
import { collect, type Plan, topK } from './retrieval.js';
import { type MainSegment, type Segment } from './segment.js';
import { SegmentBuilder } from './segment-builder.js';
import { isStopTerm } from './stopwords.js';
import { scan } from './tokenizer.js';
import { readSnapshot, readSnapshotFile, writeSnapshot, type IndexState } from './snapshot.js';
import { TopK } from './top-k.js';

/** Query text, a parsed query, or terms already tokenized (keywords; stopwords dropped). */
export type Query = string | ParsedQuery | readonly string[];

/** Keep a document: a predicate over doc numbers, or a Bitset of them. */
export type DocFilter = ((doc: number) => boolean) | Bitset;

export interface SearchOptions {
  /** Results wanted (default 10, at most 10,000). */
  k?: number;
  /** Search as you type: the last word also matches longer words beginning with it. */
  prefix?: boolean;
  filter?: DocFilter;
  /** Require every keyword (default: any; papers with more of them rank higher anyway). */
  all?: boolean;
}

export type { IndexDoc } from './index-doc.js';

export interface SearchHit {
  key: string;
  doc: number;
  score: number;
}

export interface MatchOptions {
  /** At most this many docs (default 10,000). */
  limit?: number;
  prefix?: boolean;
  filter?: DocFilter;
}

export interface MatchResult {
  /** Doc numbers holding every keyword and phrase of the query, main segment first. */
  docs: number[];
  /** More matched than `limit`. */
  truncated: boolean;
}

/** 10,000 results: beyond it a caller wants matches() and its own order, not relevance. */
export const MAX_K = 10_000;
/** Delta segment ordering: its docs come after every main doc (they lose score ties). */
const DELTA_BASE = 2 ** 32;

/** Query text matched against titles: longer than any title. */
const MAX_TITLE_QUERY = 500;

export class LexicalIndex {
  /** @internal state shared with snapshot.ts */
  constructor(
    /** @internal */ public main: MainSegment,
    /** @internal */ public delta: DeltaSegment,
    /** @internal doc number -> key */ public keys: string[],
    /** @internal main docs whose version is stale (replaced or removed) */ public mainDead: Bitset,
    /** @internal delta docs whose version is stale */ public deltaDead: Bitset,
    /** @internal doc numbers with no live version */ public removed: Bitset,
    /** @internal doc number -> its local doc in the delta, -1 when in main (or removed) */ public deltaLocal: Int32Array,
  ) {
    this.live = keys.length - removed.count();
  }

  /** Key -> doc number; after load() built on first need, so a read-only replica never pays for it (0.8 s, ~80 MB at 1M). */
  private keyDocs: Map<string, number> | null = null;
  private live: number;

  private get docs(): Map<string, number> {
    this.keyDocs ??= new Map(this.keys.map((k, i) => [k, i]));
    return this.keyDocs;
  }

  /** An index of `papers` in one pass (the fast path for a full rebuild). Later duplicates win. */
  static build(papers: Iterable<IndexDoc>): LexicalIndex {
    const builder = new SegmentBuilder();
    const keys: string[] = [];
    const seen = new Set<string>();
    const again: IndexDoc[] = [];
    for (const p of papers) {
      if (seen.has(p.key)) {
        again.push(p);
        continue;
      }
      checkKey(p.key);
      seen.add(p.key);
      keys.push(p.key);
      builder.addDoc(fieldsOf(p));
    }
    const index = new LexicalIndex(builder.finish(), new DeltaSegment(), keys, new Bitset(), new Bitset(), new Bitset(), new Int32Array(keys.length).fill(-1));
    index.keyDocs = new Map(keys.map((k, i) => [k, i])); // a built index takes upserts next
    for (const p of again) index.upsert(p);
    return index;
  }

  static empty(): LexicalIndex {
    return LexicalIndex.build([]);
  }

  /** The index as one buffer (see snapshot.ts); load() reads it back. */
  serialize(): Buffer {
    return writeSnapshot(this);
  }

  /** Throws SnapshotError for a damaged or other-version snapshot: rebuild then. */
  static load(snapshot: Uint8Array): LexicalIndex {
    return LexicalIndex.fromState(readSnapshot(snapshot));
  }

  static open(path: string): LexicalIndex {
    return LexicalIndex.fromState(readSnapshotFile(path));
  }

  private static fromState(s: IndexState): LexicalIndex {
    return new LexicalIndex(s.main, s.delta, s.keys, s.mainDead, s.deltaDead, s.removed, s.deltaLocal);
  }

  /** Papers searchable now. */
  get size(): number {
    return this.live;
  }

  /** Doc numbers are below this: size typed arrays of per-doc data with it. */
  get docLimit(): number {
    return this.keys.length;
  }

  /** Papers in the delta segment (compact() when this grows past a few percent of size). */
  get deltaSize(): number {
    return this.delta.docCount;
  }

  has(key: string): boolean {
    const d = this.docs.get(key);
    return d !== undefined && !this.removed.has(d);
  }

  docOf(key: string): number | undefined {
    return this.docs.get(key);
  }

  keyOf(doc: number): string | undefined {
    return this.keys[doc];
  }

  /** Adds or replaces the paper with this key; searchable on return. Returns its doc number. */
  upsert(paper: IndexDoc): number {
    checkKey(paper.key);
    let doc = this.docs.get(paper.key);
    if (doc === undefined) {
      doc = this.keys.length;
      this.keys.push(paper.key);
      this.docs.set(paper.key, doc);
      this.growDocs(doc + 1);
      this.live++;
    } else if (this.removed.has(doc)) {
      this.removed.delete(doc);
      this.live++;
    } else this.retire(doc);
    this.deltaLocal[doc] = this.delta.add(doc, fieldsOf(paper), this.main.data.avgLen);
    return doc;
  }

  /** Removes the paper; it is never returned again. False if the key was not indexed. */
  remove(key: string): boolean {
    const doc = this.docs.get(key);
    if (doc === undefined || this.removed.has(doc)) return false;
    this.retire(doc);
    this.removed.add(doc);
    this.deltaLocal[doc] = -1;
    this.live--;
    return true;
  }

  /** The k most relevant papers, best first (ties: older doc numbers first). */
  search(query: Query, options: SearchOptions = {}): SearchHit[] {
    const k = Math.max(0, Math.min(Math.floor(options.k ?? 10), MAX_K)) || 0;
    const clauses = this.clauses(query, options.prefix, options.all === true);
    if (!clauses || k === 0) return [];
    const heap = new TopK(k);
    for (const plan of this.plans(clauses, options.filter, false)) topK(plan, heap);
    return heap.sorted().map(({ score, order }) => {
      const doc = order >= DELTA_BASE ? this.delta.globalOf[order - DELTA_BASE]! : order;
      return { key: this.keys[doc]!, doc, score };
    });
  }

  /** Every paper holding all keywords and phrases (unscored), up to `limit`: for date or vote order. */
  matches(query: Query, options: MatchOptions = {}): MatchResult {
    const limit = Math.max(0, Math.floor(options.limit ?? 10_000));
    const clauses = this.clauses(query, options.prefix, true);
    const docs: number[] = [];
    if (!clauses) return { docs, truncated: false };
    let truncated = false;
    for (const plan of this.plans(clauses, options.filter, true)) {
      const local: number[] = [];
      truncated = collect(plan, limit - docs.length, local) || truncated;
      for (const d of local) docs.push(plan.orderBase === 0 ? d : this.delta.globalOf[d]!);
      if (truncated) break;
    }
    return { docs, truncated };
  }

  /** Folds the delta into a new main segment (tombstones dropped, statistics refreshed). */
  compact(): void {
    const builder = new SegmentBuilder();
    const mainMap = new Int32Array(this.main.data.dict.size).fill(-1);
    const deltaMap = new Int32Array(this.delta.allTerms().length).fill(-1);
    for (let doc = 0; doc < this.keys.length; doc++) {
      const local = this.deltaLocal[doc]!;
      if (this.removed.has(doc)) builder.addEmpty();
      else if (local >= 0) builder.copyDoc(this.delta, local, deltaMap);
      else builder.copyDoc(this.main, doc, mainMap);
    }
    this.main = builder.finish();
    this.delta = new DeltaSegment();
    this.mainDead = new Bitset();
    this.deltaDead = new Bitset();
    this.deltaLocal.fill(-1);
  }

  /**
   * A paper's `n` rarest title and abstract terms that some other paper also uses (fewest
   * papers first): a "more like this" query. Empty for an unknown or removed key.
   */
  distinctiveTerms(key: string, n: number): string[] {
    const doc = this.docs.get(key);
    if (doc === undefined || this.removed.has(doc)) return [];
    const local = this.deltaLocal[doc]!;
    const segment: Segment = local >= 0 ? this.delta : this.main;
    const ids = new Set<number>();
    segment.forEachToken(local >= 0 ? local : doc, (field, termId, stacked) => {
      if (!stacked && (field === TITLE || field === ABSTRACT)) ids.add(termId);
    });
    const df = (term: string) => this.main.df(this.main.termId(term)) + this.delta.df(this.delta.termId(term));
    return [...ids]
      .map((id) => segment.term(id))
      .filter((term) => !isStopTerm(term))
      .map((term) => ({ term, df: df(term) }))
      .filter((t) => t.df >= 2)
      .sort((a, b) => a.df - b.df || (a.term < b.term ? -1 : 1))
      .slice(0, n)
      .map((t) => t.term);
  }

  /** Number of terms of the main segment (the range of mainTermId()). */
  get mainTermCount(): number {
    return this.main.data.dict.size;
  }

  /** A term's id in the main segment, or -1. */
  mainTermId(term: string): number {
    return this.main.termId(term);
  }

  /**
   * What a paper whose title holds each of the query's words once (at an average title length)
   * scores: the measure of a strong match for this query. The best match's share of it tells
   * exact names and keywords (~1 or more) from descriptions (~0.5-0.9) and from paraphrases that
   * only meet scattered common words (~0.2-0.4); hybrid search weighs keywords by it (fusion.ts).
   */
  titleMatchScore(query: Query, prefix = false): number {
    const clauses = this.clauses(query, prefix, false);
    return clauses ? clauses.clauses.reduce((sum, c) => sum + Math.max(...c.weights), 0) * TITLE_MATCH_LEVEL : 0;
  }

  /**
   * The papers among `keys` whose title holds every word of the query (stopwords aside, stems
   * compared as the main segment keeps them), each with whether its title begins with them. A
   * query word no main-segment term has, or a paper changed since the segment was built, holds
   * nothing.
   */
  titlesHolding(query: string, keys: readonly string[]): Map<string, boolean> {
    const wanted = new Set<number>();
    let unknown = false;
    scan(query.slice(0, MAX_TITLE_QUERY), (term, _start, _end, stacked, stop) => {
      if (stacked || stop) return;
      const id = this.mainTermId(term);
      if (id < 0) unknown = true;
      else wanted.add(id);
    });
    const out = new Map<string, boolean>();
    if (unknown || wanted.size === 0) return out;
    const seen = new Set<number>();
    for (const key of keys) {
      const doc = this.docOf(key);
      if (doc === undefined) continue;
      seen.clear();
      let position = 0;
      let leads = true;
      const held = this.forEachMainToken(doc, (field, termId) => {
        if (field !== TITLE) return;
        if (position++ < wanted.size && !wanted.has(termId)) leads = false;
        if (wanted.has(termId)) seen.add(termId);
      });
      if (held && seen.size === wanted.size) out.set(key, leads);
    }
    return out;
  }

  /**
   * Calls `visit(field, termId)` for each token (stacked forms skipped) of doc's text as the main
   * segment holds it; false, without calls, when its current version is not there (changed since
   * the last build or compaction, or removed): the caller then works from the text.
   */
  forEachMainToken(doc: number, visit: (field: number, termId: number) => void): boolean {
    if (!this.inMain(doc)) return false;
    this.main.forEachToken(doc, (field, termId, stacked) => {
      if (!stacked) visit(field, termId);
    });
    return true;
  }

  /** Whether doc's current version is in the main segment (not changed since the last build or compaction, not removed). */
  inMain(doc: number): boolean {
    return doc < this.main.docCount && !this.removed.has(doc) && this.deltaLocal[doc]! < 0 && !this.mainDead.has(doc);
  }

  /** The main segment's token streams (doc d: fwd[fwdStart[d], fwdStart[d + 1])), for work in another thread. */
  get mainStreams(): { fwd: Uint8Array; fwdStart: Uint32Array } {
    return { fwd: this.main.data.fwd, fwdStart: this.main.data.fwdStart };
  }

  /** Sizes, for logs and benchmarks. */
  stats(): { docs: number; docNumbers: number; deltaDocs: number; terms: number; postings: number; mainBytes: number } {
    const p = this.main.data.postings;
    return { docs: this.live, docNumbers: this.keys.length, deltaDocs: this.delta.docCount, terms: this.main.data.dict.size, postings: p.impacts.length, mainBytes: this.main.bytes };
  }

  private clauses(query: Query, prefix: boolean | undefined, all: boolean): Clauses | null {
    const parsed = typeof query === 'string' ? parseQuery(query, { prefix: prefix === true }) : isTerms(query) ? termsQuery(query) : query;
    // N of idf counts every version the segments hold, replaced ones too, as df does.
    return planClauses(parsed, [this.main, this.delta], this.main.nonEmpty + this.delta.docCount, all);
  }

  private plans(clauses: Clauses, filter: DocFilter | undefined, matchAll: boolean): Plan[] {
    const keep = filter === undefined ? null : filter instanceof Bitset ? (d: number) => filter.has(d) : filter;
    const { mainDead, deltaDead, delta } = this;
    const acceptMain = keep ? (d: number) => !mainDead.has(d) && keep(d) : (d: number) => !mainDead.has(d);
    const acceptDelta = (d: number) => !deltaDead.has(d) && (keep === null || keep(delta.globalOf[d]!));
    const plans = [segmentPlan(this.main, clauses, acceptMain, 0, matchAll), segmentPlan(delta, clauses, acceptDelta, DELTA_BASE, matchAll)];
    return plans.filter((p): p is Plan => p !== null);
  }

  /** Tombstones the doc's current version, wherever it is. */
  private retire(doc: number): void {
    const local = this.deltaLocal[doc]!;
    if (local >= 0) this.deltaDead.add(local);
    else if (doc < this.main.docCount) this.mainDead.add(doc);
  }

  private growDocs(size: number): void {
    if (size <= this.deltaLocal.length) return;
    const next = new Int32Array(Math.max(size, this.deltaLocal.length * 2, 1024)).fill(-1);
    next.set(this.deltaLocal);
    this.deltaLocal = next;
  }
}

function isTerms(query: ParsedQuery | readonly string[]): query is readonly string[] {
  return Array.isArray(query);
}

function termsQuery(terms: readonly string[]): ParsedQuery {
  return { terms: [...new Set(terms)].filter((t) => !isStopTerm(t)), phrases: [], prefix: null, ids: [] };
}

/**
 * The first slice's builder API, kept so its callers (bench/search.ts) still run; new code
 * calls LexicalIndex.build(papers).
 */
export class LexicalIndexBuilder {
  private readonly papers: IndexDoc[] = [];

  add(paper: IndexDoc): void {
    this.papers.push(paper);
  }

  build(): LexicalIndex {
    return LexicalIndex.build(this.papers);
  }
}
