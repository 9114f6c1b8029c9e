import { sql } from 'kysely';
import type { Store } from './database.js';
import { MAX_FOLLOWS } from './follows.js';

/**
 * What the For-you ranking (src/recommend/) reads about one user, and the explicit feedback it
 * writes. Every query here is an indexed lookup by user (votes_pk, collections_owner,
 * comments_user, follows_pk, paper_authors_author, paper_orgs_org, recommendation_feedback_pk),
 * each bounded, so gathering a user's signals costs a few milliseconds however big the site is.
 */
export type SignalSource = 'upvoted' | 'collected' | 'commented' | 'followed_author' | 'followed_org' | 'more_like_this';
export type FeedbackKind = 'not_interested' | 'more_like_this';
export const FEEDBACK_KINDS: readonly FeedbackKind[] = ['not_interested', 'more_like_this'];

/** Rows read per signal source at most: the newest ones (a reader's taste drifts; the model stays small). */
export const SIGNALS_PER_SOURCE = 200;

export interface SignalRow {
  paperId: string;
  title: string;
  source: SignalSource;
  categories: string[];
  /** When it happened (a vote's, save's, comment's time; a followed paper's feed day). */
  at: string;
  /** followed_author / followed_org: the author's or org's id and name. */
  targetId?: number;
  name?: string;
}

export interface UserSignals {
  positives: SignalRow[];
  /** Papers marked not interested: never shown, and pushed away from. */
  notInterested: { paperId: string; title: string }[];
  followedCategories: string[];
  followedAuthors: { id: number; name: string }[];
  followedOrgs: { id: number; name: string }[];
}

const cats = (json: string): string[] => JSON.parse(json) as string[];

export function isFeedbackKind(v: unknown): v is FeedbackKind {
  return typeof v === 'string' && (FEEDBACK_KINDS as readonly string[]).includes(v);
}

/** A user's signals for the recommender, newest first within each source. */
export async function userSignals(store: Store, userId: number, perSource = SIGNALS_PER_SOURCE): Promise<UserSignals> {
  const db = store.db;
  const [votes, collected, commented, feedback, follows] = await Promise.all([
    db.selectFrom('votes as v').innerJoin('papers as p', 'p.id', 'v.paper_id').select(['v.paper_id', 'p.title', 'p.categories', 'v.created_at'])
      .where('v.user_id', '=', userId).orderBy('v.created_at', 'desc').limit(perSource).execute(),
    db.selectFrom('collection_papers as cp').innerJoin('collections as c', 'c.id', 'cp.collection_id').innerJoin('papers as p', 'p.id', 'cp.paper_id')
      .select(['cp.paper_id', 'p.title', 'p.categories', 'cp.added_at']).where('c.owner_user_id', '=', userId).orderBy('cp.added_at', 'desc').limit(perSource).execute(),
    db.selectFrom('comments as c').innerJoin('papers as p', 'p.id', 'c.paper_id').select(['c.paper_id', 'p.title', 'p.categories', sql<string>`max(c.created_at)`.as('at')])
      .where('c.user_id', '=', userId).where('c.deleted_at', 'is', null).groupBy(['c.paper_id', 'p.title', 'p.categories']).orderBy('at', 'desc').limit(perSource).execute(),
    db.selectFrom('recommendation_feedback as f').innerJoin('papers as p', 'p.id', 'f.paper_id').select(['f.paper_id', 'p.title', 'p.categories', 'f.kind', 'f.created_at'])
      .where('f.user_id', '=', userId).orderBy('f.created_at', 'desc').limit(2 * perSource).execute(),
    db.selectFrom('follows').select(['kind', 'target']).where('user_id', '=', userId).where('kind', 'in', ['author', 'org', 'category']).limit(MAX_FOLLOWS).execute(),
  ]);
  const ids = (kind: string) => follows.filter((f) => f.kind === kind).map((f) => Number(f.target)).filter(Number.isSafeInteger);
  const authorIds = ids('author');
  const orgIds = ids('org');
  const [authors, orgs, authorPapers, orgPapers] = await Promise.all([
    authorIds.length ? db.selectFrom('authors').select(['id', 'name']).where('id', 'in', authorIds).execute() : [],
    orgIds.length ? db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgIds).where('hidden_at', 'is', null).execute() : [],
    authorIds.length
      ? db.selectFrom('paper_authors as pa').innerJoin('papers as p', 'p.id', 'pa.paper_id').select(['pa.paper_id', 'p.title', 'p.categories', 'p.feed_date', 'pa.author_id'])
        .where('pa.author_id', 'in', authorIds).where('p.feed_date', 'is not', null).orderBy('p.feed_date', 'desc').limit(perSource).execute()
      : [],
    orgIds.length
      ? db.selectFrom('paper_orgs as po').innerJoin('papers as p', 'p.id', 'po.paper_id').select(['po.paper_id', 'p.title', 'p.categories', 'po.created_at', 'po.org_id'])
        .where('po.org_id', 'in', orgIds).orderBy('po.created_at', 'desc').limit(perSource).execute()
      : [],
  ]);
  const authorName = new Map(authors.map((a) => [Number(a.id), a.name]));
  const orgName = new Map(orgs.map((o) => [Number(o.id), o.name]));
  const positives: SignalRow[] = [
    ...votes.map((r) => ({ paperId: r.paper_id, title: r.title, categories: cats(r.categories), source: 'upvoted' as const, at: r.created_at })),
    ...collected.map((r) => ({ paperId: r.paper_id, title: r.title, categories: cats(r.categories), source: 'collected' as const, at: r.added_at })),
    ...commented.map((r) => ({ paperId: r.paper_id, title: r.title, categories: cats(r.categories), source: 'commented' as const, at: r.at })),
    ...feedback.filter((r) => r.kind === 'more_like_this').map((r) => ({ paperId: r.paper_id, title: r.title, categories: cats(r.categories), source: 'more_like_this' as const, at: r.created_at })),
    ...authorPapers.map((r) => ({ paperId: r.paper_id, title: r.title, categories: cats(r.categories), source: 'followed_author' as const, at: r.feed_date!, targetId: Number(r.author_id), name: authorName.get(Number(r.author_id)) ?? '' })),
    ...orgPapers.filter((r) => orgName.has(Number(r.org_id)))
      .map((r) => ({ paperId: r.paper_id, title: r.title, categories: cats(r.categories), source: 'followed_org' as const, at: r.created_at, targetId: Number(r.org_id), name: orgName.get(Number(r.org_id))! })),
  ];
  return {
    positives,
    notInterested: feedback.filter((r) => r.kind === 'not_interested').map((r) => ({ paperId: r.paper_id, title: r.title })),
    followedCategories: follows.filter((f) => f.kind === 'category').map((f) => f.target),
    followedAuthors: authors.map((a) => ({ id: Number(a.id), name: a.name })),
    followedOrgs: orgs.map((o) => ({ id: Number(o.id), name: o.name })),
  };
}

/** Records "not interested" or "more like this" on a paper; a second call replaces the first. */
export async function saveFeedback(store: Store, userId: number, paperId: string, kind: FeedbackKind, now: Date): Promise<void> {
  await store.db
    .insertInto('recommendation_feedback')
    .values({ user_id: userId, paper_id: paperId, kind, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['user_id', 'paper_id']).doUpdateSet({ kind: sql`excluded.kind`, created_at: sql`excluded.created_at` }))
    .execute();
}

/** Takes feedback on a paper back. */
export async function clearFeedback(store: Store, userId: number, paperId: string): Promise<void> {
  await store.db.deleteFrom('recommendation_feedback').where('user_id', '=', userId).where('paper_id', '=', paperId).execute();
}

/** Forgets all of a user's feedback ("forget my history"). */
export async function clearAllFeedback(store: Store, userId: number): Promise<void> {
  await store.db.deleteFrom('recommendation_feedback').where('user_id', '=', userId).execute();
}

/** Authors counted per signal paper at most (the first ones): a thousand-author collaboration is not a thousand shared interests. */
export const SIGNAL_AUTHOR_POSITIONS = 20;

/**
 * The authors (people, src/domain/author-names.ts keys folded to `authors` ids) of the user's
 * signal papers: what "by an author of papers you upvoted" matches on (paper_authors_pk).
 */
export async function paperAuthorsOf(store: Store, paperIds: readonly string[]): Promise<{ paperId: string; authorId: number; name: string }[]> {
  if (!paperIds.length) return [];
  const rows = await store.db.selectFrom('paper_authors as pa').innerJoin('authors as au', 'au.id', 'pa.author_id')
    .select(['pa.paper_id', 'pa.author_id', 'au.name']).where('pa.paper_id', 'in', [...paperIds]).where('pa.position', '<', SIGNAL_AUTHOR_POSITIONS).execute();
  return rows.map((r) => ({ paperId: r.paper_id, authorId: Number(r.author_id), name: r.name }));
}

/** A paper the For-you ranking may show. */
export interface CandidatePaper {
  id: string;
  title: string;
  categories: string[];
  feedDate: string;
  /** Upvotes here and before import: the trending order. */
  votes: number;
  /** Of the authors and orgs asked for (followed ones, the signals' authors), those among its authors and submitters. */
  authorIds: number[];
  orgIds: number[];
}

/**
 * Visible papers of feed days [from, to] (at most `limit`, most upvoted first), without the
 * ones `userId` voted on or marked not interested, each with which of `authorIds` and `orgIds`
 * it has (paper_authors_author, paper_orgs_org: one indexed lookup per asked-for id).
 */
export async function candidatePapers(
  store: Store,
  range: { from: string; to: string; limit: number; userId: number; authorIds?: readonly number[]; orgIds?: readonly number[] },
): Promise<CandidatePaper[]> {
  const { userId } = range;
  const rows = await store.db
    .selectFrom('papers as p')
    .leftJoin('paper_activity as a', 'a.paper_id', 'p.id')
    .select(['p.id', 'p.title', 'p.categories', 'p.feed_date', sql<number>`p.upvotes_baseline + coalesce(a.votes, 0)`.as('votes')])
    .where('p.feed_date', '>=', range.from)
    .where('p.feed_date', '<=', range.to)
    .where('a.hidden_at', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('votes as v').select('v.paper_id').whereRef('v.paper_id', '=', 'p.id').where('v.user_id', '=', userId))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('recommendation_feedback as f').select('f.paper_id').whereRef('f.paper_id', '=', 'p.id')
      .where('f.user_id', '=', userId).where('f.kind', '=', 'not_interested'))))
    .orderBy('votes', 'desc')
    .orderBy('p.id', 'desc')
    .limit(range.limit)
    .execute();
  const byId = new Map<string, CandidatePaper>(rows.map((r) => [r.id, {
    id: r.id, title: r.title, categories: JSON.parse(r.categories) as string[], feedDate: r.feed_date!, votes: Number(r.votes), authorIds: [], orgIds: [],
  }]));
  const authorIds = range.authorIds ?? [];
  if (authorIds.length) {
    const hits = await store.db.selectFrom('paper_authors as pa').innerJoin('papers as p', 'p.id', 'pa.paper_id').select(['pa.paper_id', 'pa.author_id'])
      .where('pa.author_id', 'in', authorIds).where('p.feed_date', '>=', range.from).where('p.feed_date', '<=', range.to).execute();
    for (const h of hits) byId.get(h.paper_id)?.authorIds.push(Number(h.author_id));
  }
  const orgIds = range.orgIds ?? [];
  if (orgIds.length) {
    const hits = await store.db.selectFrom('paper_orgs as po').innerJoin('papers as p', 'p.id', 'po.paper_id').select(['po.paper_id', 'po.org_id'])
      .where('po.org_id', 'in', orgIds).where('p.feed_date', '>=', range.from).where('p.feed_date', '<=', range.to).execute();
    for (const h of hits) byId.get(h.paper_id)?.orgIds.push(Number(h.org_id));
  }
  return [...byId.values()];
}
