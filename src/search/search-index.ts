import type { Store } from '../store/database.js';
import { papersChangedSince, type PaperChange } from '../store/papers.js';
import { type IndexDoc, LexicalIndex, type SearchHit } from './lexical-index.js';

/** Papers read per store round trip while building or catching up. */
const PAGE = 5_000;
/**
 * Compact when the delta segment passes 5% of the index (and 1,000 papers): a delta that size
 * costs under a tenth more per query, and compaction (a rebuild from the stored token streams,
 * no store reads) runs about once per 50,000 changes at 1M papers.
 */
const COMPACT_SHARE = 0.05;
const COMPACT_MIN = 1_000;

export interface SearchQueryOptions {
  limit?: number;
  /** Treat the last word as a prefix (search as you type). */
  prefix?: boolean;
  /** Skip papers (filters). */
  exclude?: (id: string) => boolean;
}

export type Hit = SearchHit;

function toDoc(change: PaperChange): IndexDoc {
  const p = change.paper;
  return { key: p.id, title: p.title, abstract: p.abstract ?? '', authors: p.authors };
}

/**
 * The search index of a process: derived from the store, following its change sequence.
 * Changed papers are upserted into the lexical index's delta segment (searchable at once),
 * hidden ones removed; `sync()` catches up in milliseconds, so a new paper is searchable within
 * a second of being stored when the caller syncs every second.
 */
export class SearchIndex {
  private constructor(
    private readonly index: LexicalIndex,
    private seq: number,
  ) {}

  static async build(store: Store): Promise<SearchIndex> {
    const docs: IndexDoc[] = [];
    let seq = 0;
    for (;;) {
      const changes = await papersChangedSince(store, seq, PAGE);
      if (changes.length === 0) break;
      for (const c of changes) if (!c.hidden) docs.push(toDoc(c));
      seq = changes.at(-1)!.seq;
    }
    return new SearchIndex(LexicalIndex.build(docs), seq);
  }

  get size(): number {
    return this.index.size;
  }

  get changeSeq(): number {
    return this.seq;
  }

  /** The lexical index itself (matches(), doc numbers, filters as bitsets). */
  get lexical(): LexicalIndex {
    return this.index;
  }

  /** Reads the store's changes since the last sync; returns how many papers changed. */
  async sync(store: Store): Promise<number> {
    let changed = 0;
    for (;;) {
      const changes = await papersChangedSince(store, this.seq, PAGE);
      if (changes.length === 0) break;
      for (const c of changes) {
        if (c.hidden) this.index.remove(c.paper.id);
        else this.index.upsert(toDoc(c));
      }
      this.seq = changes.at(-1)!.seq;
      changed += changes.length;
    }
    if (this.index.deltaSize > Math.max(COMPACT_MIN, this.index.size * COMPACT_SHARE)) this.index.compact();
    return changed;
  }

  search(query: string, options: SearchQueryOptions = {}): Hit[] {
    const k = Math.min(Math.max(options.limit ?? 10, 1), 1000);
    const exclude = options.exclude;
    const filter = exclude ? (doc: number) => !exclude(this.index.keyOf(doc)!) : undefined;
    return this.index.search(query, { k, prefix: options.prefix === true, ...(filter ? { filter } : {}) });
  }
}
