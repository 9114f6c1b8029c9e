/**
 * The two kinds of segment behind one interface: the immutable main segment (typed arrays,
 * block-compressed postings, built in one go) and the mutable delta (delta-segment.ts).
 * Retrieval only talks to this interface.
 */
import { FIELDS } from './bm25.js';
import { type Cursor } from './cursors.js';
import { hasPhrase, PhraseScratch, readDoc } from './doc-stream.js';
import { BlockCursor, type PostingsData } from './postings.js';
import type { TermDict } from './term-dict.js';

export interface Segment {
  /** Size of the segment's local doc space. */
  readonly docCount: number;
  /** Term id, or -1 when the segment never saw the term. */
  termId(term: string): number;
  term(id: number): string;
  /** Documents holding the term (0 for stopwords: they have no postings). */
  df(id: number): number;
  /** Cursor over the term's postings, scores weighted by `weight`; null when it has none. */
  cursor(id: number, weight: number, slot: number): Cursor | null;
  /** Whether local doc `doc` holds the phrase (term ids) word for word. */
  hasPhrase(doc: number, phrase: Int32Array): boolean;
  /** The `limit` most frequent terms beginning with `prefix`, of the first `scanLimit` in sorted order. */
  completions(prefix: string, scanLimit: number, limit: number): string[];
  /** Calls visit for each token of local doc `doc` (compaction). */
  forEachToken(doc: number, visit: (field: number, termId: number, stacked: boolean) => void): void;
}

/** The main segment's arrays: exactly what a snapshot stores. */
export interface MainSegmentData {
  dict: TermDict;
  postings: PostingsData;
  /** Doc d's token stream is fwd[fwdStart[d], fwdStart[d + 1]). */
  fwdStart: Uint32Array;
  fwd: Uint8Array;
  /** Average field lengths its impacts were computed with (title, abstract, authors, id). */
  avgLen: Float64Array;
}

export class MainSegment implements Segment {
  readonly docCount: number;
  /** Documents with any token (doc numbers of removed papers are empty): N of idf. */
  readonly nonEmpty: number;
  /** Highest impact byte of each term's list: the list's score bound before idf. */
  private readonly termMax: Uint8Array;
  private readonly scratch = new PhraseScratch();

  constructor(readonly data: MainSegmentData) {
    this.docCount = data.fwdStart.length - 1;
    let nonEmpty = 0;
    // An empty document is FIELDS zero bytes (one end-of-field each).
    for (let d = 0; d < this.docCount; d++) if (data.fwdStart[d + 1]! - data.fwdStart[d]! > FIELDS) nonEmpty++;
    this.nonEmpty = nonEmpty;
    const { termBlock, blockMax } = data.postings;
    this.termMax = new Uint8Array(termBlock.length - 1);
    for (let t = 0; t < this.termMax.length; t++) {
      let max = 0;
      for (let b = termBlock[t]!; b < termBlock[t + 1]!; b++) if (blockMax[b]! > max) max = blockMax[b]!;
      this.termMax[t] = max;
    }
  }

  termId(term: string): number {
    return this.data.dict.lookup(term);
  }

  term(id: number): string {
    return this.data.dict.term(id);
  }

  df(id: number): number {
    if (id < 0) return 0;
    const tp = this.data.postings.termPost;
    return tp[id + 1]! - tp[id]!;
  }

  cursor(id: number, weight: number, slot: number): Cursor | null {
    if (id < 0 || this.df(id) === 0) return null;
    return new BlockCursor(this.data.postings, id, weight, slot, this.termMax[id]!);
  }

  hasPhrase(doc: number, phrase: Int32Array): boolean {
    return hasPhrase(this.data.fwd, this.data.fwdStart[doc]!, phrase, this.scratch);
  }

  completions(prefix: string, scanLimit: number, limit: number): string[] {
    return this.data.dict.topByPrefix(prefix, scanLimit, limit, (id) => this.df(id));
  }

  forEachToken(doc: number, visit: (field: number, termId: number, stacked: boolean) => void): void {
    if (doc >= this.docCount) return;
    readDoc(this.data.fwd, this.data.fwdStart[doc]!, visit);
  }

  /** Bytes held in typed arrays and the dictionary string. */
  get bytes(): number {
    const d = this.data;
    const p = d.postings;
    const arrays = [p.termPost, p.termBlock, p.blockLast, p.blockWord, p.blockBits, p.blockMax, p.packed, p.impacts, d.fwdStart, d.fwd, d.dict.starts, d.dict.ids, this.termMax];
    return arrays.reduce((sum, a) => sum + a.byteLength, 0) + d.dict.text.length;
  }
}
