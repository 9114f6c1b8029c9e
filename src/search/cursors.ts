/**
 * A cursor walks one postings list in increasing doc order. Scores come out already weighted
 * (idf x quantized impact), so the top-k loop only adds numbers. Block-compressed lists of the
 * main segment are in postings.ts; this file has the plain-array cursor of the delta segment and
 * the union cursor of a prefix expansion.
 */

/** Past the last document: larger than any doc number (they are < 2^32 - 1). */
export const END = 0xffffffff;

export interface Cursor {
  /** Current doc, END when exhausted; after shallow() or skipBlock() only a lower bound. */
  doc: number;
  /** Highest score of any posting in the list. */
  readonly ub: number;
  /** Postings count: the rarest list drives an intersection. */
  readonly cost: number;
  /** Which query clause this is: scores are summed in slot order (see retrieval.ts). */
  readonly slot: number;
  /** Moves to the next posting. */
  next(): void;
  /** Moves to the first posting with doc >= target. */
  seek(target: number): void;
  /** Score at the current doc. */
  score(): number;
  /** Moves only the block pointer to the block that may hold target (no decoding). */
  shallow(target: number): void;
  /** Highest score in the current block: a tighter bound than ub. */
  blockUb(): number;
  /** Leaves the current block: doc becomes a lower bound for the next block; seek(doc) to land. */
  skipBlock(): void;
  /** Moves to the first posting, from the current one on, whose score exceeds minScore. */
  advanceAbove(minScore: number): void;
}

/** First index in [from, to) with docs[index] >= target: galloping, then binary search. */
export function gallop(docs: Uint32Array, from: number, to: number, target: number): number {
  let lo = from;
  let step = 1;
  let hi = from;
  while (hi < to && docs[hi]! < target) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > to) hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A list held as plain arrays (the delta segment): one block, no decoding. */
export class ArrayCursor implements Cursor {
  doc: number;
  readonly ub: number;
  readonly cost: number;
  private i = 0;

  constructor(
    private readonly docs: Uint32Array,
    private readonly impacts: Uint8Array,
    private readonly n: number,
    maxImpact: number,
    private readonly weight: number,
    readonly slot: number,
  ) {
    this.cost = n;
    this.doc = n > 0 ? docs[0]! : END;
    this.ub = maxImpact * weight;
  }

  next(): void {
    this.doc = ++this.i < this.n ? this.docs[this.i]! : END;
  }

  seek(target: number): void {
    if (this.doc >= target) return;
    this.i = gallop(this.docs, this.i, this.n, target);
    this.doc = this.i < this.n ? this.docs[this.i]! : END;
  }

  score(): number {
    return this.weight * this.impacts[this.i]!;
  }

  shallow(): void {}

  blockUb(): number {
    return this.ub;
  }

  skipBlock(): void {
    this.i = this.n;
    this.doc = END;
  }

  advanceAbove(minScore: number): void {
    const minImpact = minScore / this.weight;
    let i = this.i;
    while (i < this.n && this.impacts[i]! <= minImpact) i++;
    this.i = i;
    this.doc = i < this.n ? this.docs[i]! : END;
  }
}

/**
 * Several lists read as one (a typed prefix expanded to its completions): a doc's score is the
 * best of its members', not their sum, so a paper using three words that begin with "trans"
 * does not outrank one using the word the user is typing.
 */
export class UnionCursor implements Cursor {
  doc: number;
  readonly ub: number;
  readonly cost: number;

  constructor(
    private readonly members: Cursor[],
    readonly slot: number,
  ) {
    this.ub = Math.max(0, ...members.map((m) => m.ub));
    this.cost = members.reduce((sum, m) => sum + m.cost, 0);
    this.doc = this.minDoc();
  }

  next(): void {
    const d = this.doc;
    for (const m of this.members) if (m.doc === d) m.next();
    this.doc = this.minDoc();
  }

  seek(target: number): void {
    if (this.doc >= target) return;
    for (const m of this.members) m.seek(target);
    this.doc = this.minDoc();
  }

  score(): number {
    let best = 0;
    for (const m of this.members) if (m.doc === this.doc) best = Math.max(best, m.score());
    return best;
  }

  shallow(): void {}

  blockUb(): number {
    return this.ub;
  }

  skipBlock(): void {
    this.next();
  }

  advanceAbove(minScore: number): void {
    while (this.doc !== END && this.score() <= minScore) this.next();
  }

  private minDoc(): number {
    let d = END;
    for (const m of this.members) if (m.doc < d) d = m.doc;
    return d;
  }
}
