import type { SearchConfig } from '../config.js';
import type { Store } from '../store/database.js';
import { indexOptionsOf, SearchIndex } from './search-index.js';
import { followSimilar } from './stored-similar.js';

/** How often a serving process catches up with the store: new papers are searchable within this. */
const SYNC_MS = 1_000;
/** How often the snapshot is rewritten when papers changed: a restart then replays at most this much of the day's changes. */
const SNAPSHOT_MS = 10 * 60_000;
/**
 * Serving-thread time a sync spends on similar-paper lists at most: 20% of a second, so a
 * backfill leaves requests most of the thread. A list took 49 ms at 100k papers on a busy
 * 2-core machine (14 ms vector scan, 16 ms keyword query): a 100k backfill takes hours at this
 * pace; a day's few thousand new papers (each also refreshing its 10 neighbours) minutes.
 */
const SIMILAR_BUDGET_MS = 200;

/**
 * The search index of a running server: opened from its snapshot (or built from the store) in
 * the background at start, so pages answer "building" until it is ready; then kept in sync with
 * the store every second (the stored similar papers following it) and snapshotted every ten
 * minutes when something changed, and at stop.
 */
export class SearchService {
  index: SearchIndex | null = null;
  error: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private syncing = false;
  /** The snapshot being published, if any. */
  private saving: Promise<void> | null = null;
  private savedSeq = -1;
  private savedAt = 0;

  constructor(
    private readonly store: Store,
    private readonly config: SearchConfig = { embeddings: { provider: 'builtin' }, snapshotDir: null },
    private readonly log: (line: string) => void = () => {},
  ) {}

  start(): Promise<void> {
    const started = Date.now();
    const options = { ...indexOptionsOf(this.config), log: this.log };
    const dir = this.config.snapshotDir;
    const opening = dir ? SearchIndex.open(this.store, dir, options) : SearchIndex.build(this.store, options);
    return opening.then(
      (index) => {
        this.index = index;
        this.log(`search index: ${index.size.toLocaleString('en-US')} papers ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        void this.saveSnapshot(SNAPSHOT_MS);
        this.timer = setInterval(() => void this.sync(), SYNC_MS);
        this.timer.unref();
      },
      (err: unknown) => {
        this.error = err instanceof Error ? err.message : String(err);
        this.log(`search index: build failed: ${this.error}`);
      },
    );
  }

  /** Catches up now (also what the timer does); safe to call at any time. */
  async sync(): Promise<void> {
    if (!this.index || this.syncing) return;
    this.syncing = true;
    try {
      await this.index.sync(this.store);
      await followSimilar(this.store, this.index, SIMILAR_BUDGET_MS);
      // Published beside the sync, not inside it: writing ~1 GB at 1M papers takes seconds, and
      // the index keeps following the store meanwhile (the bytes were taken when it started).
      if (Date.now() - this.savedAt > SNAPSHOT_MS && !this.saving) {
        this.saving = this.saveSnapshot(SNAPSHOT_MS).finally(() => (this.saving = null));
      }
    } catch (err) {
      this.log(`search index: sync failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.syncing = false;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.saving;
    await this.saveSnapshot();
    this.index?.close();
  }

  /**
   * Publishes a snapshot generation when the index moved since this process's last one (a
   * failure is logged: the store stays the truth). `unlessNewerThanMs`: not when the published
   * generation (maybe another process's, in a shared directory) is younger; at stop, whenever
   * this process is ahead of it.
   */
  private async saveSnapshot(unlessNewerThanMs?: number): Promise<void> {
    const dir = this.config.snapshotDir;
    if (!dir || !this.index || this.index.changeSeq === this.savedSeq) return;
    try {
      const seq = this.index.changeSeq;
      const started = Date.now();
      const wrote = await this.index.save(this.store, dir, unlessNewerThanMs === undefined ? {} : { unlessNewerThanMs });
      this.savedAt = Date.now();
      if (wrote) {
        this.savedSeq = seq;
        this.log(`search index: snapshot through change ${seq} published in ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    } catch (err) {
      this.log(`search index: snapshot to ${dir} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
