/**
 * Keeps a process's page cache coherent with writes from every process: follows the store's
 * page-change log (src/store/page-changes.ts), which triggers fill in each writer's own
 * transaction, and drops the cached pages each change makes stale. One indexed range query per
 * round, whoever wrote (another `serve`, a CLI import, this process): a round runs when
 * PostgreSQL's NOTIFY says a writer committed, and every POLL_MS in any case.
 *
 * Sequence numbers become visible out of order on PostgreSQL (a long import holds seq 100 while
 * a vote commits 101), so the cursor stays below the first gap and what was seen above it is
 * remembered; a gap still open after GAP_WAIT_MS is a rolled-back transaction and is passed.
 * A gap passed too early costs at most the cache's TTL of staleness, never a lost write.
 */
import type { Store } from '../store/database.js';
import { listenForPageChanges } from '../store/change-notices.js';
import { latestPageChange, pageChangesSince, prunePageChanges } from '../store/page-changes.js';
import type { PageCache } from './page-cache.js';

/** The fallback: how stale a page can be when no notice arrives (SQLite always; PostgreSQL with its link down). */
export const POLL_MS = 100;
/** Between two rounds woken by notices: at most 100 reads a second per process under a burst of writes. */
const MIN_GAP_MS = 10;
/** Rows read per poll; a longer backlog (a bulk import) drops every page instead. */
const BATCH = 500;
/** Longer than the page cache's TTL: a pruned change can only have staled pages that expired. */
const KEEP_MS = 10 * 60_000;
const PRUNE_EVERY_MS = 60_000;
/** Rows one prune deletes at most: a few milliseconds of the store's writer. */
const PRUNE_BATCH = 5_000;
const GAP_WAIT_MS = 10_000;

export class PageChangeFollower {
  private cursor = 0;
  /** Seen sequence numbers above the cursor (beyond a gap). */
  private seen = new Set<number>();
  /** Missing sequence numbers above the cursor, and when each was first missed. */
  private gaps = new Map<number, number>();
  private lastPrune = 0;

  constructor(
    private readonly store: Store,
    private readonly cache: PageCache,
  ) {}

  /** Starts at the log's head, with nothing cached from before it. */
  async start(): Promise<void> {
    this.cursor = await latestPageChange(this.store);
    this.cache.clear();
  }

  /** One round: reads new changes and drops what they stale. Returns how many changes it read. */
  async poll(now = Date.now()): Promise<number> {
    const rows = await pageChangesSince(this.store, this.cursor, BATCH);
    const fresh = rows.filter((r) => !this.seen.has(r.seq));
    if (rows.length === BATCH) {
      // A backlog: everything goes, and the follower starts over at the head.
      this.cache.clear();
      this.cursor = Math.max(this.cursor, await latestPageChange(this.store));
      this.seen.clear();
      this.gaps.clear();
    } else {
      if (fresh.some((r) => r.paperId === null)) this.cache.clear();
      else this.cache.invalidatePapers(new Set(fresh.map((r) => r.paperId!)));
      this.advance(rows.map((r) => r.seq), now);
    }
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      // A full batch means more are due: the next poll prunes again instead of a minute later.
      if ((await prunePageChanges(this.store, KEEP_MS, now, PRUNE_BATCH)) < PRUNE_BATCH) this.lastPrune = now;
    }
    return fresh.length;
  }

  /** Moves the cursor over every seen number and every gap older than GAP_WAIT_MS. */
  private advance(seqs: number[], now: number): void {
    for (const seq of seqs) this.seen.add(seq);
    const top = Math.max(this.cursor, ...seqs);
    for (let seq = this.cursor + 1; seq < top; seq++) if (!this.seen.has(seq) && !this.gaps.has(seq)) this.gaps.set(seq, now);
    for (const seq of this.seen) this.gaps.delete(seq);
    while (this.cursor < top) {
      const next = this.cursor + 1;
      const missedSince = this.gaps.get(next);
      if (missedSince !== undefined && now - missedSince < GAP_WAIT_MS) break;
      this.gaps.delete(next);
      this.seen.delete(next);
      this.cursor = next;
    }
  }
}

/**
 * Follows until stopped: at once when PostgreSQL announces a commit with page changes
 * (src/store/change-notices.ts), and every POLL_MS regardless (SQLite; a notice lost with a
 * dropped link). Notices arriving while a round runs make one more round after it, at least
 * MIN_GAP_MS after the last (a burst of votes costs at most 100 reads a second per process, not
 * one per vote). A failed round is reported and tried again on the next tick.
 */
export function followPageChanges(store: Store, cache: PageCache, onError: (err: unknown) => void): { stop(): Promise<void> } {
  const follower = new PageChangeFollower(store, cache);
  let started = false;
  let stopped = false;
  let running = false;
  let again = false;
  let lastRound = 0;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void tick(), ms).unref();
  };
  const tick = async (): Promise<void> => {
    running = true;
    lastRound = Date.now();
    try {
      if (started) await follower.poll();
      else {
        await follower.start();
        started = true;
      }
    } catch (err) {
      // What a failed round missed is unknown: no cached page is trusted.
      cache.clear();
      if (!stopped) onError(err);
    }
    running = false;
    if (again) {
      again = false;
      schedule(Math.max(0, lastRound + MIN_GAP_MS - Date.now()));
    } else schedule(POLL_MS);
  };
  const wake = () => {
    if (stopped) return;
    if (running) again = true;
    else schedule(Math.max(0, lastRound + MIN_GAP_MS - Date.now()));
  };
  const notices = listenForPageChanges(store, wake, onError);
  void tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await notices.close();
    },
  };
}
