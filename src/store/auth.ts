import type { Store } from './database.js';
import { findUserById, type User } from './users.js';

/** Stores a sign-in token (by hash). */
export async function saveLoginToken(store: Store, t: { tokenHash: string; email: string; nextPath: string; now: Date; expiresAt: Date }): Promise<void> {
  await store.db
    .insertInto('login_tokens')
    .values({ token_hash: t.tokenHash, email: t.email, next_path: t.nextPath, created_at: t.now.toISOString(), expires_at: t.expiresAt.toISOString(), used_at: null })
    .execute();
}

/**
 * Marks an unexpired, unused token used and returns its address and next path; undefined for
 * an unknown, expired or already used token. The conditional UPDATE is what makes a link single
 * use: of two concurrent clicks only one matches `used_at is null`.
 */
export async function consumeLoginToken(store: Store, tokenHash: string, now: Date): Promise<{ email: string; nextPath: string } | undefined> {
  const row = await store.db
    .updateTable('login_tokens')
    .set({ used_at: now.toISOString() })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .returning(['email', 'next_path'])
    .executeTakeFirst();
  return row && { email: row.email, nextPath: row.next_path ?? '/' };
}

/** The address a sign-in link is for, while it still works (the confirm page names it); nothing is used up. */
export async function loginTokenEmail(store: Store, tokenHash: string, now: Date): Promise<string | undefined> {
  const row = await store.db
    .selectFrom('login_tokens')
    .select('email')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row?.email;
}

export async function createSession(store: Store, s: { tokenHash: string; userId: number; now: Date; expiresAt: Date }): Promise<void> {
  await store.db
    .insertInto('sessions')
    .values({ token_hash: s.tokenHash, user_id: s.userId, created_at: s.now.toISOString(), expires_at: s.expiresAt.toISOString() })
    .execute();
}

/** The signed-in user of a session, or undefined when the session is unknown, expired or the user banned. */
export async function sessionUser(store: Store, tokenHash: string, now: Date): Promise<User | undefined> {
  const row = await store.db
    .selectFrom('sessions')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (!row) return undefined;
  const user = await findUserById(store, Number(row.user_id));
  return user && !user.bannedAt ? user : undefined;
}

export async function deleteSession(store: Store, tokenHash: string): Promise<void> {
  await store.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Removes expired sessions and sign-in tokens (a daily chore; nothing depends on it for safety). */
export async function purgeExpiredAuth(store: Store, now: Date): Promise<void> {
  await store.db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).execute();
  await store.db.deleteFrom('login_tokens').where('expires_at', '<=', new Date(now.getTime() - 86_400_000).toISOString()).execute();
}
