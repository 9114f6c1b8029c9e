import { sql } from 'kysely';
import type { Store } from './database.js';

/** Where a page of a period, most upvoted first, stopped: the last row's sort key (keyset paging). */
export interface UpvotedKey {
  upvotes: number;
  /** When the paper joined the feed (daily feed time, else arXiv submission), '' when neither is known. */
  joinedAt: string;
  id: string;
}

const UPVOTES = sql<number>`p.upvotes_baseline + coalesce(a.votes, 0)`;
// '' for no date: NULLs sort first in PostgreSQL and last in SQLite, a cursor needs one order.
const JOINED = sql<string>`coalesce(p.daily_at, p.submitted_at, '')`;

/**
 * Keys of the visible papers with a feed day in [from, to] after `after`, in the feed's order:
 * most upvoted first, then the latest to join, then by id. Unlike an offset, the key holds its
 * place when papers arrive between two pages (a new paper sorts before or after it, never
 * shifts it), so walking the pages lists every paper once. A period holds a few hundred to a
 * few tens of thousands of papers: the (feed_date, id) index bounds the sort to that range.
 */
export async function upvotedKeysOnDays(store: Store, page: { from: string; to: string; after: UpvotedKey | null; limit: number }): Promise<UpvotedKey[]> {
  let q = store.db
    .selectFrom('papers as p')
    .leftJoin('paper_activity as a', 'a.paper_id', 'p.id')
    .select(['p.id', UPVOTES.as('upvotes'), JOINED.as('joined_at')])
    .where('a.hidden_at', 'is', null)
    .where('p.feed_date', '>=', page.from)
    .where('p.feed_date', '<=', page.to);
  const after = page.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb(UPVOTES, '<', after.upvotes),
        eb.and([eb(UPVOTES, '=', after.upvotes), eb.or([eb(JOINED, '<', after.joinedAt), eb.and([eb(JOINED, '=', after.joinedAt), eb('p.id', '>', after.id)])])]),
      ]),
    );
  }
  const rows = await q.orderBy(UPVOTES, 'desc').orderBy(JOINED, 'desc').orderBy('p.id').limit(page.limit).execute();
  return rows.map((r) => ({ upvotes: Number(r.upvotes), joinedAt: r.joined_at, id: r.id }));
}
