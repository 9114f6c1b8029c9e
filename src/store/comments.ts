import { sql, type Transaction } from 'kysely';
import type { Store } from './database.js';
import type { Database } from './schema.js';
import { shownName } from './users.js';
import { ensureActivity } from './votes.js';

export interface CommentRow {
  id: number;
  paperId: string;
  userId: number;
  /** The author's handle (the /u/ path). */
  userName: string;
  /** The author's display name, else the handle. */
  userDisplayName: string;
  parentId: number | null;
  body: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  hiddenAt: string | null;
}

/** A paper's comments in thread order: top-level by time, each followed by its replies by time. */
export async function listComments(store: Store, paperId: string): Promise<CommentRow[]> {
  const rows = await store.db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.id', 'c.paper_id', 'c.user_id', 'u.name', 'u.display_name', 'c.parent_id', 'c.body', 'c.created_at', 'c.edited_at', 'c.deleted_at', 'c.hidden_at'])
    .where('c.paper_id', '=', paperId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  const all = rows.map((r): CommentRow => ({
    id: Number(r.id), paperId: r.paper_id, userId: Number(r.user_id), userName: r.name, userDisplayName: shownName(r.name, r.display_name), parentId: r.parent_id === null ? null : Number(r.parent_id),
    body: r.body, createdAt: r.created_at, editedAt: r.edited_at, deletedAt: r.deleted_at, hiddenAt: r.hidden_at,
  }));
  const replies = new Map<number, CommentRow[]>();
  for (const c of all) if (c.parentId !== null) replies.set(c.parentId, [...(replies.get(c.parentId) ?? []), c]);
  return all.filter((c) => c.parentId === null).flatMap((c) => [c, ...(replies.get(c.id) ?? [])]);
}

export async function findComment(store: Store, id: number): Promise<CommentRow | undefined> {
  const rows = await store.db.selectFrom('comments').select('paper_id').where('id', '=', id).executeTakeFirst();
  if (!rows) return undefined;
  return (await listComments(store, rows.paper_id)).find((c) => c.id === id);
}

/** Adds a comment and counts it on the paper, in one transaction; returns its id. */
export async function addComment(store: Store, c: { paperId: string; userId: number; parentId: number | null; body: string; now: Date }): Promise<number> {
  return store.db.transaction().execute(async (trx) => {
    await ensureActivity(trx, c.paperId);
    const row = await trx
      .insertInto('comments')
      .values({ paper_id: c.paperId, user_id: c.userId, parent_id: c.parentId, body: c.body, created_at: c.now.toISOString(), edited_at: null, deleted_at: null, hidden_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('paper_activity').set({ comments: sql<number>`comments + 1` }).where('paper_id', '=', c.paperId).execute();
    return Number(row.id);
  });
}

/** Edits a living comment; a deleted or hidden one stays as it is (a moderator's decision is not rewritten). */
export async function editComment(store: Store, id: number, body: string, now: Date): Promise<void> {
  await store.db.updateTable('comments').set({ body, edited_at: now.toISOString() }).where('id', '=', id).where('deleted_at', 'is', null).where('hidden_at', 'is', null).execute();
}

/**
 * Soft-deletes (by its author) or hides (by a moderator) a comment: the row stays so replies keep
 * their place and the moderation log its target. The paper's count drops once, when the comment
 * stops being visible.
 */
export async function removeComment(store: Store, id: number, how: 'deleted' | 'hidden', now: Date): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => (await removeCommentIn(trx, id, how, now)) !== undefined);
}

/** removeComment inside the caller's transaction; answers the comment's text, or undefined when it was already removed that way. */
export async function removeCommentIn(trx: Transaction<Database>, id: number, how: 'deleted' | 'hidden', now: Date): Promise<{ body: string } | undefined> {
  const column = how === 'deleted' ? 'deleted_at' : 'hidden_at';
  const row = await trx.updateTable('comments').set({ [column]: now.toISOString() }).where('id', '=', id).where(column, 'is', null).returning(['paper_id', 'deleted_at', 'hidden_at', 'body']).executeTakeFirst();
  if (!row) return undefined;
  const wasVisible = how === 'deleted' ? row.hidden_at === null : row.deleted_at === null;
  if (wasVisible) await trx.updateTable('paper_activity').set({ comments: sql<number>`comments - 1` }).where('paper_id', '=', row.paper_id).execute();
  return { body: row.body };
}
