/**
 * The mutable segment that takes new and changed papers between rebuilds: plain growable
 * arrays per term, appended in doc order (local doc numbers only grow), so postings stay
 * sorted without any merging. Impacts use the main segment's average field lengths, and idf
 * comes from both segments at query time, so a paper scores the same here as after compaction
 * (up to the averages' drift). Adding a paper costs about as much as tokenizing it: ~20 µs.
 */
import { grown } from './grow.js';
import { fieldNorms, FIELDS, quantize } from './bm25.js';
import { ArrayCursor, type Cursor } from './cursors.js';
import { ByteWriter, hasPhrase, PhraseScratch, readDoc } from './doc-stream.js';
import { DocTokens } from './doc-tokens.js';
import type { Segment } from './segment.js';
import { TermDict } from './term-dict.js';
import { TermIdScanner } from './tokenizer.js';

interface DeltaList {
  docs: Uint32Array;
  impacts: Uint8Array;
  n: number;
  max: number;
}

export class DeltaSegment implements Segment {
  /** Local doc -> index doc number. */
  readonly globalOf: number[] = [];
  private readonly streams: Uint8Array[] = [];
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  /** Per term; null for stopwords (no postings). */
  private readonly lists: Array<DeltaList | null> = [];
  private sortedTerms: TermDict | null = null;
  private readonly tokens = new DocTokens();
  private readonly writer = new ByteWriter();
  private readonly scratch = new PhraseScratch();
  private acc = new Float64Array(1024);
  private readonly touched: number[] = [];
  private readonly norms = new Float64Array(FIELDS);
  private readonly intern = (term: string, stop: boolean): number => {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      this.lists.push(stop ? null : { docs: new Uint32Array(4), impacts: new Uint8Array(4), n: 0, max: 0 });
      this.sortedTerms = null;
    }
    return id;
  };
  private readonly scanner = new TermIdScanner(this.intern);

  get docCount(): number {
    return this.streams.length;
  }

  /** Appends a document (texts in field order) for index doc number `doc`; returns its local number. */
  add(doc: number, fields: readonly string[], avgLen: ArrayLike<number>): number {
    return this.addTokens(doc, this.tokens.fromText(fields, this.scanner), avgLen);
  }

  /** Appends a document copied from another segment's stream (snapshot loading). */
  addStream(doc: number, bytes: Uint8Array, terms: readonly string[], stop: (term: string) => boolean, avgLen: ArrayLike<number>): number {
    const tokens = this.tokens.fromStream(bytes, 0);
    for (let i = 0; i < tokens.count; i++) tokens.ids[i] = this.intern(terms[tokens.ids[i]!]!, stop(terms[tokens.ids[i]!]!));
    return this.addTokens(doc, tokens, avgLen);
  }

  termId(term: string): number {
    return this.termIds.get(term) ?? -1;
  }

  term(id: number): string {
    return this.terms[id]!;
  }

  /** The terms by id (snapshots). */
  allTerms(): readonly string[] {
    return this.terms;
  }

  /** Local doc's token stream (snapshots). */
  stream(doc: number): Uint8Array {
    return this.streams[doc]!;
  }

  df(id: number): number {
    return this.lists[id]?.n ?? 0;
  }

  cursor(id: number, weight: number, slot: number): Cursor | null {
    const list = id >= 0 ? this.lists[id] : null;
    if (!list || list.n === 0) return null;
    return new ArrayCursor(list.docs, list.impacts, list.n, list.max, weight, slot);
  }

  hasPhrase(doc: number, phrase: Int32Array): boolean {
    return hasPhrase(this.streams[doc]!, 0, phrase, this.scratch);
  }

  completions(prefix: string, scanLimit: number, limit: number): string[] {
    // Sorted lazily: rebuilt at most once per batch of changes, on the first prefix query.
    this.sortedTerms ??= TermDict.build(this.terms);
    return this.sortedTerms.topByPrefix(prefix, scanLimit, limit, (id) => this.df(id));
  }

  forEachToken(doc: number, visit: (field: number, termId: number, stacked: boolean) => void): void {
    readDoc(this.streams[doc]!, 0, visit);
  }

  private addTokens(doc: number, tokens: DocTokens, avgLen: ArrayLike<number>): number {
    const local = this.streams.length;
    this.writer.length = 0;
    tokens.writeTo(this.writer);
    this.streams.push(this.writer.toBytes());
    this.globalOf.push(doc);
    if (this.acc.length < this.terms.length) this.acc = new Float64Array(this.terms.length * 2);
    const acc = this.acc;
    tokens.weigh(fieldNorms(tokens.lengths, avgLen, this.norms), (id) => this.lists[id] !== null, acc, this.touched);
    for (const id of this.touched) {
      append(this.lists[id]!, local, quantize(acc[id]!));
      acc[id] = 0;
    }
    this.touched.length = 0;
    return local;
  }
}

function append(list: DeltaList, doc: number, impact: number): void {
  if (list.n === list.docs.length) {
    list.docs = grown(list.docs);
    list.impacts = grown(list.impacts);
  }
  list.docs[list.n] = doc;
  list.impacts[list.n++] = impact;
  if (impact > list.max) list.max = impact;
}
