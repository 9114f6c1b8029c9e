import type { OutgoingHttpHeaders } from 'node:http';
import { gzipSync } from 'node:zlib';

/**
 * Whole-page HTML for anonymous visitors, most of the traffic of a papers site (Lobsters serves
 * logged-out visitors from a cache the same way). Signed-in pages are never cached: they carry
 * the user's votes and forms.
 *
 * Kept coherent by invalidation, not by a short life: every write a page shows, by any process,
 * reaches every process's cache within ~100 ms through the store's page-change log
 * (page-cache-follower.ts), and a paper's change drops only that paper's pages and the lists
 * that may show it. An entry still lives TTL_MS at most, for what changes without a write:
 * relative times ("5 min ago"), trending scores that decay by the hour, a day that ends; and as
 * the bound on staleness when a change slips past the follower (a similar-papers list recomputed,
 * a vote shown on another paper's similar-papers card).
 */
const TTL_MS = 60_000;
/**
 * Bounded by bytes, not pages: a paper page is ~5 kB, a day ~50 kB. A bound of 2,000 pages held
 * 2,000 paper pages plus the front page, so visitors going round 2,000 papers (`npm run
 * bench:web`) evicted each page just before its next visit and missed every time (1,159 pages/s).
 * 64 MB holds ~12,000 paper pages or ~1,300 days.
 */
const MAX_BYTES = 64 * 1024 * 1024;

interface Entry {
  key: string;
  html: Buffer;
  status: number;
  at: number;
  /** The paper the page is about; none: a list, which may show any paper. */
  paperId: string | undefined;
  /** Every header the page was first sent with: the front door (http/front-door.ts) replays them. */
  headers: OutgoingHttpHeaders | undefined;
  /** The gzip form and its headers, made at the first request that accepts it (gzipOf). */
  gzip?: { body: Buffer; headers: OutgoingHttpHeaders | undefined };
}

/** What a cache hit is sent from: the page and, for clients that accept it, its gzip form. */
export type CacheEntry = Readonly<Entry>;

export interface CachedPage {
  html: Buffer;
  status: number;
  paperId?: string | undefined;
  headers?: OutgoingHttpHeaders | undefined;
}

export class PageCache {
  private pages = new Map<string, Entry>();
  private bytes = 0;
  /** Counts invalidations: a render that began before one may hold what it dropped. */
  private generation = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly ttlMs = TTL_MS,
    private readonly maxBytes = MAX_BYTES,
  ) {}

  get(key: string, now = Date.now()): CacheEntry | undefined {
    const entry = this.fresh(key, now);
    if (entry) this.hits++;
    else this.misses++;
    return entry;
  }

  /** A fresh entry that carries its headers, for the front door; no miss counted (the application then looks again). */
  replayable(key: string, now = Date.now()): (Entry & { headers: OutgoingHttpHeaders }) | undefined {
    const entry = this.fresh(key, now);
    if (!entry?.headers) return undefined;
    this.hits++;
    return entry as Entry & { headers: OutgoingHttpHeaders };
  }

  /**
   * The gzip form of an entry (a 50 kB day page is ~9 kB), made once, at the first request that
   * accepts it, and kept with the entry: most pages are compressed once and sent many times.
   */
  gzipOf(entry: CacheEntry): NonNullable<Entry['gzip']> {
    if (entry.gzip) return entry.gzip;
    const body = gzipSync(entry.html, { level: 6 });
    const gzip = { body, headers: entry.headers && { ...entry.headers, 'content-encoding': 'gzip', 'content-length': body.length } };
    (entry as Entry).gzip = gzip;
    // An entry dropped while this request held it is not counted (drop() already took its bytes off).
    if (this.pages.get(entry.key) === entry) this.bytes += body.length;
    return gzip;
  }

  /** A token to pass to set(): taken before rendering, it keeps a page rendered across an invalidation out. */
  renderTicket(): number {
    return this.generation;
  }

  /** Kept as UTF-8 bytes: a hit is then sent without encoding ~50 kB of text again. */
  /** The stored entry, or undefined when the ticket says an invalidation came during the render. */
  set(key: string, page: CachedPage, ticket: number, now = Date.now()): CacheEntry | undefined {
    if (ticket !== this.generation) return undefined;
    this.drop(key);
    while (this.pages.size > 0 && this.bytes + page.html.length > this.maxBytes) this.drop(this.pages.keys().next().value!);
    const entry: Entry = { key, html: page.html, status: page.status, at: now, paperId: page.paperId, headers: page.headers };
    this.pages.set(key, entry);
    this.bytes += page.html.length;
    return entry;
  }

  invalidatePaper(paperId: string): void {
    this.invalidatePapers(new Set([paperId]));
  }

  /** Drops the pages of these papers and every list (a list may show any of them). */
  invalidatePapers(paperIds: ReadonlySet<string>): void {
    if (paperIds.size === 0) return;
    this.generation++;
    for (const [key, entry] of this.pages) {
      if (entry.paperId === undefined || paperIds.has(entry.paperId)) this.drop(key);
    }
  }

  clear(): void {
    this.generation++;
    this.pages.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.pages.size;
  }

  /** The entry if younger than the TTL; an expired one is dropped. */
  private fresh(key: string, now: number): Entry | undefined {
    const entry = this.pages.get(key);
    if (entry && now - entry.at < this.ttlMs) return entry;
    if (entry) this.drop(key);
    return undefined;
  }

  private drop(key: string): void {
    const entry = this.pages.get(key);
    if (!entry) return;
    this.pages.delete(key);
    this.bytes -= entry.html.length + (entry.gzip?.body.length ?? 0);
  }
}
