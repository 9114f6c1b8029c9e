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

/** Drops rows older than `maxAgeMs` (by the database's clock, as written). Returns how many. */
export async function prunePageChanges(store: Store, maxAgeMs: number, now = Date.now()): Promise<number> {
  const res = await store.db.deleteFrom('page_changes').where('changed_at', '<', now - maxAgeMs).executeTakeFirst();
  return Number(res.numDeletedRows);
}
