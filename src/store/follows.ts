import { type Expression, sql, type SqlBool } from 'kysely';
import type { Store } from './database.js';
import { listsCategory, papersOnDays, type PaperCard } from './feed.js';

/**
 * Follows: a user follows authors, orgs, categories and collections, and the Following tab
 * (src/web/pages/following.ts) lists, day by day, the papers of what they follow. A target is
 * kept as text: an author's, org's or collection's id, or a category's name.
 */
export type FollowKind = 'author' | 'org' | 'category' | 'collection';
export const FOLLOW_KINDS: readonly FollowKind[] = ['author', 'org', 'category', 'collection'];
/** Follows per user: enough for anyone's reading, and a bound on the Following query. */
export const MAX_FOLLOWS = 500;

export interface Follow {
  kind: FollowKind;
  target: string;
  /** What the list shows: the author's or org's or collection's name, the category itself. */
  label: string;
  /** Where it lives on the site (null when it is gone or private to someone else). */
  path: string | null;
  createdAt: string;
}

export function isFollowKind(v: unknown): v is FollowKind {
  return typeof v === 'string' && (FOLLOW_KINDS as readonly string[]).includes(v);
}

/** Follows `target`; following it again changes nothing. 'full' when the user follows MAX_FOLLOWS things already. */
export async function follow(store: Store, userId: number, kind: FollowKind, target: string, now: Date): Promise<'ok' | 'full'> {
  const count = await store.db.selectFrom('follows').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_FOLLOWS && !(await isFollowing(store, userId, kind, target))) return 'full';
  await store.db
    .insertInto('follows')
    .values({ user_id: userId, kind, target, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'target']).doNothing())
    .execute();
  return 'ok';
}

export async function unfollow(store: Store, userId: number, kind: FollowKind, target: string): Promise<void> {
  await store.db.deleteFrom('follows').where('user_id', '=', userId).where('kind', '=', kind).where('target', '=', target).execute();
}

export async function isFollowing(store: Store, userId: number, kind: FollowKind, target: string): Promise<boolean> {
  const row = await store.db.selectFrom('follows').select('user_id').where('user_id', '=', userId).where('kind', '=', kind).where('target', '=', target).executeTakeFirst();
  return row !== undefined;
}

/** Can this user follow this collection: it is public, or theirs. */
export async function canFollowCollection(store: Store, userId: number, collectionId: number): Promise<boolean> {
  const row = await store.db.selectFrom('collections').select('id').where('id', '=', collectionId)
    .where((eb) => eb.or([eb('visibility', '=', 'public'), eb('owner_user_id', '=', userId)])).executeTakeFirst();
  return row !== undefined;
}

/** A user's follows, newest first, each with its name and address. */
export async function followsOf(store: Store, userId: number): Promise<Follow[]> {
  const rows = await store.db.selectFrom('follows').select(['kind', 'target', 'created_at']).where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('kind').orderBy('target').execute();
  const ids = (kind: FollowKind) => rows.filter((r) => r.kind === kind).map((r) => Number(r.target)).filter(Number.isSafeInteger);
  const authorIds = ids('author');
  const orgIds = ids('org');
  const collectionIds = ids('collection');
  const authors = authorIds.length ? await store.db.selectFrom('authors').select(['id', 'slug', 'name']).where('id', 'in', authorIds).execute() : [];
  const orgs = orgIds.length ? await store.db.selectFrom('orgs').select(['id', 'slug', 'name']).where('id', 'in', orgIds).where('hidden_at', 'is', null).execute() : [];
  const collections = collectionIds.length
    ? await store.db.selectFrom('collections').select(['id', 'slug', 'title']).where('id', 'in', collectionIds)
      .where((eb) => eb.or([eb('visibility', '=', 'public'), eb('owner_user_id', '=', userId)])).execute()
    : [];
  return rows.flatMap((r): Follow[] => {
    const base = { kind: r.kind as FollowKind, target: r.target, createdAt: r.created_at };
    if (r.kind === 'category') return [{ ...base, label: r.target, path: `/papers/category/${r.target}` }];
    if (r.kind === 'author') {
      const a = authors.find((x) => String(x.id) === r.target);
      return [{ ...base, label: a?.name ?? 'An author no longer listed', path: a ? `/authors/${a.slug}` : null }];
    }
    if (r.kind === 'org') {
      const o = orgs.find((x) => String(x.id) === r.target);
      return [{ ...base, label: o?.name ?? 'An organization no longer shown', path: o ? `/orgs/${o.slug}` : null }];
    }
    if (r.kind === 'collection') {
      const c = collections.find((x) => String(x.id) === r.target);
      return [{ ...base, label: c?.title ?? 'A collection no longer public', path: c ? `/c/${c.id}-${c.slug}` : null }];
    }
    return [];
  });
}

/**
 * The condition on papers (`p`) of what a user follows: by a followed author, submitted under a
 * followed org, listing a followed category, or in a followed collection that is public or
 * theirs. Null when they follow nothing.
 */
async function followedCondition(store: Store, userId: number): Promise<Expression<SqlBool> | null> {
  const rows = await store.db.selectFrom('follows').select(['kind', 'target']).where('user_id', '=', userId).limit(MAX_FOLLOWS).execute();
  const ids = (kind: FollowKind) => rows.filter((r) => r.kind === kind).map((r) => Number(r.target)).filter(Number.isSafeInteger);
  const list = (values: number[]) => sql.join(values.map((v) => sql`${v}`));
  const parts: Expression<SqlBool>[] = [];
  const authorIds = ids('author');
  // A followed author merged into another since (src/store/author-moderation.ts): their papers are the other's now.
  if (authorIds.length) {
    parts.push(sql<SqlBool>`p.id in (select pa.paper_id from paper_authors pa where pa.author_id in (${list(authorIds)})
      or pa.author_id in (select m.merged_into from authors m where m.id in (${list(authorIds)}) and m.merged_into is not null))`);
  }
  const orgIds = ids('org');
  if (orgIds.length) parts.push(sql<SqlBool>`p.id in (select fo.paper_id from paper_orgs fo where fo.org_id in (${list(orgIds)}))`);
  const collectionIds = ids('collection');
  if (collectionIds.length) {
    parts.push(sql<SqlBool>`p.id in (select cp.paper_id from collection_papers cp join collections c on c.id = cp.collection_id
      where cp.collection_id in (${list(collectionIds)}) and (c.visibility = 'public' or c.owner_user_id = ${userId}))`);
  }
  for (const r of rows) if (r.kind === 'category') parts.push(sql<SqlBool>`${listsCategory(store, r.target)} > 0`);
  if (parts.length === 0) return null;
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/** Papers of feed days [from, to] from what a user follows, most upvoted first, each once. */
export async function followedPapersOnDays(store: Store, userId: number, range: { from: string; to: string; limit: number; offset: number }): Promise<{ cards: PaperCard[]; total: number }> {
  const where = await followedCondition(store, userId);
  if (!where) return { cards: [], total: 0 };
  return papersOnDays(store, { ...range, where });
}

/**
 * The latest feed day on or before `today` with papers from what a user follows, and the days
 * with such papers just before and after `range` (a day, a week or a month of the Following tab).
 */
export async function followedDays(store: Store, userId: number, today: string, range?: { from: string; to: string }): Promise<{ latest: string | null; prev: string | null; next: string | null }> {
  const where = await followedCondition(store, userId);
  if (!where) return { latest: null, prev: null, next: null };
  const days = store.db.selectFrom('papers as p').leftJoin('paper_activity as a', 'a.paper_id', 'p.id').where('a.hidden_at', 'is', null).where(where);
  const latest = await days.select((eb) => eb.fn.max('p.feed_date').as('d')).where('p.feed_date', '<=', today).executeTakeFirst();
  if (!range) return { latest: latest?.d ?? null, prev: null, next: null };
  const prev = await days.select((eb) => eb.fn.max('p.feed_date').as('d')).where('p.feed_date', '<', range.from).executeTakeFirst();
  const next = await days.select((eb) => eb.fn.min('p.feed_date').as('d')).where('p.feed_date', '>', range.to).where('p.feed_date', '<=', today).executeTakeFirst();
  return { latest: latest?.d ?? null, prev: prev?.d ?? null, next: next?.d ?? null };
}

/** Ids of papers of feed days [from, to] from what a user follows: a digest's "what I follow" topic. */
export async function followedPaperIds(store: Store, userId: number, from: string, to: string, limit: number): Promise<Set<string>> {
  const where = await followedCondition(store, userId);
  if (!where) return new Set();
  const rows = await store.db.selectFrom('papers as p').select('p.id').where('p.feed_date', '>=', from).where('p.feed_date', '<=', to).where(where).limit(limit).execute();
  return new Set(rows.map((r) => r.id));
}
