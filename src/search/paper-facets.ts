/**
 * What search filters and the date order read of each paper, by doc number: its feed day and
 * its categories. Kept beside the lexical index (same doc numbers) so a filter becomes a Bitset
 * the top-k loop tests in nanoseconds, instead of a store lookup per candidate.
 *
 * Memory: 4 bytes a paper for days, 125 KB per million papers for each category's bitset
 * (~150 categories in use on arXiv: ~19 MB at 1M).
 */
import { Bitset } from './bitset.js';

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD…` string, or NO_DAY. */
export function dayNumber(date: string | null | undefined): number {
  if (!date || !/^\d{4}-\d{2}-\d{2}/.test(date)) return NO_DAY;
  const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Number.isFinite(ms) ? Math.floor(ms / 86_400_000) : NO_DAY;
}

/** Papers without any known day sort last and never pass a date-range filter. */
export const NO_DAY = -2_147_483_648;

export interface FacetFilter {
  category?: string;
  /** Inclusive day numbers. */
  fromDay?: number;
  toDay?: number;
}

export interface FacetsState {
  days: Int32Array;
  categories: [string, Uint32Array][];
}

export class PaperFacets {
  private days: Int32Array;
  private readonly byCategory: Map<string, Bitset>;

  constructor(state?: FacetsState) {
    this.days = state?.days ?? new Int32Array(1024).fill(NO_DAY);
    this.byCategory = new Map((state?.categories ?? []).map(([name, words]) => [name, new Bitset(0, words)]));
  }

  /** Records (or replaces) what doc `doc` is filtered by. */
  set(doc: number, day: number, categories: readonly string[]): void {
    this.ensure(doc + 1);
    this.days[doc] = day;
    for (const set of this.byCategory.values()) set.delete(doc);
    for (const name of categories) {
      let set = this.byCategory.get(name);
      if (!set) this.byCategory.set(name, (set = new Bitset()));
      set.add(doc);
    }
  }

  day(doc: number): number {
    return doc < this.days.length ? this.days[doc]! : NO_DAY;
  }

  /** The docs passing `filter`, or null when it keeps everything. `limit` bounds the doc numbers. */
  filter(filter: FacetFilter, limit: number): Bitset | null {
    const { category, fromDay, toDay } = filter;
    const dated = fromDay !== undefined || toDay !== undefined;
    if (!category && !dated) return null;
    const out = new Bitset(limit);
    const inCategory = category ? this.byCategory.get(category) : undefined;
    if (category && !inCategory) return out;
    const lo = fromDay ?? NO_DAY + 1;
    const hi = toDay ?? 2 ** 31 - 1;
    if (inCategory && !dated) {
      out.words.set(inCategory.words.subarray(0, out.words.length));
      return out;
    }
    const end = Math.min(limit, this.days.length);
    for (let doc = 0; doc < end; doc++) {
      const d = this.days[doc]!;
      if (d >= lo && d <= hi && (!inCategory || inCategory.has(doc))) out.add(doc);
    }
    return out;
  }

  /** Snapshot form: a JSON header (category names, array lengths), then the arrays. */
  serialize(): Buffer {
    const categories = [...this.byCategory];
    const header = Buffer.from(JSON.stringify({ days: this.days.length, categories: categories.map(([name, set]) => [name, set.words.length]) }));
    const pad = (4 - ((4 + header.length) % 4)) % 4;
    const parts = [this.days, ...categories.map(([, set]) => set.words)].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    const head = Buffer.alloc(4 + header.length + pad);
    head.writeUInt32LE(header.length, 0);
    header.copy(head, 4);
    return Buffer.concat([head, ...parts]);
  }

  static load(data: Buffer): PaperFacets {
    const length = data.readUInt32LE(0);
    const header = JSON.parse(data.toString('utf8', 4, 4 + length)) as { days: number; categories: [string, number][] };
    let at = 4 + length + ((4 - ((4 + length) % 4)) % 4);
    const copy = (words: number) => {
      const bytes = data.subarray(at, (at += words * 4));
      if (bytes.length !== words * 4) throw new Error('facets snapshot is truncated');
      return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    };
    const days = new Int32Array(copy(header.days).buffer);
    return new PaperFacets({ days, categories: header.categories.map(([name, words]) => [name, copy(words)]) });
  }

  private ensure(size: number): void {
    if (size <= this.days.length) return;
    const days = new Int32Array(Math.max(size, this.days.length * 2)).fill(NO_DAY);
    days.set(this.days);
    this.days = days;
  }
}
