import { sql } from 'kysely';
import type { Store } from './database.js';

/** A limit: at most `limit` requests per `windowMs` for one key (a user, an address). */
export interface Bucket {
  key: string;
  limit: number;
  windowMs: number;
}

export type Take = { taken: true } | { taken: false; retryAfterMs: number };

/**
 * Takes one from the key's allowance, or refuses, in ONE statement, so the check and the count
 * cannot be split by a concurrent request on this or any other process (SQLite >= 3.35 and
 * PostgreSQL both run it):
 *
 *   insert into rate_limits (key, count, reset_at) values ($key, 1, $now + window)
 *   on conflict (key) do update set
 *     count    = case when rate_limits.reset_at <= $now then 1 else rate_limits.count + 1 end,
 *     reset_at = case when rate_limits.reset_at <= $now then $now + window else rate_limits.reset_at end
 *   where rate_limits.reset_at <= $now or rate_limits.count < $limit
 *   returning count
 *
 * No row back means refused. PostgreSQL locks the conflicting row and re-checks the WHERE on
 * its newest version, SQLite runs one writer at a time: either way exactly `limit` of any
 * number of parallel requests get through. A window starts at a key's first request after the
 * last one ended (as a person sees it: "10 comments, then wait until 10 minutes after the
 * first"); a refused request does not count.
 */
export async function takeRateLimit(store: Store, bucket: Bucket, now: Date): Promise<Take> {
  const at = now.toISOString();
  const next = new Date(now.getTime() + bucket.windowMs).toISOString();
  const row = await store.db
    .insertInto('rate_limits')
    .values({ key: bucket.key, count: 1, reset_at: next })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          count: sql<number>`case when rate_limits.reset_at <= ${at} then 1 else rate_limits.count + 1 end`,
          reset_at: sql<string>`case when rate_limits.reset_at <= ${at} then ${next} else rate_limits.reset_at end`,
        })
        .where((eb) => eb.or([eb('rate_limits.reset_at', '<=', at), eb('rate_limits.count', '<', bucket.limit)])),
    )
    .returning('count')
    .executeTakeFirst();
  if (row) return { taken: true };
  const window = await store.db.selectFrom('rate_limits').select('reset_at').where('key', '=', bucket.key).executeTakeFirst();
  // At most one window: a parallel request that read the clock a moment later may have opened it.
  const left = window ? Date.parse(window.reset_at) - now.getTime() : 0;
  return { taken: false, retryAfterMs: Math.min(bucket.windowMs, Math.max(0, left)) };
}

/** Drops windows that have ended (they would be restarted on the next request anyway). */
export async function sweepRateLimits(store: Store, now: Date): Promise<number> {
  const result = await store.db.deleteFrom('rate_limits').where('reset_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
