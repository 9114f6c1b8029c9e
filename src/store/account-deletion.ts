import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { DELETED_HANDLE_PREFIX, DELETED_USER_NAME } from '../domain/user-names.js';
import type { Store } from './database.js';
import type { Database } from './schema.js';

/**
 * Deletes a user's account in one transaction (README "Deleting an account").
 *
 * What is removed: the users row (address, handle, display name), sessions, unused sign-in
 * links and org invitations to the address, API tokens, the address's digest subscription and
 * its outbox rows, follows, For-you feedback, collections (public ones too: a collection is a
 * list in the owner's voice, with their notes; kept under "[deleted user]" it would still be
 * theirs; others' follows of them go with them), author claims, org memberships, queued
 * submissions, media they uploaded, and their rate-limit counters.
 *
 * What stays, under a fresh placeholder user (DELETED_HANDLE_PREFIX, shown as "[deleted user]"):
 * votes (same rows, same times: every paper's upvotes, paper_activity.votes and trending are
 * unchanged; one placeholder per deleted account keeps "one vote per user per paper"), comments
 * (replies keep their thread), moderation entries they made or that name them, and what they
 * added to the site (submissions, orgs they created, invitations they sent, code links).
 * The old id then appears nowhere.
 *
 * An org whose last admin this was gets its longest-standing member as admin; with no members
 * left it stays as it is (its papers keep their badge) and site moderators can hide it.
 *
 * Pages that showed the user are dropped from caches by the users row's delete trigger
 * (migrations/20261205T0900-page-changes.ts: a change for every page).
 * Returns false, changing nothing, when there is no such user (a second request).
 */
export async function deleteAccount(store: Store, userId: number, now: Date): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    // A no-op UPDATE locks the row (PostgreSQL) or takes the writer (SQLite): a second request
    // at once waits, then finds no user.
    const user = await trx.updateTable('users').set((eb) => ({ is_admin: eb.ref('is_admin') })).where('id', '=', userId).returning(['id', 'email']).executeTakeFirst();
    if (!user) return false;
    const tombstone = await insertPlaceholder(trx, now);
    await keepUnderPlaceholder(trx, userId, tombstone);
    await handOverOrgs(trx, userId);
    await removePersonalRows(trx, userId, user.email);
    await trx.deleteFrom('users').where('id', '=', userId).execute();
    return true;
  });
}

async function insertPlaceholder(trx: Transaction<Database>, now: Date): Promise<number> {
  // 12 random bytes: placeholders never collide, and their handle says nothing of the old one.
  const tag = `${DELETED_HANDLE_PREFIX}${randomBytes(12).toString('hex')}`;
  const row = await trx.insertInto('users')
    .values({ email: tag, name: tag, display_name: DELETED_USER_NAME, named_at: now.toISOString(), is_admin: 0, banned_at: null, created_at: now.toISOString() })
    .returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Public actions keep their meaning and their counts, under the placeholder. */
async function keepUnderPlaceholder(trx: Transaction<Database>, userId: number, tombstone: number): Promise<void> {
  await trx.updateTable('votes').set({ user_id: tombstone }).where('user_id', '=', userId).execute();
  await trx.updateTable('comments').set({ user_id: tombstone }).where('user_id', '=', userId).execute();
  await trx.updateTable('moderation_log').set({ moderator_id: tombstone }).where('moderator_id', '=', userId).execute();
  await trx.updateTable('moderation_log').set({ target_id: String(tombstone) }).where('target_kind', '=', 'user').where('target_id', '=', String(userId)).execute();
  await trx.updateTable('paper_activity').set({ submitted_by: tombstone }).where('submitted_by', '=', userId).execute();
  await trx.updateTable('paper_orgs').set({ submitted_by: tombstone }).where('submitted_by', '=', userId).execute();
  await trx.updateTable('orgs').set({ created_by: tombstone }).where('created_by', '=', userId).execute();
  await trx.updateTable('org_invites').set({ invited_by: tombstone }).where('invited_by', '=', userId).execute();
  await trx.updateTable('paper_author_additions').set({ updated_by: tombstone }).where('updated_by', '=', userId).execute();
}

/** Orgs this user is the only admin of get their longest-standing other member as admin. */
async function handOverOrgs(trx: Transaction<Database>, userId: number): Promise<void> {
  const adminOf = await trx.selectFrom('org_members').select('org_id').where('user_id', '=', userId).where('role', '=', 'admin').execute();
  for (const { org_id: orgId } of adminOf) {
    const others = await trx.selectFrom('org_members').select(['user_id', 'role']).where('org_id', '=', orgId).where('user_id', '!=', userId)
      .orderBy('joined_at').orderBy('user_id').execute();
    const heir = others[0];
    if (heir && !others.some((m) => m.role === 'admin')) {
      await trx.updateTable('org_members').set({ role: 'admin' }).where('org_id', '=', orgId).where('user_id', '=', heir.user_id).execute();
    }
  }
}

async function removePersonalRows(trx: Transaction<Database>, userId: number, email: string): Promise<void> {
  const collectionIds = (await trx.selectFrom('collections').select('id').where('owner_user_id', '=', userId).execute()).map((c) => Number(c.id));
  if (collectionIds.length > 0) {
    await trx.deleteFrom('follows').where('kind', '=', 'collection').where('target', 'in', collectionIds.map(String)).execute();
    await trx.deleteFrom('collection_papers').where('collection_id', 'in', collectionIds).execute();
    await trx.deleteFrom('collections').where('id', 'in', collectionIds).execute();
  }
  const subscriberIds = trx.selectFrom('subscribers').select('id').where('email', '=', email);
  await trx.deleteFrom('digest_outbox').where('subscriber_id', 'in', subscriberIds).execute();
  await trx.deleteFrom('subscribers').where('email', '=', email).execute();
  await trx.deleteFrom('login_tokens').where('email', '=', email).execute();
  await trx.deleteFrom('org_invites').where('email', '=', email).execute();
  for (const table of ['sessions', 'api_tokens', 'follows', 'recommendation_feedback', 'author_claims', 'org_members', 'submission_requests'] as const) {
    await trx.deleteFrom(table).where('user_id', '=', userId).execute();
  }
  await trx.deleteFrom('paper_media').where('uploaded_by', '=', userId).execute();
  // Rate-limit windows named by user id (src/web/http/user-limits.ts: `comments:user:12`).
  await trx.deleteFrom('rate_limits').where('key', 'like', `%:user:${userId}`).execute();
}
