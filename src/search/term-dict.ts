/**
 * A segment's terms, sorted, packed into one string: at 3 million terms this is ~30 MB where a
 * Map<string, number> would take ~250 MB, and a lookup is a 22-step binary search (about a
 * microsecond; a query does a handful). Sorted order also gives prefix ranges for
 * search-as-you-type.
 */
export class TermDict {
  /**
   * @param text all terms in sorted order, concatenated
   * @param starts term i (in sorted order) is text[starts[i], starts[i + 1])
   * @param ids term id of the i-th term in sorted order
   */
  constructor(
    readonly text: string,
    readonly starts: Uint32Array,
    readonly ids: Uint32Array,
  ) {}

  static build(terms: readonly string[]): TermDict {
    const order = Array.from(terms.keys()).sort((a, b) => (terms[a]! < terms[b]! ? -1 : terms[a]! > terms[b]! ? 1 : 0));
    const starts = new Uint32Array(order.length + 1);
    const parts: string[] = [];
    let at = 0;
    order.forEach((id, i) => {
      starts[i] = at;
      parts.push(terms[id]!);
      at += terms[id]!.length;
    });
    starts[order.length] = at;
    return new TermDict(parts.join(''), starts, Uint32Array.from(order));
  }

  get size(): number {
    return this.ids.length;
  }

  /** Term id, or -1. */
  lookup(term: string): number {
    const i = this.lowerBound(term);
    return i < this.size && this.termAt(i) === term ? this.ids[i]! : -1;
  }

  /**
   * The `limit` terms starting with `prefix` that score highest by `rank` (ties: sorted order),
   * among the first `scanLimit` such terms in sorted order; terms ranked 0 are left out.
   */
  topByPrefix(prefix: string, scanLimit: number, limit: number, rank: (id: number) => number): string[] {
    // Terms starting with p sort in [p, p + U+FFFF): two binary searches, no string per entry.
    const from = this.lowerBound(prefix);
    const to = Math.min(this.lowerBound(`${prefix}\uffff`), from + scanLimit);
    const best: Array<[position: number, rank: number]> = [];
    for (let i = from; i < to; i++) {
      const r = rank(this.ids[i]!);
      if (r <= 0 || (best.length === limit && r <= best[limit - 1]![1])) continue;
      let j = best.length;
      while (j > 0 && best[j - 1]![1] < r) j--;
      best.splice(j, 0, [i, r]);
      if (best.length > limit) best.pop();
    }
    return best.map(([i]) => this.termAt(i));
  }

  /** The term with this id. */
  term(id: number): string {
    if (this.positions === null) {
      this.positions = new Uint32Array(this.size);
      for (let i = 0; i < this.size; i++) this.positions[this.ids[i]!] = i;
    }
    return this.termAt(this.positions[id]!);
  }

  /** Sorted position of each term id, built on first use (compaction, prefix queries). */
  private positions: Uint32Array | null = null;

  termAt(i: number): string {
    return this.text.slice(this.starts[i]!, this.starts[i + 1]!);
  }

  private lowerBound(term: string): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.termAt(mid) < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
