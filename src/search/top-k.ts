/**
 * The k best (score, order) pairs seen so far, as a binary min-heap whose root is the worst
 * kept entry: its score is the threshold a new document must beat. Ties go to the lower order
 * (older document), so results are deterministic; the top-k loop relies on that, since it
 * visits documents in increasing order and can drop any whose bound only equals the threshold.
 */
export class TopK {
  readonly scores: Float64Array;
  readonly orders: Float64Array;
  size = 0;

  constructor(readonly k: number) {
    this.scores = new Float64Array(Math.max(k, 1));
    this.orders = new Float64Array(Math.max(k, 1));
  }

  /** Score to beat: 0 until k entries are held (every matching document scores above 0). */
  get threshold(): number {
    return this.size < this.k ? 0 : this.scores[0]!;
  }

  /** Adds the entry if it belongs in the top k; returns whether it did. */
  push(score: number, order: number): boolean {
    if (this.k <= 0) return false;
    if (this.size < this.k) {
      this.scores[this.size] = score;
      this.orders[this.size] = order;
      this.up(this.size++);
      return true;
    }
    if (!this.worse(this.scores[0]!, this.orders[0]!, score, order)) return false;
    this.scores[0] = score;
    this.orders[0] = order;
    this.down(0);
    return true;
  }

  /** Entries best first. */
  sorted(): Array<{ score: number; order: number }> {
    const out: Array<{ score: number; order: number }> = [];
    for (let i = 0; i < this.size; i++) out.push({ score: this.scores[i]!, order: this.orders[i]! });
    return out.sort((a, b) => b.score - a.score || a.order - b.order);
  }

  /** Whether entry (sa, oa) ranks below (sb, ob). */
  private worse(sa: number, oa: number, sb: number, ob: number): boolean {
    return sa < sb || (sa === sb && oa > ob);
  }

  private up(i: number): void {
    const { scores: s, orders: o } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.worse(s[i]!, o[i]!, s[p]!, o[p]!)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const { scores: s, orders: o } = this;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < this.size && this.worse(s[l]!, o[l]!, s[w]!, o[w]!)) w = l;
      if (r < this.size && this.worse(s[r]!, o[r]!, s[w]!, o[w]!)) w = r;
      if (w === i) return;
      this.swap(i, w);
      i = w;
    }
  }

  private swap(a: number, b: number): void {
    const { scores: s, orders: o } = this;
    const ts = s[a]!;
    s[a] = s[b]!;
    s[b] = ts;
    const to = o[a]!;
    o[a] = o[b]!;
    o[b] = to;
  }
}
