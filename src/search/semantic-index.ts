/**
 * The meaning half of search: an embedder, the papers' vectors in a VectorIndex, and the
 * catch-up that embeds papers whose stored vector is missing or older than the paper.
 *
 * Vectors live in the store (`paper_vectors`), so a restart reads them back instead of
 * recomputing; the built-in model is stored too (`search_models`), so query vectors after a
 * restart come from the same model as the stored paper vectors.
 */
import type { Store } from '../store/database.js';
import { papersToEmbed, saveVectors, type StoredVector, vectorsOfPapersChangedSince, vectorsPage } from '../store/search-vectors.js';
import { CorpusEmbedder, type Embedder } from './embeddings/embedder.js';
import { embedIndexedDocs } from './embeddings/indexed-embedding.js';
import type { LexicalIndex } from './lexical-index.js';
import { encodeVector, VectorIndex } from './vector-index.js';
import type { VectorSnapshot } from './vector-snapshot.js';

/** Stored vectors read per round trip at start (1M papers: 200 round trips). */
const LOAD_PAGE = 5_000;
/** Vectors stored per transaction by fillFromIndex. */
const FILL_BATCH = 5_000;

export class SemanticIndex {
  /** Papers whose vector could not be computed yet (an embedding server down): retried on the next catch-up. */
  pending = 0;
  lastError: string | null = null;
  /** Every paper changed at or before this sequence has its vector: the next catch-up reads only later changes. */
  private embeddedSeq = 0;

  private constructor(
    readonly embedder: Embedder,
    readonly vectors: VectorIndex,
  ) {}

  /** Reads the stored vectors of the embedder's model; `docOf` maps paper ids to doc numbers. */
  static async load(store: Store, embedder: Embedder, docOf: (id: string) => number | undefined, exactLimit?: number): Promise<SemanticIndex> {
    const index = new SemanticIndex(embedder, new VectorIndex(embedder.dims));
    if (exactLimit !== undefined) index.vectors.exactLimit = exactLimit;
    for (let after = ''; ; ) {
      const page = await vectorsPage(store, embedder.modelId, after, LOAD_PAGE);
      if (page.length === 0) break;
      for (const v of page) {
        const doc = docOf(v.paperId);
        if (doc !== undefined && v.vector.length === embedder.dims + 4) index.vectors.set(doc, v.vector);
      }
      after = page.at(-1)!.paperId;
    }
    return index;
  }

  /**
   * The vectors of a snapshot (vector-snapshot.ts, of this embedder's model), caught up with the
   * store: vectors that other processes stored for papers changed since it are read, and vectors
   * of docs no longer live (`isLive`) dropped; the next catchUp() embeds from the snapshot's sequence.
   */
  static async fromSnapshot(
    store: Store,
    embedder: Embedder,
    snapshot: VectorSnapshot,
    docOf: (id: string) => number | undefined,
    isLive: (doc: number) => boolean,
    exactLimit?: number,
  ): Promise<SemanticIndex> {
    const index = new SemanticIndex(embedder, VectorIndex.fromArrays(snapshot.arrays, snapshot.live));
    if (exactLimit !== undefined) index.vectors.exactLimit = exactLimit;
    for (let doc = 0; doc < snapshot.arrays.scales.length; doc++) if (index.vectors.has(doc) && !isLive(doc)) index.vectors.delete(doc);
    for (let after = snapshot.embeddedSeq; ; ) {
      const page = await vectorsOfPapersChangedSince(store, embedder.modelId, after, LOAD_PAGE);
      if (page.length === 0) break;
      for (const v of page) {
        const doc = docOf(v.paperId);
        if (doc !== undefined && v.vector.length === embedder.dims + 4) index.vectors.set(doc, v.vector);
      }
      after = page.at(-1)!.seq;
    }
    index.embeddedSeq = snapshot.embeddedSeq;
    return index;
  }

  /** Every paper changed at or before this sequence has its vector (lists of similar papers wait for it). */
  get embeddedThrough(): number {
    return this.embeddedSeq;
  }

  get modelId(): string {
    return this.embedder.modelId;
  }

  /**
   * Embeds and stores every visible paper whose vector is missing or stale, at most `budget`
   * (so a slow server does not hold a sync for long); returns how many it embedded. `seenSeq`
   * is the change sequence the caller has read up to: once everything before it is embedded,
   * later calls only look at newer changes (the first call after a start scans once).
   */
  async catchUp(store: Store, docOf: (id: string) => number | undefined, seenSeq: number, budget = Infinity): Promise<number> {
    let done = 0;
    let after = this.embeddedSeq;
    while (done < budget) {
      const papers = await papersToEmbed(store, this.modelId, after, Math.min(this.embedder.batchSize, budget - done));
      if (papers.length === 0) {
        this.embeddedSeq = Math.max(this.embeddedSeq, seenSeq);
        break;
      }
      let vectors: Float32Array[];
      try {
        vectors = await this.embedder.embedPapers(papers);
        this.lastError = null;
      } catch (err) {
        // The cursor stays before these papers: the next catch-up retries them.
        this.lastError = err instanceof Error ? err.message : String(err);
        this.pending = papers.length;
        return done;
      }
      const encoded = vectors.map(encodeVector);
      await saveVectors(store, this.modelId, papers.map((p, i) => ({ paperId: p.id, sourceSeq: p.seq, vector: encoded[i]! })));
      papers.forEach((p, i) => {
        const doc = docOf(p.id);
        if (doc !== undefined) this.vectors.set(doc, encoded[i]!);
      });
      done += papers.length;
      after = papers.at(-1)!.seq;
      this.embeddedSeq = Math.max(this.embeddedSeq, Math.min(after, seenSeq));
    }
    this.pending = 0;
    return done;
  }

  /**
   * Embeds the papers that have no vector yet from the keyword index's token streams (the
   * built-in model only; a build of 1M papers would otherwise re-read and re-tokenize every
   * abstract), storing them in batches. Returns how many it embedded.
   */
  async fillFromIndex(store: Store, lexical: LexicalIndex, papers: readonly { key: string; seq: number }[]): Promise<number> {
    if (!(this.embedder instanceof CorpusEmbedder)) return 0;
    const missing = papers.flatMap((p) => {
      const doc = lexical.docOf(p.key);
      return doc !== undefined && !this.vectors.has(doc) ? [{ ...p, doc }] : [];
    });
    const byDoc = new Map(missing.map((p) => [p.doc, p]));
    const rows: StoredVector[] = [];
    await embedIndexedDocs(this.embedder.model, lexical, byDoc.keys(), (doc, encoded) => {
      this.vectors.set(doc, encoded);
      const p = byDoc.get(doc)!;
      rows.push({ paperId: p.key, sourceSeq: p.seq, vector: encoded });
    });
    for (let i = 0; i < rows.length; i += FILL_BATCH) await saveVectors(store, this.modelId, rows.slice(i, i + FILL_BATCH));
    return rows.length;
  }

  /** A paper's vector (as stored, decoded), for similar papers. */
  vectorOf(doc: number): Float32Array | null {
    return this.vectors.vectorOf(doc);
  }

  /** vectorOf into `out` at `offset`, without allocating; false when the doc has none. */
  readVector(doc: number, out: Float32Array, offset: number): boolean {
    return this.vectors.readVector(doc, out, offset);
  }
}
