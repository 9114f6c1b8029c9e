import type { Store } from '../store/database.js';
import { papersChangedSince, type PaperChange } from '../store/papers.js';
import { type Hit, type IndexDoc, type LexicalIndex, LexicalIndexBuilder } from './lexical-index.js';
import { tokenize } from './tokenizer.js';

/** Papers read per store round trip while building or catching up. */
const PAGE = 5_000;
/** Above this many changed papers since the last full build, rebuild everything (the delta is re-indexed on every sync). */
const DELTA_LIMIT = 20_000;
/** The last query word, when typed as a prefix, expands to at most this many terms (the most frequent). */
const PREFIX_TERMS = 30;

export interface SearchQueryOptions {
  limit?: number;
  /** Treat the last word as a prefix (search as you type). */
  prefix?: boolean;
  /** Skip papers (filters). */
  exclude?: (id: string) => boolean;
}

function toDoc(change: PaperChange): IndexDoc {
  const p = change.paper;
  // The arXiv id rides in the authors field: a short, heavily weighted field, as an exact token.
  return { key: p.id, title: p.title, abstract: p.abstract ?? '', authors: `${p.authors.join(' ')} ${p.id}` };
}

/**
 * The search index of a process: derived from the store, following its change sequence. A main
 * segment holds everything up to the last full build; papers changed since are in a small delta
 * segment (scored with the main segment's statistics) and their main copies are skipped, as are
 * hidden papers. `sync()` catches up in milliseconds, so a new paper is searchable within a
 * second of being stored when the caller syncs every second.
 */
export class SearchIndex {
  private delta: LexicalIndex | null = null;
  private deltaDocs = new Map<string, IndexDoc>();
  /** Papers whose main-segment copy is stale: changed since (they live in the delta) or hidden. */
  private stale = new Set<string>();

  private constructor(
    private main: LexicalIndex,
    private seq: number,
  ) {}

  static async build(store: Store): Promise<SearchIndex> {
    const { index, seq } = await buildMain(store);
    return new SearchIndex(index, seq);
  }

  get size(): number {
    return this.main.size - this.stale.size + this.deltaDocs.size;
  }

  get changeSeq(): number {
    return this.seq;
  }

  /** Reads the store's changes since the last sync; returns how many papers changed. */
  async sync(store: Store): Promise<number> {
    let changed = 0;
    for (;;) {
      const changes = await papersChangedSince(store, this.seq, PAGE);
      if (changes.length === 0) break;
      for (const c of changes) {
        this.stale.add(c.paper.id);
        if (c.hidden) this.deltaDocs.delete(c.paper.id);
        else this.deltaDocs.set(c.paper.id, toDoc(c));
      }
      this.seq = changes.at(-1)!.seq;
      changed += changes.length;
    }
    if (changed === 0) return 0;
    if (this.deltaDocs.size > DELTA_LIMIT) {
      const { index, seq } = await buildMain(store);
      this.main = index;
      this.seq = seq;
      this.delta = null;
      this.deltaDocs.clear();
      this.stale.clear();
      return changed;
    }
    const b = new LexicalIndexBuilder();
    for (const d of this.deltaDocs.values()) b.add(d);
    this.delta = b.build(this.main.stats());
    return changed;
  }

  search(query: string, options: SearchQueryOptions = {}): Hit[] {
    const k = Math.min(Math.max(options.limit ?? 10, 1), 1000);
    const terms = this.queryTerms(query, options.prefix === true);
    if (terms.length === 0) return [];
    const exclude = options.exclude;
    const main = this.main.search(terms, { k, exclude: (key) => this.stale.has(key) || (exclude?.(key) ?? false) });
    const delta = this.delta ? this.delta.search(terms, { k, ...(exclude ? { exclude } : {}) }) : [];
    return [...main, ...delta].sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1)).slice(0, k);
  }

  private queryTerms(query: string, prefix: boolean): string[] {
    // 1,000 characters: longer input is pasted text, not a query; the head is what counts.
    const terms = tokenize(query.slice(0, 1000));
    if (!prefix || terms.length === 0) return terms;
    const raw = tokenize(query.slice(0, 1000), { stem: false });
    const last = raw.at(-1) ?? terms.at(-1)!;
    const expanded = this.main.expandPrefix(last, PREFIX_TERMS);
    return [...terms, ...expanded];
  }
}

async function buildMain(store: Store): Promise<{ index: LexicalIndex; seq: number }> {
  const b = new LexicalIndexBuilder();
  let seq = 0;
  for (;;) {
    const changes = await papersChangedSince(store, seq, PAGE);
    if (changes.length === 0) break;
    for (const c of changes) if (!c.hidden) b.add(toDoc(c));
    seq = changes.at(-1)!.seq;
  }
  return { index: b.build(), seq };
}
