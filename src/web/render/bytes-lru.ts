/**
 * A least-recently-used cache of byte buffers, bounded by entries and by total bytes (the
 * StringLru of lru.ts, for images). A Map keeps insertion order: re-inserting on a hit makes
 * the first key the least recently used one.
 */
export class BytesLru<V extends { body: Buffer }> {
  private readonly map = new Map<string, V>();
  private bytes = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    const cost = value.body.length;
    // One value larger than a 64th of the budget would evict too many others: not kept.
    if (cost > this.maxBytes / 64) return;
    const old = this.map.get(key);
    if (old !== undefined) {
      this.map.delete(key);
      this.bytes -= old.body.length;
    }
    this.map.set(key, value);
    this.bytes += cost;
    while (this.map.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.map.keys().next().value as string;
      this.bytes -= this.map.get(oldest)!.body.length;
      this.map.delete(oldest);
    }
  }

  get size(): number {
    return this.map.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }
}
