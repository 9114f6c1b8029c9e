/**
 * Whole-page HTML for anonymous visitors, most of the traffic of a papers site (Lobsters serves
 * logged-out visitors from a cache the same way). An entry lives TTL_MS at most, and every write
 * through this process (a vote, a comment, an import it runs) clears it at once; writes by other
 * processes show within the TTL. Signed-in pages are never cached: they carry the user's votes
 * and forms.
 */
const TTL_MS = 5_000;
/** 2,000 pages of ~50 kB is ~100 MB at worst; a site's hot set (days, top papers) is far smaller. */
const MAX_ENTRIES = 2_000;

export class PageCache {
  private pages = new Map<string, { html: Buffer; status: number; at: number }>();
  hits = 0;
  misses = 0;

  constructor(private readonly ttlMs = TTL_MS) {}

  get(key: string, now = Date.now()): { html: Buffer; status: number } | undefined {
    const entry = this.pages.get(key);
    if (entry && now - entry.at < this.ttlMs) {
      this.hits++;
      return entry;
    }
    if (entry) this.pages.delete(key);
    this.misses++;
    return undefined;
  }

  /** Kept as UTF-8 bytes: a hit is then sent without encoding ~50 kB of text again. */
  set(key: string, html: Buffer, status: number, now = Date.now()): void {
    if (this.pages.size >= MAX_ENTRIES) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(key, { html, status, at: now });
  }

  clear(): void {
    this.pages.clear();
  }
}
