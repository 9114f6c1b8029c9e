import { sql } from 'kysely';
import type { Store } from './database.js';

/** A paper's stored similar papers, most similar first. */
export interface StoredSimilar {
  paperId: string;
  /** The search index's change sequence when the list was computed. */
  indexSeq: number;
  similar: { id: string; score: number }[];
}

/** The stored list of a paper, or undefined when none was computed yet. */
export async function findSimilar(store: Store, paperId: string): Promise<StoredSimilar | undefined> {
  const row = await store.db.selectFrom('paper_similar').selectAll().where('paper_id', '=', paperId).executeTakeFirst();
  return row && { paperId: row.paper_id, indexSeq: Number(row.index_seq), similar: (JSON.parse(row.similar) as [string, number][]).map(([id, score]) => ({ id, score })) };
}

/** When each of these papers' lists was computed (papers without one are absent). */
export async function similarIndexSeqs(store: Store, paperIds: readonly string[]): Promise<Map<string, number>> {
  if (paperIds.length === 0) return new Map();
  const rows = await store.db.selectFrom('paper_similar').select(['paper_id', 'index_seq']).where('paper_id', 'in', paperIds).execute();
  return new Map(rows.map((r) => [r.paper_id, Number(r.index_seq)]));
}

/** Upserts lists in one transaction (one fsync for a batch). */
export async function saveSimilar(store: Store, lists: readonly StoredSimilar[]): Promise<void> {
  if (lists.length === 0) return;
  await store.db.transaction().execute(async (trx) => {
    // 500 rows a statement: 1,500 bound values, under SQLite's and PostgreSQL's limits.
    for (let i = 0; i < lists.length; i += 500) {
      const rows = lists.slice(i, i + 500).map((l) => ({ paper_id: l.paperId, index_seq: l.indexSeq, similar: JSON.stringify(l.similar.map((s) => [s.id, s.score])) }));
      await trx
        .insertInto('paper_similar')
        .values(rows)
        .onConflict((oc) => oc.column('paper_id').doUpdateSet({ index_seq: sql`excluded.index_seq`, similar: sql`excluded.similar` }))
        .execute();
    }
  });
}

/** Drops these papers' lists (hidden papers). */
export async function deleteSimilar(store: Store, paperIds: readonly string[]): Promise<void> {
  if (paperIds.length === 0) return;
  await store.db.deleteFrom('paper_similar').where('paper_id', 'in', paperIds).execute();
}

/** Drops every list (they came from another search model). */
export async function clearSimilar(store: Store): Promise<void> {
  await store.db.deleteFrom('paper_similar').execute();
}
