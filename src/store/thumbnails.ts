import { sql } from 'kysely';
import type { Store } from './database.js';

/** A paper's stored thumbnail image, as the route serves it. */
export interface StoredThumbnail {
  paperId: string;
  image: Buffer;
  contentType: string;
  /** Short content hash: the image's URL names it, so the URL is immutable. */
  hash: string;
  width: number;
  height: number;
}

/** A paper the thumbnail job should (re)try, with what the placeholder and the log need. */
export interface ThumbnailCandidate {
  id: string;
  title: string;
  primaryCategory: string | null;
  /** Failed tries so far (0: never tried). */
  attempts: number;
}

export interface CandidateQuery {
  now: Date;
  /** Most papers returned. */
  limit: number;
  /** Only papers of this feed day or later (YYYY-MM-DD). */
  since?: string;
  /**
   * Exactly these papers (the CLI's --ids): every one of them without a ready thumbnail,
   * failed ones too even before their retry time or after the job gave up on them.
   */
  ids?: readonly string[];
}

/** Stores a ready thumbnail (replacing a failed row or an older image). */
export async function saveThumbnail(store: Store, t: StoredThumbnail, now: Date): Promise<void> {
  const row = {
    paper_id: t.paperId,
    status: 'ready',
    image: t.image,
    content_type: t.contentType,
    hash: t.hash,
    width: t.width,
    height: t.height,
    bytes: t.image.length,
    error: null,
    retry_at: null,
    updated_at: now.toISOString(),
  };
  await store.db
    .insertInto('paper_thumbnails')
    .values({ ...row, attempts: 0 })
    .onConflict((oc) => oc.column('paper_id').doUpdateSet(row))
    .execute();
}

/**
 * Records a failed try: one more attempt, the error, and when to try again (`retryDelayMs` of
 * the attempt count; null: never again, until an explicit backfill of the paper). A ready
 * image stays as it was (a re-render that failed keeps the old one). Returns the attempt count.
 */
export async function markThumbnailFailed(store: Store, paperId: string, error: string, now: Date, retryDelayMs: (attempts: number) => number | null): Promise<number> {
  return store.db.transaction().execute(async (trx) => {
    const old = await trx.selectFrom('paper_thumbnails').select(['status', 'attempts']).where('paper_id', '=', paperId).executeTakeFirst();
    if (old?.status === 'ready') return Number(old.attempts);
    const attempts = Number(old?.attempts ?? 0) + 1;
    const delay = retryDelayMs(attempts);
    const row = {
      status: 'failed',
      image: null,
      content_type: null,
      hash: null,
      width: null,
      height: null,
      bytes: null,
      error: error.slice(0, 500),
      attempts,
      retry_at: delay === null ? null : new Date(now.getTime() + delay).toISOString(),
      updated_at: now.toISOString(),
    };
    await trx
      .insertInto('paper_thumbnails')
      .values({ paper_id: paperId, ...row })
      .onConflict((oc) => oc.column('paper_id').doUpdateSet(row))
      .execute();
    return attempts;
  });
}

/** The ready image of a visible paper, or undefined. */
export async function findThumbnailImage(store: Store, paperId: string): Promise<StoredThumbnail | undefined> {
  const row = await store.db
    .selectFrom('paper_thumbnails as t')
    .leftJoin('paper_activity as a', 'a.paper_id', 't.paper_id')
    .select(['t.paper_id', 't.image', 't.content_type', 't.hash', 't.width', 't.height'])
    .where('t.paper_id', '=', paperId)
    .where('t.status', '=', 'ready')
    .where('a.hidden_at', 'is', null)
    .executeTakeFirst();
  if (!row?.image || !row.hash) return undefined;
  return { paperId: row.paper_id, image: Buffer.from(row.image), contentType: row.content_type ?? 'image/webp', hash: row.hash, width: Number(row.width), height: Number(row.height) };
}

/** What a visible paper's placeholder shows, or undefined when there is no such paper to show. */
export async function placeholderFacts(store: Store, paperId: string): Promise<{ title: string; primaryCategory: string | null } | undefined> {
  const row = await store.db
    .selectFrom('papers as p')
    .leftJoin('paper_activity as a', 'a.paper_id', 'p.id')
    .select(['p.title', 'p.primary_category'])
    .where('p.id', '=', paperId)
    .where('a.hidden_at', 'is', null)
    .executeTakeFirst();
  return row && { title: row.title, primaryCategory: row.primary_category };
}

/**
 * Papers that need a thumbnail, newest feed day first: visible papers without a row, and
 * failed ones whose retry time has come. Hidden papers are left out.
 */
export async function papersNeedingThumbnails(store: Store, q: CandidateQuery): Promise<ThumbnailCandidate[]> {
  if (q.ids && q.ids.length === 0) return [];
  let query = store.db
    .selectFrom('papers as p')
    .leftJoin('paper_thumbnails as t', 't.paper_id', 'p.id')
    .leftJoin('paper_activity as a', 'a.paper_id', 'p.id')
    .select(['p.id', 'p.title', 'p.primary_category', sql<number>`coalesce(t.attempts, 0)`.as('attempts')])
    .where('a.hidden_at', 'is', null);
  if (q.ids) {
    query = query.where('p.id', 'in', q.ids).where((eb) => eb.or([eb('t.paper_id', 'is', null), eb('t.status', '<>', 'ready')]));
  } else {
    const now = q.now.toISOString();
    query = query.where((eb) => eb.or([eb('t.paper_id', 'is', null), eb.and([eb('t.status', '=', 'failed'), eb('t.retry_at', 'is not', null), eb('t.retry_at', '<=', now)])]));
  }
  if (q.since) query = query.where('p.feed_date', '>=', q.since);
  const rows = await query.orderBy('p.feed_date', 'desc').orderBy('p.id', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({ id: r.id, title: r.title, primaryCategory: r.primary_category, attempts: Number(r.attempts) }));
}

/**
 * The thumbnail key of each paper that has a ready image (papers without one are absent):
 * one indexed query for a page of cards. With the id it makes the image's URL
 * (src/web/views/thumbnail.tsx, thumbnailUrl).
 */
export async function thumbnailKeys(store: Store, ids: readonly string[]): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  // 500 ids a statement: under SQLite's and PostgreSQL's bound-value limits.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await store.db
      .selectFrom('paper_thumbnails')
      .select(['paper_id', 'hash'])
      .where('paper_id', 'in', ids.slice(i, i + 500))
      .where('status', '=', 'ready')
      .execute();
    for (const r of rows) if (r.hash) keys.set(r.paper_id, r.hash);
  }
  return keys;
}

/** Counts by status, for `paperboy thumbnails` and stats. */
export async function thumbnailCounts(store: Store): Promise<{ ready: number; failed: number }> {
  const rows = await store.db.selectFrom('paper_thumbnails').select(['status', sql<number>`count(*)`.as('n')]).groupBy('status').execute();
  const count = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { ready: count('ready'), failed: count('failed') };
}
