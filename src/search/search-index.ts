import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddingsConfig, SearchConfig } from '../config.js';
import type { Store } from '../store/database.js';
import { withJobLock } from '../store/locks.js';
import { papersChangedSince, type PaperChange } from '../store/papers.js';
import { storeIdentity } from '../store/settings.js';
import { compactInWorker } from './background-compaction.js';
import type { Bitset } from './bitset.js';
import type { TrainingDoc } from './embeddings/model-training.js';
import { CorpusEmbedder } from './embeddings/embedder.js';
import { rerankByWords } from './embeddings/word-rerank.js';
import { MIN_TRAINING_DOCS, openEmbedder, spreadSample } from './embeddings/open-embedder.js';
import { type IndexDoc, LexicalIndex, type Query, type SearchHit } from './lexical-index.js';
import { dayNumber, type FacetFilter, PaperFacets } from './paper-facets.js';
import { SemanticIndex } from './semantic-index.js';
import { currentGeneration, openNewestGeneration, publishGeneration, writeDurable } from './snapshot-generations.js';
import { readVectorSnapshot, type VectorSnapshot, vectorSnapshotParts } from './vector-snapshot.js';

/** Papers read per store round trip while building or catching up. */
const PAGE = 5_000;
/**
 * Compact when the delta segment passes 5% of the index (and 1,000 papers): a delta that size
 * costs under a tenth more per query, and compaction (a rebuild from the stored token streams,
 * no store reads) runs about once per 50,000 changes at 1M papers.
 */
const COMPACT_SHARE = 0.05;
const COMPACT_MIN = 1_000;
/** Papers embedded per sync at most: a slow embedding server must not hold keyword freshness back. */
const SYNC_EMBED_BUDGET = 2_000;
/** 2: a generation directory per snapshot, vectors in it. */
const SNAPSHOT_VERSION = 2;
/** Held while a process publishes a snapshot generation (one writer at a time per store). */
const SNAPSHOT_LOCK = 'search-snapshot';

/** meta.json of a snapshot generation. */
interface SnapshotMeta {
  version: number;
  store: string;
  seq: number;
  papers: number;
  savedAt: string;
  /** vectors.bin's model and the sequence through which every paper had its vector; null: none written. */
  vectors: { model: string; embeddedSeq: number } | null;
}

/** The meta of the published generation in `dir`, or null (none, unreadable). */
function publishedMeta(dir: string): SnapshotMeta | null {
  const name = currentGeneration(dir);
  if (!name) return null;
  try {
    return JSON.parse(readFileSync(join(dir, name, 'meta.json'), 'utf8')) as SnapshotMeta;
  } catch {
    return null;
  }
}
/** Up to this many papers a running server retrains the built-in model itself (~2 s, measured at 5,000). */
const LIVE_RETRAIN_MAX = 5_000;

export interface SearchIndexOptions {
  embeddings?: EmbeddingsConfig;
  /** Train a new built-in model even when one is stored (`paperboy reindex --retrain`). */
  retrain?: boolean;
  /** See VectorIndex.exactLimit (SEARCH_VECTOR_EXACT_LIMIT). */
  vectorExactLimit?: number;
  log?: (line: string) => void;
}

/** The index options a configuration asks for (the server and the CLI build and open indexes alike). */
export function indexOptionsOf(config: SearchConfig): SearchIndexOptions {
  return { embeddings: config.embeddings, ...(config.vectorExactLimit !== undefined ? { vectorExactLimit: config.vectorExactLimit } : {}) };
}

export interface SearchQueryOptions {
  limit?: number;
  /** Treat the last word as a prefix (search as you type). */
  prefix?: boolean;
  /** Keep only these docs (from filterFor()). */
  filter?: Bitset | null;
}

export type Hit = SearchHit;

function toDoc(change: PaperChange): IndexDoc {
  const p = change.paper;
  return { key: p.id, title: p.title, abstract: p.abstract ?? '', authors: p.authors };
}

function dayOf(change: PaperChange): number {
  const p = change.paper;
  return dayNumber(p.feedDate ?? p.announcedOn ?? p.submittedAt);
}

/**
 * The search index of a process: derived from the store, following its change sequence. It
 * holds the keyword index, the filters' facets and, when embeddings are on, the paper vectors,
 * all by the same doc numbers. Changed papers are upserted (searchable at once), hidden ones
 * removed; `sync()` catches up in milliseconds, so a new paper is searchable within a second of
 * being stored when the caller syncs every second.
 */
export class SearchIndex {
  /** What search by meaning runs on, or why it does not (for the log and the status line). */
  semanticNote = '';
  /** Why search by meaning failed to open (an embedding server down), null when it did not fail. */
  semanticError: string | null = null;
  /** While a worker compacts a copy: the changes applied since the copy, replayed onto it before the swap. */
  private compaction: { log: (IndexDoc | string)[]; done: Promise<void> } | null = null;

  /** When search by meaning was last (re)opened: an embedding server that was down is asked again at most once a minute. */
  private semanticOpenedAt = 0;

  private constructor(
    private index: LexicalIndex,
    private readonly facets: PaperFacets,
    private seq: number,
    private readonly options: SearchIndexOptions,
    private semantic: SemanticIndex | null = null,
  ) {}

  /** Builds everything from the store. */
  static async build(store: Store, options: SearchIndexOptions = {}): Promise<SearchIndex> {
    const { docs, days, categories, seqs, seq } = await readPapers(store);
    const lexical = LexicalIndex.build(docs);
    const facets = new PaperFacets();
    docs.forEach((d, i) => facets.set(lexical.docOf(d.key)!, days[i]!, categories[i]!));
    const index = new SearchIndex(lexical, facets, seq, options);
    await index.openSemantic(store, () => trainingSample(docs), docs.map((d, i) => ({ key: d.key, seq: seqs[i]! })));
    return index;
  }

  /**
   * Opens the newest snapshot generation in `dir` (snapshot-generations.ts) and catches up with
   * the store from its sequence: keywords and facets from its files, vectors from its
   * vectors.bin when they are of the store's current model (else from the store). Builds from the
   * store when no generation is usable (none, damaged, other format, another store).
   */
  static async open(store: Store, dir: string, options: SearchIndexOptions = {}): Promise<SearchIndex> {
    const started = Date.now();
    const storeId = await storeIdentity(store);
    const opened = await openNewestGeneration(dir, async (genDir) => {
      const meta = JSON.parse(readFileSync(join(genDir, 'meta.json'), 'utf8')) as SnapshotMeta;
      if (meta.version !== SNAPSHOT_VERSION) throw new Error(`snapshot format ${meta.version}`);
      if (meta.store !== storeId) throw new Error('the snapshot is of another store');
      const facets = PaperFacets.load(readFileSync(join(genDir, 'facets.bin')));
      const index = new SearchIndex(LexicalIndex.open(join(genDir, 'lexical.idx')), facets, meta.seq, options);
      let vectors: VectorSnapshot | null = null;
      try {
        if (meta.vectors) vectors = readVectorSnapshot(join(genDir, 'vectors.bin'));
      } catch (err) {
        options.log?.(`search index: snapshot vectors not used (${err instanceof Error ? err.message : String(err)}): reading them from the store`);
      }
      return { index, vectors };
    }, options.log);
    if (!opened) {
      options.log?.(`search index: no usable snapshot in ${dir}: building from the store`);
      return SearchIndex.build(store, options);
    }
    const { index, vectors } = opened.value;
    const loaded = Date.now();
    await index.sync(store, Infinity, false); // meaning opens next, once
    const synced = Date.now();
    await index.openSemantic(store, async () => trainingSample((await readPapers(store)).docs), [], vectors);
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    options.log?.(`search index: snapshot ${opened.name} read in ${s(loaded - started)} (vectors ${vectors ? 'included' : 'not included'}), keyword changes since caught up in ${s(synced - loaded)}, meaning opened in ${s(Date.now() - synced)}`);
    return index;
  }

  /**
   * Publishes the index as a new snapshot generation in `dir` (keywords, facets and vectors of
   * one moment: copied without yielding, so no sync interleaves, then written asynchronously). One process publishes at a
   * time (the `search-snapshot` lock; a process that finds it taken skips this round), and only
   * when it is ahead of the published generation, and that one is older than `unlessNewerThanMs`
   * when given: processes sharing `dir` do not each write the same snapshot. `force` (a reindex,
   * maybe with a new model): publish even when not ahead. True when it wrote.
   */
  async save(store: Store, dir: string, options: { unlessNewerThanMs?: number; force?: boolean } = {}): Promise<boolean> {
    const storeId = await storeIdentity(store);
    const result = await withJobLock(store, SNAPSHOT_LOCK, async () => {
      const published = publishedMeta(dir);
      if (published?.store === storeId && options.force !== true) {
        if (published.seq >= this.seq) return false;
        if (options.unlessNewerThanMs !== undefined && Date.now() - Date.parse(published.savedAt) < options.unlessNewerThanMs) return false;
      }
      const semantic = this.semantic;
      const meta: SnapshotMeta = {
        version: SNAPSHOT_VERSION, store: storeId, seq: this.seq, papers: this.size, savedAt: new Date().toISOString(),
        vectors: semantic ? { model: semantic.modelId, embeddedSeq: Math.min(semantic.embeddedThrough, this.seq) } : null,
      };
      // Every file's bytes are taken here, at once (serialize() and vectorSnapshotParts() copy):
      // the index goes on following the store while they are written.
      const files: [string, Uint8Array[]][] = [['lexical.idx', [this.index.serialize()]], ['facets.bin', [this.facets.serialize()]]];
      if (semantic && meta.vectors) {
        const { arrays, docs } = semantic.vectors.snapshotArrays;
        files.push(['vectors.bin', vectorSnapshotParts(meta.vectors.model, meta.vectors.embeddedSeq, arrays, docs)]);
      }
      files.push(['meta.json', [Buffer.from(JSON.stringify(meta))]]);
      await publishGeneration(dir, this.seq, async (genDir) => {
        for (const [name, parts] of files) await writeDurable(join(genDir, name), parts);
      });
      return true;
    });
    return result.ran && result.value;
  }

  get size(): number {
    return this.index.size;
  }

  get changeSeq(): number {
    return this.seq;
  }

  /** The change sequence through which keywords and vectors are both current (similar papers are computed up to it). */
  get settledSeq(): number {
    return this.semantic ? Math.min(this.seq, this.semantic.embeddedThrough) : this.seq;
  }

  /** Whether a paper is in the index (visible). */
  has(key: string): boolean {
    return this.index.has(key);
  }

  /** The lexical index itself (matches(), doc numbers). */
  get lexical(): LexicalIndex {
    return this.index;
  }

  /** Whether search by meaning can answer, and the model's id. */
  get semanticModel(): string | null {
    return this.semantic?.modelId ?? null;
  }

  /** Reads the store's changes since the last sync; returns how many papers changed. */
  async sync(store: Store, embedBudget = SYNC_EMBED_BUDGET, reviveSemantic = true): Promise<number> {
    let changed = 0;
    for (;;) {
      const changes = await papersChangedSince(store, this.seq, PAGE);
      if (changes.length === 0) break;
      for (const c of changes) {
        if (c.hidden) {
          const doc = this.index.docOf(c.paper.id);
          this.index.remove(c.paper.id);
          this.compaction?.log.push(c.paper.id);
          if (doc !== undefined) this.semantic?.vectors.delete(doc);
        } else {
          const doc = toDoc(c);
          this.facets.set(this.index.upsert(doc), dayOf(c), c.paper.categories);
          this.compaction?.log.push(doc);
        }
      }
      this.seq = changes.at(-1)!.seq;
      changed += changes.length;
    }
    if (reviveSemantic && this.semanticDue()) await this.openSemantic(store, async () => trainingSample((await readPapers(store)).docs));
    if (this.semantic) await this.semantic.catchUp(store, (id) => this.liveDoc(id), this.seq, embedBudget);
    if (this.index.deltaSize > Math.max(COMPACT_MIN, this.index.size * COMPACT_SHARE)) void this.compact();
    return changed;
  }

  /**
   * Folds the delta segment into the main one in a worker thread, searching the current index
   * meanwhile; changes synced in the meantime are replayed onto the compacted copy (same order,
   * so the same doc numbers) before it replaces the current one. One at a time.
   */
  compact(): Promise<void> {
    if (this.compaction) return this.compaction.done;
    const log: (IndexDoc | string)[] = [];
    const done = compactInWorker(this.index).then(
      (compacted) => {
        for (const op of log) {
          if (typeof op === 'string') compacted.remove(op);
          else compacted.upsert(op);
        }
        this.index = compacted;
        this.compaction = null;
      },
      (err: unknown) => {
        this.compaction = null;
        throw err;
      },
    );
    this.compaction = { log, done };
    done.catch(() => undefined); // a failed compaction leaves the current index serving; the next sync retries
    return done;
  }

  /** Keyword search: the k most relevant papers (query text, or terms already tokenized). */
  search(query: Query, options: SearchQueryOptions = {}): Hit[] {
    const k = Math.min(Math.max(options.limit ?? 10, 1), 1000);
    return this.index.search(query, { k, prefix: options.prefix === true, ...(options.filter ? { filter: options.filter } : {}) });
  }

  /** The papers nearest a query vector, found in the vector worker when the index is large; empty without embeddings. */
  async nearest(vector: Float32Array, limit: number, filter?: Bitset | null, skipKey?: string): Promise<{ key: string; score: number }[]> {
    if (!this.semantic) return [];
    const skip = skipKey === undefined ? -1 : (this.index.docOf(skipKey) ?? -1);
    const hits = await this.semantic.vectors.searchAsync(vector, limit, filter, skip);
    return hits.flatMap((h) => {
      const key = this.index.keyOf(h.doc);
      return key !== undefined && this.index.has(key) ? [{ key, score: h.score }] : [];
    });
  }

  /** The papers among `keys` a query names by title, and whether the title begins with it (LexicalIndex.titlesHolding): hybrid search keeps them ahead of papers meaning alone would lift (fusion.ts). */
  titlesHolding(query: string, keys: readonly string[]): Map<string, boolean> {
    return this.index.titlesHolding(query, keys);
  }

  /**
   * `hits` from nearest() for `query`, re-scored by how well the query's words are matched in each
   * paper (word-rerank.ts); unchanged without the built-in model.
   */
  rerankNearest(query: string, hits: readonly { id: string; score: number }[]): { id: string; score: number }[] {
    const embedder = this.semantic?.embedder;
    if (!(embedder instanceof CorpusEmbedder)) return [...hits];
    const docs = hits.flatMap((h) => {
      const doc = this.index.docOf(h.id);
      return doc === undefined ? [] : [{ doc, score: h.score }];
    });
    return rerankByWords(embedder.model, this.index, query, docs).flatMap((h) => {
      const key = this.index.keyOf(h.doc);
      return key === undefined ? [] : [{ id: key, score: h.score }];
    });
  }

  /** Stops the vector worker thread, if one runs. */
  close(): void {
    this.semantic?.vectors.close();
  }

  /** The query's vector, or null (no embeddings, nothing the model knows, server slow). */
  async embedQuery(query: string): Promise<Float32Array | null> {
    return this.semantic ? this.semantic.embedder.embedQuery(query) : null;
  }

  /** A stored paper's vector, or null. */
  vectorOf(key: string): Float32Array | null {
    const doc = this.liveDoc(key);
    return doc === undefined ? null : (this.semantic?.vectorOf(doc) ?? null);
  }

  /** vectorOf copied into `out` at `offset` (For you reads a day's papers into one buffer); false when it has none. */
  readVector(key: string, out: Float32Array, offset: number): boolean {
    const doc = this.liveDoc(key);
    return doc !== undefined && (this.semantic?.readVector(doc, out, offset) ?? false);
  }

  /** Docs passing a category / day-range filter, or null when the filter keeps everything. */
  filterFor(filter: FacetFilter): Bitset | null {
    return this.facets.filter(filter, this.index.docLimit);
  }

  /** Feed day number of a paper (for date order). */
  dayOf(key: string): number {
    const doc = this.index.docOf(key);
    return doc === undefined ? dayNumber(null) : this.facets.day(doc);
  }

  private liveDoc(key: string): number | undefined {
    return this.index.has(key) ? this.index.docOf(key) : undefined;
  }

  /** Whether doc number `doc` is a visible paper's. */
  private liveKey(doc: number): boolean {
    const key = this.index.keyOf(doc);
    return key !== undefined && this.index.has(key) && this.index.docOf(key) === doc;
  }

  /**
   * Whether a running index should (re)open search by meaning: a fresh install gets its first
   * papers after start, so the built-in model is trained once there are enough, and retrained
   * while the corpus is small and doubles (a few seconds up to 5,000 papers; larger corpora
   * retrain at the next start or `paperboy reindex`); an embedding server that was down is asked again.
   */
  private semanticDue(): boolean {
    const provider = this.options.embeddings?.provider ?? 'builtin';
    if (provider === 'off') return false;
    if (provider === 'http') return this.semantic === null && Date.now() - this.semanticOpenedAt >= 60_000;
    const trained = this.semantic?.embedder instanceof CorpusEmbedder ? this.semantic.embedder.model.trainedDocs : 0;
    return this.size >= MIN_TRAINING_DOCS && this.size <= LIVE_RETRAIN_MAX && this.size >= 2 * trained;
  }

  /** `indexed`: papers whose text the keyword index holds, embedded from it first (a build's bulk). */
  private async openSemantic(
    store: Store,
    sample: () => Promise<TrainingDoc[]> | TrainingDoc[],
    indexed: readonly { key: string; seq: number }[] = [],
    snapshot: VectorSnapshot | null = null,
  ): Promise<void> {
    const options = this.options;
    this.semanticOpenedAt = Date.now();
    try {
      const choice = await openEmbedder(store, options.embeddings ?? { provider: 'builtin' }, this.size, sample, options.retrain === true);
      this.semanticNote = choice.note;
      this.semanticError = null;
      if (!choice.embedder) return;
      const embedder = choice.embedder;
      const usable = snapshot !== null && snapshot.model === embedder.modelId && snapshot.arrays.dims === embedder.dims;
      if (snapshot && !usable) options.log?.(`search index: snapshot vectors are of model ${snapshot.model}, the store's is ${embedder.modelId}: reading them from the store`);
      const semantic = usable
        ? await SemanticIndex.fromSnapshot(store, embedder, snapshot, (id) => this.liveDoc(id), (doc) => this.liveKey(doc), options.vectorExactLimit)
        : await SemanticIndex.load(store, embedder, (id) => this.liveDoc(id), options.vectorExactLimit);
      await semantic.fillFromIndex(store, this.index, indexed);
      await semantic.catchUp(store, (id) => this.liveDoc(id), this.seq, choice.embedder.kind === 'corpus' ? Infinity : SYNC_EMBED_BUDGET);
      this.semantic = semantic;
      this.semanticError = semantic.lastError;
    } catch (err) {
      this.semanticError = err instanceof Error ? err.message : String(err);
      this.semanticNote = `search by meaning is unavailable: ${this.semanticError}`;
    }
    options.log?.(`search index: ${this.semanticNote}`);
  }
}

/** Every visible paper as the index reads it, in change order. */
async function readPapers(store: Store): Promise<{ docs: IndexDoc[]; days: number[]; categories: string[][]; seqs: number[]; seq: number }> {
  const docs: IndexDoc[] = [];
  const days: number[] = [];
  const categories: string[][] = [];
  const seqs: number[] = [];
  let seq = 0;
  for (;;) {
    const changes = await papersChangedSince(store, seq, PAGE);
    if (changes.length === 0) break;
    for (const c of changes) {
      if (c.hidden) continue;
      docs.push(toDoc(c));
      days.push(dayOf(c));
      categories.push(c.paper.categories);
      seqs.push(c.seq);
    }
    seq = changes.at(-1)!.seq;
  }
  return { docs, days, categories, seqs, seq };
}

function trainingSample(docs: readonly IndexDoc[]): TrainingDoc[] {
  return spreadSample(docs).map((d) => ({ title: d.title, abstract: d.abstract ?? '' }));
}
