import type { Store } from './database.js';

/**
 * The page-change log that triggers write (migrations/20261205T0900-page-changes.ts): what
 * anonymous pages show changed, from any process. `paperId` null: any page may show the change.
 */
export interface PageChange {
  seq: number;
  paperId: string | null;
}

/** The newest sequence number, where a follower starting now begins. */
export async function latestPageChange(store: Store): Promise<number> {
  const row = await store.db.selectFrom('page_changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Up to `limit` changes after `afterSeq`, in sequence order. */
export async function pageChangesSince(store: Store, afterSeq: number, limit: number): Promise<PageChange[]> {
  const rows = await store.db.selectFrom('page_changes').select(['seq', 'paper_id']).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  return rows.map((r) => ({ seq: Number(r.seq), paperId: r.paper_id }));
}

/**
 * Drops up to `limit` rows older than `maxAgeMs` (by the database's clock, as written), oldest
 * first; returns how many. Bounded: a bulk job can log hundreds of thousands of changes (linking
 * every paper's authors), and one unbounded DELETE of them held SQLite's writer and the serving
 * thread for seconds.
 */
export async function prunePageChanges(store: Store, maxAgeMs: number, now = Date.now(), limit = 10_000): Promise<number> {
  const oldest = store.db.selectFrom('page_changes').select('seq').where('changed_at', '<', now - maxAgeMs).orderBy('seq').limit(limit);
  const res = await store.db.deleteFrom('page_changes').where('seq', 'in', oldest).executeTakeFirst();
  return Number(res.numDeletedRows);
}
