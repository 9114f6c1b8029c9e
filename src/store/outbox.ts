import { type ExpressionBuilder, sql } from 'kysely';
import type { Store } from './database.js';
import type { Database } from './schema.js';

/** One digest to send: who, which period, what it holds (decided when composing). */
export interface OutboxRow {
  id: number;
  subscriberId: number;
  period: string;
  subject: string;
  paperIds: string[];
  /** For-you digests: why each paper is in it (a Reason object by paper id). */
  reasons: Record<string, unknown> | null;
  messageId: string;
  attempts: number;
  createdAt: string;
}

export interface QueuedDigest {
  subscriberId: number;
  period: string;
  subject: string;
  paperIds: string[];
  reasons?: Record<string, unknown>;
  messageId: string;
}

/** 500 rows x 13 columns per statement: well under SQLite's 32,766 bound parameters. */
const ROWS_PER_INSERT = 500;

/**
 * Queues digests; a (subscriber, period) already queued is left as it is, so composing the same
 * period again, after a crash or on purpose, queues nothing twice. Returns how many were new.
 */
export async function queueDigests(store: Store, digests: readonly QueuedDigest[], now: Date): Promise<number> {
  const stamp = now.toISOString();
  let added = 0;
  for (let i = 0; i < digests.length; i += ROWS_PER_INSERT) {
    const rows = digests.slice(i, i + ROWS_PER_INSERT).map((d) => ({
      subscriber_id: d.subscriberId, period: d.period, subject: d.subject, paper_ids: JSON.stringify(d.paperIds), reasons: d.reasons ? JSON.stringify(d.reasons) : null, message_id: d.messageId,
      status: 'pending', attempts: 0, next_attempt_at: stamp, claimed_until: null, last_error: null, created_at: stamp, sent_at: null,
    }));
    const inserted = await store.db.insertInto('digest_outbox').values(rows).onConflict((oc) => oc.columns(['subscriber_id', 'period']).doNothing()).returning('id').execute();
    added += inserted.length;
  }
  return added;
}

/** Subscribers that already have a digest for this period (any status). */
export async function queuedSubscriberIds(store: Store, period: string): Promise<Set<number>> {
  const rows = await store.db.selectFrom('digest_outbox').select('subscriber_id').where('period', '=', period).execute();
  return new Set(rows.map((r) => Number(r.subscriber_id)));
}

/** Due: pending and its time has come, or claimed by a sender that died (its claim ran out). */
function isDue(eb: ExpressionBuilder<Database, 'digest_outbox'>, stamp: string) {
  return eb.or([
    eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', stamp)]),
    eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<', stamp)]),
  ]);
}

/** Whether any digest is due now (a sender letting go of the lock looks once more). */
export async function hasDueDigests(store: Store, now: Date): Promise<boolean> {
  const row = await store.db.selectFrom('digest_outbox').select('id').where((eb) => isDue(eb, now.toISOString())).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Claims up to `limit` digests that are due: pending ones whose time has come, and ones claimed
 * by a sender that died (its claim ran out). A claim lasts `leaseMs`; the sender marks each
 * digest sent once the SMTP server has accepted it (within ~50 ms, in batches: markSentMany).
 */
export async function claimDue(store: Store, now: Date, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  const stamp = now.toISOString();
  return store.db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('digest_outbox')
      .select('id')
      .where((eb) => isDue(eb, stamp))
      .orderBy('id')
      .limit(limit)
      .execute();
    if (due.length === 0) return [];
    const rows = await trx
      .updateTable('digest_outbox')
      .set({ status: 'sending', claimed_until: new Date(now.getTime() + leaseMs).toISOString() })
      .where('id', 'in', due.map((d) => d.id))
      .returningAll()
      .execute();
    return rows
      .map((r) => ({ id: Number(r.id), subscriberId: Number(r.subscriber_id), period: r.period, subject: r.subject, paperIds: JSON.parse(r.paper_ids) as string[], reasons: r.reasons ? (JSON.parse(r.reasons) as Record<string, unknown>) : null, messageId: r.message_id, attempts: r.attempts, createdAt: r.created_at }))
      .sort((a, b) => a.id - b.id);
  });
}

/**
 * Records that the server accepted these digests, in one statement and one commit (a send run
 * marks what was accepted in the last ~50 ms together; see SentMarks in src/mail/digests.ts).
 */
export async function markSentMany(store: Store, ids: readonly number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await store.db.updateTable('digest_outbox').set({ status: 'sent', sent_at: now.toISOString(), claimed_until: null, attempts: sql<number>`attempts + 1` }).where('id', 'in', ids).execute();
}

/** A temporary failure: try again at `nextAt`. */
export async function markRetry(store: Store, id: number, error: string, nextAt: Date): Promise<void> {
  await store.db.updateTable('digest_outbox').set({ status: 'pending', next_attempt_at: nextAt.toISOString(), claimed_until: null, last_error: error.slice(0, 500), attempts: sql<number>`attempts + 1` }).where('id', '=', id).execute();
}

export async function markFailed(store: Store, id: number, error: string): Promise<void> {
  await store.db.updateTable('digest_outbox').set({ status: 'failed', claimed_until: null, last_error: error.slice(0, 500), attempts: sql<number>`attempts + 1` }).where('id', '=', id).execute();
}

/** A digest the sender decided not to send (its subscriber left in the meantime). */
export async function markCancelled(store: Store, id: number): Promise<void> {
  await store.db.updateTable('digest_outbox').set({ status: 'cancelled', claimed_until: null }).where('id', '=', id).execute();
}

export interface OutboxStatus {
  byStatus: Record<string, number>;
  byPeriod: Array<{ period: string; status: string; n: number }>;
  recentFailures: Array<{ email: string; period: string; status: string; attempts: number; error: string | null }>;
}

export async function outboxStatus(store: Store): Promise<OutboxStatus> {
  const counts = await store.db.selectFrom('digest_outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const periods = await store.db
    .selectFrom('digest_outbox')
    .select(['period', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['period', 'status'])
    .orderBy('period', 'desc')
    .limit(40)
    .execute();
  const failures = await store.db
    .selectFrom('digest_outbox as o')
    .innerJoin('subscribers as s', 's.id', 'o.subscriber_id')
    .select(['s.email', 'o.period', 'o.status', 'o.attempts', 'o.last_error'])
    .where('o.last_error', 'is not', null)
    .where('o.status', '!=', 'sent')
    .orderBy('o.id', 'desc')
    .limit(20)
    .execute();
  return {
    byStatus: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
    byPeriod: periods.map((p) => ({ period: p.period, status: p.status, n: Number(p.n) })),
    recentFailures: failures.map((f) => ({ email: f.email, period: f.period, status: f.status, attempts: f.attempts, error: f.last_error })),
  };
}

/**
 * Returns every claimed digest to the queue. Only for a sender that holds the digest job's
 * lock: no other sender can be alive, so what is claimed was left by one that died.
 */
export async function releaseClaims(store: Store): Promise<number> {
  const rows = await store.db.updateTable('digest_outbox').set({ status: 'pending', claimed_until: null }).where('status', '=', 'sending').returning('id').execute();
  return rows.length;
}
