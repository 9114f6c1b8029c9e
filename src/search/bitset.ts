import { grown } from './grow.js';

/**
 * A fixed-size set of doc numbers, one bit each: 125 KB per million documents. Used for
 * tombstones, and by callers as a precomputed filter (category, date range, upvotes) that the
 * top-k loop tests in a few nanoseconds instead of calling a function.
 */
export class Bitset {
  words: Uint32Array;

  constructor(size = 0, words?: Uint32Array) {
    this.words = words ?? new Uint32Array(Math.ceil(size / 32));
  }

  /** Number of doc numbers this set can hold without growing. */
  get capacity(): number {
    return this.words.length * 32;
  }

  has(doc: number): boolean {
    return ((this.words[doc >>> 5] ?? 0) & (1 << (doc & 31))) !== 0;
  }

  add(doc: number): void {
    this.ensure(doc + 1);
    this.words[doc >>> 5]! |= 1 << (doc & 31);
  }

  delete(doc: number): void {
    if (doc >>> 5 < this.words.length) this.words[doc >>> 5]! &= ~(1 << (doc & 31));
  }

  /** Grows (doubling) so that doc numbers below `size` fit. */
  ensure(size: number): void {
    const need = Math.ceil(size / 32);
    if (need > this.words.length) this.words = grown(this.words, need);
  }

  count(): number {
    let n = 0;
    for (let w of this.words) {
      while (w !== 0) {
        w &= w - 1;
        n++;
      }
    }
    return n;
  }

  /** A bitset of the doc numbers in `docs`. */
  static of(docs: Iterable<number>, size = 0): Bitset {
    const set = new Bitset(size);
    for (const d of docs) set.add(d);
    return set;
  }
}
