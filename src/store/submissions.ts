import type { Selectable, Transaction } from 'kysely';
import type { PaperRecord } from '../domain/paper.js';
import type { Store } from './database.js';
import { creditOrgIn } from './orgs.js';
import { upsertPapersIn } from './papers.js';
import type { Database, SubmissionRequestsTable } from './schema.js';
import { ensureActivity, setVoteIn } from './votes.js';

export type SubmissionKind = SubmissionRequestsTable['kind'];

/** One arXiv fetch a user asked for: a slot of their daily limit, and a queue entry until done. */
export interface SubmissionRequest {
  id: number;
  userId: number;
  paperId: string;
  kind: SubmissionKind;
  state: SubmissionRequestsTable['state'];
  outcome: SubmissionRequestsTable['outcome'];
  attempts: number;
  nextAttemptAt: string | null;
  error: string | null;
  createdAt: string;
  /** The org the submission is made under (the paper is credited to it too), or null. */
  orgId: number | null;
}

export type Reservation =
  /** The paper is here already: no slot taken; a submission upvoted it (when visible); `changed`: the upvote is new. */
  | { status: 'exists'; upvoted: boolean; changed: boolean }
  | { status: 'limited' }
  /** `fresh`: a new slot; else the user's own request for this paper still waiting (a double click). */
  | { status: 'reserved'; request: SubmissionRequest; fresh: boolean };

/**
 * Reserves a slot of the user's daily limit for fetching `paperId`, or answers why not. Runs
 * under the user's lock, so the count and the insert are one step for every process: a no-op
 * UPDATE of the user row, as lockCounter does (PostgreSQL: a row lock held to commit; SQLite:
 * the database write lock, taken by the first statement so the transaction never upgrades).
 * The limit counts the window's requests except those another submitter's paper overtook (a
 * lost race is not the user's doing): each counted one cost an arXiv request, one every 3 s
 * for the whole site, failures included.
 */
export async function reserveSubmission(
  store: Store,
  r: { userId: number; paperId: string; kind: SubmissionKind; now: Date; limit: number; windowMs: number; holdMs: number; orgId?: number | null },
): Promise<Reservation> {
  return store.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set((eb) => ({ name: eb.ref('name') })).where('id', '=', r.userId).execute();
    const paper = await trx.selectFrom('papers').leftJoin('paper_activity', 'paper_activity.paper_id', 'papers.id').select(['papers.id', 'paper_activity.hidden_at']).where('papers.id', '=', r.paperId).executeTakeFirst();
    if (paper) {
      const upvote = r.kind === 'submit' && !paper.hidden_at;
      const changed = upvote && (await setVoteIn(trx, r.userId, r.paperId, true, r.now)).changed;
      return { status: 'exists', upvoted: upvote, changed };
    }
    const waiting = await trx.selectFrom('submission_requests').selectAll().where('user_id', '=', r.userId).where('paper_id', '=', r.paperId).where('kind', '=', r.kind).where('state', '=', 'queued').executeTakeFirst();
    if (waiting) return { status: 'reserved', request: toRequest(waiting), fresh: false };
    const since = new Date(r.now.getTime() - r.windowMs).toISOString();
    const used = await trx
      .selectFrom('submission_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', r.userId)
      .where('kind', '=', r.kind)
      .where('created_at', '>=', since)
      .where((eb) => eb.or([eb('outcome', 'is', null), eb('outcome', '!=', 'exists')]))
      .executeTakeFirstOrThrow();
    if (Number(used.n) >= r.limit) return { status: 'limited' };
    const stamp = r.now.toISOString();
    const row = await trx
      .insertInto('submission_requests')
      .values({ user_id: r.userId, paper_id: r.paperId, kind: r.kind, state: 'queued', outcome: null, attempts: 0, next_attempt_at: new Date(r.now.getTime() + r.holdMs).toISOString(), error: null, created_at: stamp, updated_at: stamp, org_id: r.orgId ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { status: 'reserved', request: toRequest(row), fresh: true };
  });
}

/**
 * Finishes a queued request with arXiv's record, in one transaction: the paper's insert decides
 * "added" by its primary key (upsertPapersIn serializes writers on the change counter), so of two
 * simultaneous submitters exactly one adds and is credited; the other upvotes it. A request
 * finished already (the web request and the job both got an answer) keeps its first outcome.
 */
export async function completeSubmission(store: Store, requestId: number, record: PaperRecord, now: Date): Promise<SubmissionRequest> {
  return store.db.transaction().execute(async (trx) => {
    const claimed = await trx.updateTable('submission_requests').set({ state: 'done', next_attempt_at: null, error: null, updated_at: now.toISOString() }).where('id', '=', requestId).where('state', '=', 'queued').returningAll().executeTakeFirst();
    if (!claimed) return toRequest(await trx.selectFrom('submission_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow());
    const [outcome] = await upsertPapersIn(trx, [record], now);
    const added = outcome === 'added';
    if (claimed.kind === 'submit') {
      if (added) {
        await creditIn(trx, record.id, claimed.user_id, now);
        if (claimed.org_id) await creditOrgIn(trx, record.id, Number(claimed.org_id), claimed.user_id, now);
      } else await setVoteIn(trx, claimed.user_id, record.id, true, now);
    }
    const done = await trx.updateTable('submission_requests').set({ outcome: added ? 'added' : 'exists', attempts: claimed.attempts + 1 }).where('id', '=', requestId).returningAll().executeTakeFirstOrThrow();
    return toRequest(done);
  });
}

/** A failed try of a queued request: tried again at `retryAt`, or failed for good with `retryAt` null. */
export async function recordSubmissionFailure(store: Store, requestId: number, error: string, retryAt: Date | null, now: Date): Promise<void> {
  await store.db
    .updateTable('submission_requests')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), error: error.slice(0, 500), state: retryAt ? 'queued' : 'failed', next_attempt_at: retryAt?.toISOString() ?? null, updated_at: now.toISOString() }))
    .where('id', '=', requestId)
    .where('state', '=', 'queued')
    .execute();
}

/**
 * Claims up to `limit` queued requests due at `now` for one drain, each by moving its next
 * attempt `leaseMs` ahead only if nobody moved it first: two processes never work on one row.
 */
export async function claimDueSubmissions(store: Store, now: Date, limit: number, leaseMs: number): Promise<SubmissionRequest[]> {
  const due = await store.db.selectFrom('submission_requests').selectAll().where('state', '=', 'queued').where('next_attempt_at', '<=', now.toISOString()).orderBy('next_attempt_at').limit(limit).execute();
  const lease = new Date(now.getTime() + leaseMs).toISOString();
  const claimed: SubmissionRequest[] = [];
  for (const row of due) {
    const got = await store.db.updateTable('submission_requests').set({ next_attempt_at: lease }).where('id', '=', row.id).where('state', '=', 'queued').where('next_attempt_at', '=', row.next_attempt_at).returningAll().executeTakeFirst();
    if (got) claimed.push(toRequest(got));
  }
  return claimed;
}

/** The user's requests still waiting for arXiv or failed, newest first (their profile lists them). */
export async function openSubmissions(store: Store, userId: number, limit: number): Promise<SubmissionRequest[]> {
  const rows = await store.db.selectFrom('submission_requests').selectAll().where('user_id', '=', userId).where('state', 'in', ['queued', 'failed']).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toRequest);
}

/** Credits a paper to the user who submitted it (the first submitter keeps the credit). */
export async function creditSubmission(store: Store, paperId: string, userId: number, now: Date): Promise<void> {
  await store.db.transaction().execute((trx) => creditIn(trx, paperId, userId, now));
}

async function creditIn(trx: Transaction<Database>, paperId: string, userId: number, now: Date): Promise<void> {
  await ensureActivity(trx, paperId);
  await trx.updateTable('paper_activity').set({ submitted_by: userId, submitted_at: now.toISOString() }).where('paper_id', '=', paperId).where('submitted_by', 'is', null).execute();
}

function toRequest(row: Selectable<SubmissionRequestsTable>): SubmissionRequest {
  return {
    id: Number(row.id),
    userId: row.user_id,
    paperId: row.paper_id,
    kind: row.kind,
    state: row.state,
    outcome: row.outcome,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    error: row.error,
    createdAt: row.created_at,
    orgId: row.org_id === null || row.org_id === undefined ? null : Number(row.org_id),
  };
}
