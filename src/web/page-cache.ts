/**
 * Whole-page HTML for anonymous visitors, most of the traffic of a papers site (Lobsters serves
 * logged-out visitors from a cache the same way). An entry lives TTL_MS at most, and every write
 * through this process (a vote, a comment, an import it runs) clears it at once; writes by other
 * processes show within the TTL. Signed-in pages are never cached: they carry the user's votes
 * and forms.
 */
const TTL_MS = 5_000;
/**
 * Bounded by bytes, not pages: a paper page is ~5 kB, a day ~50 kB. A bound of 2,000 pages held
 * 2,000 paper pages plus the front page, so visitors going round 2,000 papers (`npm run
 * bench:web`) evicted each page just before its next visit and missed every time (1,159 pages/s).
 * 64 MB holds ~12,000 paper pages or ~1,300 days.
 */
const MAX_BYTES = 64 * 1024 * 1024;

export class PageCache {
  private pages = new Map<string, { html: Buffer; status: number; at: number }>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly ttlMs = TTL_MS,
    private readonly maxBytes = MAX_BYTES,
  ) {}

  get(key: string, now = Date.now()): { html: Buffer; status: number } | undefined {
    const entry = this.pages.get(key);
    if (entry && now - entry.at < this.ttlMs) {
      this.hits++;
      return entry;
    }
    if (entry) this.drop(key);
    this.misses++;
    return undefined;
  }

  /** Kept as UTF-8 bytes: a hit is then sent without encoding ~50 kB of text again. */
  set(key: string, html: Buffer, status: number, now = Date.now()): void {
    this.drop(key);
    while (this.pages.size > 0 && this.bytes + html.length > this.maxBytes) this.drop(this.pages.keys().next().value!);
    this.pages.set(key, { html, status, at: now });
    this.bytes += html.length;
  }

  clear(): void {
    this.pages.clear();
    this.bytes = 0;
  }

  private drop(key: string): void {
    const entry = this.pages.get(key);
    if (!entry) return;
    this.pages.delete(key);
    this.bytes -= entry.html.length;
  }
}
