import type { Store } from '../store/database.js';
import { SearchIndex } from './search-index.js';

/** How often a serving process catches up with the store: new papers are searchable within this. */
const SYNC_MS = 1_000;

/**
 * The search index of a running server: built in the background at start (pages answer
 * "building" until it is ready), then kept in sync with the store every second.
 */
export class SearchService {
  index: SearchIndex | null = null;
  error: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private syncing = false;

  constructor(
    private readonly store: Store,
    private readonly log: (line: string) => void = () => {},
  ) {}

  start(): Promise<void> {
    const started = Date.now();
    const ready = SearchIndex.build(this.store).then(
      (index) => {
        this.index = index;
        this.log(`search index: ${index.size.toLocaleString('en-US')} papers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        this.timer = setInterval(() => void this.sync(), SYNC_MS);
        this.timer.unref();
      },
      (err: unknown) => {
        this.error = err instanceof Error ? err.message : String(err);
        this.log(`search index: build failed: ${this.error}`);
      },
    );
    return ready;
  }

  /** Catches up now (also what the timer does); safe to call at any time. */
  async sync(): Promise<void> {
    if (!this.index || this.syncing) return;
    this.syncing = true;
    try {
      await this.index.sync(this.store);
    } catch (err) {
      this.log(`search index: sync failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.syncing = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
