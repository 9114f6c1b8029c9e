/**
 * A least-recently-used cache of strings, bounded both by entries and by total characters so
 * a few huge values cannot pin memory. A Map keeps insertion order: re-inserting on a hit
 * makes the first key the least recently used one.
 */
export class StringLru {
  private readonly map = new Map<string, string>();
  private chars = 0;
  hits = 0;
  misses = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxChars: number,
  ) {}

  get(key: string): string | undefined {
    const value = this.map.get(key);
    if (value === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: string, value: string): void {
    const cost = key.length + value.length;
    // One value larger than a 64th of the budget would evict too many others: not kept.
    if (cost > this.maxChars / 64) return;
    const old = this.map.get(key);
    if (old !== undefined) {
      this.map.delete(key);
      this.chars -= key.length + old.length;
    }
    this.map.set(key, value);
    this.chars += cost;
    while (this.map.size > this.maxEntries || this.chars > this.maxChars) {
      const oldest = this.map.keys().next().value as string;
      this.chars -= oldest.length + this.map.get(oldest)!.length;
      this.map.delete(oldest);
    }
  }

  get size(): number {
    return this.map.size;
  }

  get totalChars(): number {
    return this.chars;
  }

  clear(): void {
    this.map.clear();
    this.chars = 0;
    this.hits = 0;
    this.misses = 0;
  }
}
