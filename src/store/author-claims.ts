import type { Store } from './database.js';
import { shownName } from './users.js';

export type ClaimStatus = 'pending' | 'verified' | 'rejected';

export interface Claim {
  id: number;
  authorId: number;
  userId: number;
  status: ClaimStatus;
  verifiedBy: string | null;
  reason: string | null;
  createdAt: string;
  decidedAt: string | null;
}

/** A user as claims name them: id, handle, shown name. */
export interface Claimant {
  id: number;
  name: string;
  displayName: string;
}

/**
 * "This author is me": one claim per (author, user). Verified at once when `verified` (the
 * user's e-mail domain is in the author's papers: src/domain/claim-rules.ts), else pending for a
 * moderator. A second claim changes nothing (a rejected one stays rejected).
 */
export async function createClaim(store: Store, authorId: number, userId: number, verified: boolean, now = new Date()): Promise<Claim> {
  await store.db
    .insertInto('author_claims')
    .values({ author_id: authorId, user_id: userId, status: verified ? 'verified' : 'pending', verified_by: verified ? 'e-mail domain' : null, reason: null, created_at: now.toISOString(), decided_at: verified ? now.toISOString() : null })
    .onConflict((oc) => oc.columns(['author_id', 'user_id']).doNothing())
    .execute();
  return (await claimOf(store, authorId, userId))!;
}

function toClaim(r: { id: number; author_id: number; user_id: number; status: string; verified_by: string | null; reason: string | null; created_at: string; decided_at: string | null }): Claim {
  return { id: Number(r.id), authorId: Number(r.author_id), userId: Number(r.user_id), status: r.status as ClaimStatus, verifiedBy: r.verified_by, reason: r.reason, createdAt: r.created_at, decidedAt: r.decided_at };
}

export async function claimOf(store: Store, authorId: number, userId: number): Promise<Claim | undefined> {
  const r = await store.db.selectFrom('author_claims').selectAll().where('author_id', '=', authorId).where('user_id', '=', userId).executeTakeFirst();
  return r ? toClaim(r) : undefined;
}

export async function findClaim(store: Store, id: number): Promise<Claim | undefined> {
  const r = await store.db.selectFrom('author_claims').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toClaim(r) : undefined;
}

/** The users verified as this author. */
export async function verifiedClaimants(store: Store, authorId: number): Promise<Claimant[]> {
  const rows = await store.db
    .selectFrom('author_claims as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['u.id', 'u.name', 'u.display_name'])
    .where('c.author_id', '=', authorId)
    .where('c.status', '=', 'verified')
    .where('u.banned_at', 'is', null)
    .orderBy('c.decided_at')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name, displayName: shownName(r.name, r.display_name) }));
}

export interface PendingClaim {
  id: number;
  authorSlug: string;
  authorName: string;
  user: Claimant;
  createdAt: string;
}

/** The moderators' queue: pending claims, oldest first. */
export async function pendingClaims(store: Store, limit: number): Promise<PendingClaim[]> {
  const rows = await store.db
    .selectFrom('author_claims as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .innerJoin('authors as a', 'a.id', 'c.author_id')
    .select(['c.id', 'a.slug', 'a.name as author_name', 'u.id as user_id', 'u.name', 'u.display_name', 'c.created_at'])
    .where('c.status', '=', 'pending')
    .orderBy('c.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), authorSlug: r.slug, authorName: r.author_name, user: { id: Number(r.user_id), name: r.name, displayName: shownName(r.name, r.display_name) }, createdAt: r.created_at }));
}

/** A moderator approves or rejects a pending claim, logged in public with the reason; false when it was not pending. */
export async function decideClaim(store: Store, moderatorId: number, claimId: number, approve: boolean, reason: string, now = new Date()): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const decided = await trx
      .updateTable('author_claims')
      .set({ status: approve ? 'verified' : 'rejected', verified_by: approve ? 'moderator' : null, reason, decided_at: now.toISOString() })
      .where('id', '=', claimId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(decided.numUpdatedRows) === 0) return false;
    const row = await trx
      .selectFrom('author_claims as c')
      .innerJoin('authors as a', 'a.id', 'c.author_id')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['a.slug', 'u.name'])
      .where('c.id', '=', claimId)
      .executeTakeFirstOrThrow();
    await trx.insertInto('moderation_log').values({ moderator_id: moderatorId, action: `${approve ? 'approve' : 'reject'} claim by ${row.name}`, target_kind: 'author', target_id: row.slug, reason, created_at: now.toISOString() }).execute();
    return true;
  });
}

/** The author pages a user is verified as (their profile lists them). */
export async function authorPagesOf(store: Store, userId: number): Promise<{ slug: string; name: string }[]> {
  return store.db
    .selectFrom('author_claims as c')
    .innerJoin('authors as a', 'a.id', 'c.author_id')
    .select(['a.slug', 'a.name'])
    .where('c.user_id', '=', userId)
    .where('c.status', '=', 'verified')
    .orderBy('a.name')
    .execute();
}

/** A user's own claim with the author it names (GET /api/v1/me/claims). */
export interface OwnClaim extends Claim {
  authorSlug: string;
  authorName: string;
}

/** All of a user's claims, whatever their state, newest first. */
export async function claimsOfUser(store: Store, userId: number): Promise<OwnClaim[]> {
  const rows = await store.db
    .selectFrom('author_claims as c')
    .innerJoin('authors as a', 'a.id', 'c.author_id')
    .select(['c.id', 'c.author_id', 'c.user_id', 'c.status', 'c.verified_by', 'c.reason', 'c.created_at', 'c.decided_at', 'a.slug', 'a.name'])
    .where('c.user_id', '=', userId)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...toClaim(r), authorSlug: r.slug, authorName: r.name }));
}

/** Users verified as one of this paper's authors (their comments there carry the badge). */
export async function verifiedAuthorUsers(store: Store, paperId: string): Promise<Set<number>> {
  const rows = await store.db
    .selectFrom('paper_authors as pa')
    .innerJoin('author_claims as c', 'c.author_id', 'pa.author_id')
    .select('c.user_id')
    .where('pa.paper_id', '=', paperId)
    .where('c.status', '=', 'verified')
    .execute();
  return new Set(rows.map((r) => Number(r.user_id)));
}

/**
 * For each paper, its verified authors by position (the user and when they were verified), and
 * whether one of them commented there (a visible comment): two queries for a whole page.
 */
export async function verifiedAuthorsOfPapers(store: Store, paperIds: readonly string[]): Promise<{ byPaper: Map<string, Map<number, Claimant & { since: string }>>; participating: Set<string> }> {
  const byPaper = new Map<string, Map<number, Claimant & { since: string }>>();
  const participating = new Set<string>();
  if (paperIds.length === 0) return { byPaper, participating };
  const rows = await store.db
    .selectFrom('paper_authors as pa')
    .innerJoin('author_claims as c', 'c.author_id', 'pa.author_id')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['pa.paper_id', 'pa.position', 'u.id', 'u.name', 'u.display_name', 'c.decided_at'])
    .where('pa.paper_id', 'in', paperIds)
    .where('c.status', '=', 'verified')
    .where('u.banned_at', 'is', null)
    .orderBy('c.decided_at')
    .execute();
  for (const r of rows) {
    const map = byPaper.get(r.paper_id) ?? new Map();
    if (!map.has(Number(r.position))) map.set(Number(r.position), { id: Number(r.id), name: r.name, displayName: shownName(r.name, r.display_name), since: r.decided_at ?? '' });
    byPaper.set(r.paper_id, map);
  }
  if (byPaper.size > 0) {
    const commented = await store.db
      .selectFrom('comments as cm')
      .innerJoin('paper_authors as pa', 'pa.paper_id', 'cm.paper_id')
      .innerJoin('author_claims as c', (j) => j.onRef('c.author_id', '=', 'pa.author_id').onRef('c.user_id', '=', 'cm.user_id'))
      .select('cm.paper_id')
      .distinct()
      .where('cm.paper_id', 'in', [...byPaper.keys()])
      .where('c.status', '=', 'verified')
      .where('cm.deleted_at', 'is', null)
      .where('cm.hidden_at', 'is', null)
      .execute();
    for (const r of commented) participating.add(r.paper_id);
  }
  return { byPaper, participating };
}

/** What the author's papers say that may name an e-mail domain: comments field, abstract, submitter (the latest 200 papers). */
export async function authorPaperTexts(store: Store, authorId: number): Promise<string[]> {
  const rows = await store.db
    .selectFrom('paper_authors as pa')
    .innerJoin('papers as p', 'p.id', 'pa.paper_id')
    .select(['p.comments', 'p.abstract', 'p.submitter'])
    .where('pa.author_id', '=', authorId)
    .orderBy('p.id', 'desc')
    .limit(200)
    .execute();
  return rows.flatMap((r) => [r.comments, r.abstract, r.submitter].filter((t): t is string => !!t));
}
