import { sql, type Transaction } from 'kysely';
import type { Store } from './database.js';
import type { Database } from './schema.js';

/**
 * Sets one user's vote on a paper to `on` and returns the state after, and whether this call
 * changed it (false for a repeat: callers keep caches that nothing changed). Idempotent: voting twice
 * (two tabs, a double click) leaves one vote. The vote row and the paper's counter change in one
 * transaction, and the counter moves only when a row was really inserted or deleted, so it always
 * equals the number of vote rows, under any concurrency (PostgreSQL: the primary key makes the
 * second of two racing inserts wait and then do nothing; SQLite: writers are serialized).
 */
export async function setVote(store: Store, userId: number, paperId: string, on: boolean, now = new Date()): Promise<VoteState> {
  return store.db.transaction().execute((trx) => setVoteIn(trx, userId, paperId, on, now));
}

/** The vote after a change; `changed` is false when it was already so (nothing to invalidate). */
export interface VoteState {
  voted: boolean;
  votes: number;
  changed: boolean;
}

/** setVote inside the caller's transaction (a submission of a paper already here upvotes it). */
export async function setVoteIn(trx: Transaction<Database>, userId: number, paperId: string, on: boolean, now: Date): Promise<VoteState> {
  await ensureActivity(trx, paperId);
  const changed = on
    ? await trx.insertInto('votes').values({ user_id: userId, paper_id: paperId, created_at: now.toISOString() }).onConflict((oc) => oc.doNothing()).returning('user_id').executeTakeFirst()
    : await trx.deleteFrom('votes').where('user_id', '=', userId).where('paper_id', '=', paperId).returning('user_id').executeTakeFirst();
  const delta = changed ? (on ? 1 : -1) : 0;
  const row = await trx
    .updateTable('paper_activity')
    .set({ votes: sql<number>`votes + ${delta}` })
    .where('paper_id', '=', paperId)
    .returning('votes')
    .executeTakeFirstOrThrow();
  return { voted: on, votes: Number(row.votes), changed: changed !== undefined };
}

/** Which of these papers the user has voted for. */
export async function votedPaperIds(store: Store, userId: number, paperIds: readonly string[]): Promise<Set<string>> {
  if (paperIds.length === 0) return new Set();
  const rows = await store.db.selectFrom('votes').select('paper_id').where('user_id', '=', userId).where('paper_id', 'in', paperIds).execute();
  return new Set(rows.map((r) => r.paper_id));
}

export async function countVoteRows(store: Store, paperId: string): Promise<number> {
  const row = await store.db.selectFrom('votes').select((eb) => eb.fn.countAll<number>().as('n')).where('paper_id', '=', paperId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The activity row every per-paper counter lives in, created on first use. */
export async function ensureActivity(trx: Transaction<Database>, paperId: string): Promise<void> {
  await trx
    .insertInto('paper_activity')
    .values({ paper_id: paperId, votes: 0, comments: 0, submitted_by: null, submitted_at: null, hidden_at: null })
    .onConflict((oc) => oc.column('paper_id').doNothing())
    .execute();
}
