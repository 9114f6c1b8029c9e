import type { Store } from './database.js';

/** Where a listing of all papers stopped: the last row's feed day and id (keyset paging). */
export interface ListingCursor {
  feedDate: string;
  id: string;
}

/**
 * Ids of visible papers, newest feed day first, then by id descending, after `cursor`. The
 * order is the (feed_date, id) index read backwards, so every page costs `limit` index rows
 * however deep it is (an offset would scan all the rows before it: 1M papers at the end).
 * Papers without any date (no feed day) are not listed.
 */
export async function paperIdsByFeedDay(store: Store, page: { after: ListingCursor | null; limit: number }): Promise<ListingCursor[]> {
  let q = store.db
    .selectFrom('papers as p')
    .leftJoin('paper_activity as a', 'a.paper_id', 'p.id')
    .select(['p.feed_date', 'p.id'])
    .where('a.hidden_at', 'is', null)
    .where('p.feed_date', 'is not', null);
  const after = page.after;
  if (after) q = q.where((eb) => eb.or([eb('p.feed_date', '<', after.feedDate), eb.and([eb('p.feed_date', '=', after.feedDate), eb('p.id', '<', after.id)])]));
  const rows = await q.orderBy('p.feed_date', 'desc').orderBy('p.id', 'desc').limit(page.limit).execute();
  return rows.map((r) => ({ feedDate: r.feed_date!, id: r.id }));
}

/** Ids of users by name, in one query (the public user objects carry the stable id). */
export async function userIdsByName(store: Store, names: readonly string[]): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  const rows = await store.db.selectFrom('users').select(['id', 'name']).where('name', 'in', [...new Set(names)]).execute();
  return new Map(rows.map((r) => [r.name, Number(r.id)]));
}
