import { sql } from 'kysely';
import type { Store } from './database.js';
import { lockCounter, setCounter } from './counters.js';
import { PAPER_CHANGES } from './papers.js';
import { ensureActivity } from './votes.js';
import { removeCommentIn } from './comments.js';
import { shownName } from './users.js';

export interface ModerationEntry {
  id: number;
  /** The moderator's handle, and the name pages show for them. */
  moderator: string;
  moderatorName: string;
  action: string;
  targetKind: string;
  /** A paper id, a comment id, or for a user their current handle. */
  targetId: string;
  /** A banned user's shown name; null for other targets. */
  targetName: string | null;
  reason: string;
  createdAt: string;
  /** What a hidden comment said when it was hidden; for moderators' eyes (the public log shows the reason only). */
  hiddenText: string | null;
}

/**
 * Hides a paper from every list and page and logs it. The paper's change sequence moves too, so
 * the search index (which follows it) drops the paper within its next sync.
 */
export async function hidePaper(store: Store, moderatorId: number, paperId: string, reason: string, now = new Date()): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await ensureActivity(trx, paperId);
    await trx.updateTable('paper_activity').set({ hidden_at: now.toISOString() }).where('paper_id', '=', paperId).execute();
    const seq = (await lockCounter(trx, PAPER_CHANGES)) + 1;
    await trx.updateTable('papers').set({ change_seq: seq, modified_at: now.toISOString() }).where('id', '=', paperId).execute();
    await setCounter(trx, PAPER_CHANGES, seq);
    await trx.insertInto('moderation_log').values(logRow(moderatorId, 'hide paper', 'paper', paperId, reason, now)).execute();
  });
}

/** Hides a comment and logs it with the text it had, in one transaction; false when it was hidden already. */
export async function hideComment(store: Store, moderatorId: number, commentId: number, reason: string, now = new Date()): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const hidden = await removeCommentIn(trx, commentId, 'hidden', now);
    if (!hidden) return false;
    await trx.insertInto('moderation_log').values({ ...logRow(moderatorId, 'hide comment', 'comment', String(commentId), reason, now), hidden_text: hidden.body }).execute();
    return true;
  });
}

/** Bans a user: signs them out everywhere, keeps what they wrote (moderators hide it one by one). */
export async function banUser(store: Store, moderatorId: number, userId: number, reason: string, now = new Date()): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ banned_at: now.toISOString() }).where('id', '=', userId).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    // By id, not handle: the public log shows whatever the user is called now (handles change).
    await trx.insertInto('moderation_log').values(logRow(moderatorId, 'ban user', 'user', String(userId), reason, now)).execute();
  });
}

/** The public log, newest first. */
export async function listModerationLog(store: Store, limit: number, beforeId?: number): Promise<ModerationEntry[]> {
  let q = store.db
    .selectFrom('moderation_log as m')
    .innerJoin('users as u', 'u.id', 'm.moderator_id')
    .leftJoin('users as t', (j) => j.on('m.target_kind', '=', 'user').on(sql`cast(t.id as text)`, '=', sql.ref('m.target_id')))
    .select(['m.id', 'u.name', 'u.display_name', 'm.action', 'm.target_kind', 'm.target_id', 't.name as target_handle', 't.display_name as target_display', 'm.reason', 'm.created_at', 'm.hidden_text'])
    .orderBy('m.id', 'desc')
    .limit(limit);
  if (beforeId !== undefined) q = q.where('m.id', '<', beforeId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id), moderator: r.name, moderatorName: shownName(r.name, r.display_name), action: r.action, targetKind: r.target_kind,
    targetId: r.target_handle ?? r.target_id, targetName: r.target_handle ? shownName(r.target_handle, r.target_display) : null, reason: r.reason, createdAt: r.created_at,
    hiddenText: r.hidden_text,
  }));
}

function logRow(moderatorId: number, action: string, targetKind: string, targetId: string, reason: string, now: Date) {
  return { moderator_id: moderatorId, action, target_kind: targetKind, target_id: targetId, reason, created_at: now.toISOString() };
}
