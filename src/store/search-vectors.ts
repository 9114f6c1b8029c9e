import { sql } from 'kysely';
import type { Store } from './database.js';

/** An embedding model as stored: the built-in one carries its trained data. */
export interface StoredModel {
  id: string;
  kind: string;
  dims: number;
  trainedDocs: number;
  createdAt: string;
  data: Uint8Array;
}

export interface StoredVector {
  paperId: string;
  /** The paper's change_seq the vector was computed from. */
  sourceSeq: number;
  vector: Uint8Array;
}

/** A paper whose vector is missing or older than the paper. */
export interface PaperToEmbed {
  id: string;
  seq: number;
  title: string;
  abstract: string;
}

/** Saves a model once; a second save of the same id (another process got there first) keeps the first. */
export async function saveModel(store: Store, model: StoredModel): Promise<void> {
  await store.db
    .insertInto('search_models')
    .values({ id: model.id, kind: model.kind, dims: model.dims, trained_docs: model.trainedDocs, created_at: model.createdAt, data: model.data })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** The newest model of a kind (`corpus` or `http`), or undefined. */
export async function latestModel(store: Store, kind: string): Promise<StoredModel | undefined> {
  const row = await store.db.selectFrom('search_models').selectAll().where('kind', '=', kind).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return row && { id: row.id, kind: row.kind, dims: Number(row.dims), trainedDocs: Number(row.trained_docs), createdAt: row.created_at, data: new Uint8Array(row.data) };
}

/** Drops every model but `keepId`, with their vectors (a retrained model replaces the old one). */
export async function deleteOtherModels(store: Store, kind: string, keepId: string): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    const old = trx.selectFrom('search_models').select('id').where('kind', '=', kind).where('id', '!=', keepId);
    await trx.deleteFrom('paper_vectors').where('model_id', 'in', old).execute();
    await trx.deleteFrom('search_models').where('kind', '=', kind).where('id', '!=', keepId).execute();
  });
}

/** Upserts vectors in one transaction (a batch of a few hundred is one fsync, not hundreds). */
export async function saveVectors(store: Store, modelId: string, vectors: readonly StoredVector[]): Promise<void> {
  if (vectors.length === 0) return;
  await store.db.transaction().execute(async (trx) => {
    // 500 rows a statement: 2,000 bound values, under SQLite's and PostgreSQL's limits.
    for (let i = 0; i < vectors.length; i += 500) {
      const rows = vectors.slice(i, i + 500).map((v) => ({ model_id: modelId, paper_id: v.paperId, source_seq: v.sourceSeq, vector: v.vector }));
      await trx
        .insertInto('paper_vectors')
        .values(rows)
        .onConflict((oc) => oc.columns(['model_id', 'paper_id']).doUpdateSet({ source_seq: sql`excluded.source_seq`, vector: sql`excluded.vector` }))
        .execute();
    }
  });
}

/** A model's vectors in paper id order, `limit` after `afterId` (paging a full load). */
export async function vectorsPage(store: Store, modelId: string, afterId: string, limit: number): Promise<StoredVector[]> {
  const rows = await store.db
    .selectFrom('paper_vectors')
    .select(['paper_id', 'source_seq', 'vector'])
    .where('model_id', '=', modelId)
    .where('paper_id', '>', afterId)
    .orderBy('paper_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ paperId: r.paper_id, sourceSeq: Number(r.source_seq), vector: new Uint8Array(r.vector) }));
}

/** The vector of one paper under a model, or undefined. */
export async function findVector(store: Store, modelId: string, paperId: string): Promise<Uint8Array | undefined> {
  const row = await store.db.selectFrom('paper_vectors').select('vector').where('model_id', '=', modelId).where('paper_id', '=', paperId).executeTakeFirst();
  return row && new Uint8Array(row.vector);
}

/**
 * Visible papers changed after `afterSeq` whose vector under `modelId` is missing or older than
 * the paper, in change order: what an embedder works through, `limit` at a time.
 */
export async function papersToEmbed(store: Store, modelId: string, afterSeq: number, limit: number): Promise<PaperToEmbed[]> {
  const rows = await store.db
    .selectFrom('papers as p')
    .leftJoin('paper_vectors as v', (j) => j.onRef('v.paper_id', '=', 'p.id').on('v.model_id', '=', modelId))
    .leftJoin('paper_activity as a', 'a.paper_id', 'p.id')
    .select(['p.id', 'p.change_seq', 'p.title', 'p.abstract'])
    .where('p.change_seq', '>', afterSeq)
    .where('a.hidden_at', 'is', null)
    .where((eb) => eb.or([eb('v.paper_id', 'is', null), eb('v.source_seq', '<', eb.ref('p.change_seq'))]))
    .orderBy('p.change_seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, seq: Number(r.change_seq), title: r.title, abstract: r.abstract ?? '' }));
}

/**
 * The stored vectors under `modelId` of papers changed after `afterSeq`, in change order,
 * `limit` at a time (`seq`: the paper's change_seq, to page on): what a process that opened a
 * snapshot of vectors reads to catch up with the vectors other processes stored since.
 */
export async function vectorsOfPapersChangedSince(store: Store, modelId: string, afterSeq: number, limit: number): Promise<(StoredVector & { seq: number })[]> {
  const rows = await store.db
    .selectFrom('papers as p')
    .innerJoin('paper_vectors as v', (j) => j.onRef('v.paper_id', '=', 'p.id').on('v.model_id', '=', modelId))
    .select(['p.id', 'p.change_seq', 'v.source_seq', 'v.vector'])
    .where('p.change_seq', '>', afterSeq)
    .orderBy('p.change_seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ paperId: r.id, seq: Number(r.change_seq), sourceSeq: Number(r.source_seq), vector: new Uint8Array(r.vector) }));
}
