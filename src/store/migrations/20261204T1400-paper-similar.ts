import type { Kysely } from 'kysely';

/**
 * Similar papers, stored: each paper's most similar papers as the search index last computed
 * them, so a paper page reads one row instead of scanning 100k vectors and running a keyword
 * query per render (138 pages/s at 100k papers when computed per request). Derived: the
 * follower in `src/search/stored-similar.ts` fills and refreshes it; deleting every row rebuilds it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('paper_similar')
    .addColumn('paper_id', 'text', (c) => c.primaryKey())
    /** The search index's change sequence when the list was computed: a paper changed later may belong in it. */
    .addColumn('index_seq', 'bigint', (c) => c.notNull())
    /** JSON `[[id, score], ...]`, most similar first. */
    .addColumn('similar', 'text', (c) => c.notNull())
    .execute();
}
