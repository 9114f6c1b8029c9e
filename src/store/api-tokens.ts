import { createHash, randomBytes } from 'node:crypto';
import { InvalidInputError } from '../domain/errors.js';
import type { Store } from './database.js';
import { toUser, type User } from './users.js';

/**
 * Personal API tokens. The secret is `pbt_` and 32 random bytes (256 bits: not guessable, not
 * enumerable), returned once by createApiToken; the store keeps its SHA-256 and the first 12
 * characters, which the owner's list shows to tell tokens apart.
 *
 *   const { secret } = await createApiToken(store, user.id, 'nightly script');
 *   // later, on a request with `Authorization: Bearer pbt_…`:
 *   const user = await resolveApiToken(store, secret);   // undefined: unknown, revoked, or banned
 */
export interface ApiToken {
  id: number;
  userId: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export const API_TOKEN_PREFIX = 'pbt_';
/** `pbt_` and 8 characters of the secret: 48 bits, enough to tell a user's tokens apart, far too few to help guess one. */
const VISIBLE_CHARS = API_TOKEN_PREFIX.length + 8;
/** A name says where the token lives ("laptop", "CI"); 60 characters is a sentence. */
const NAME_MAX = 60;
/** Active tokens per user: one per script or machine is the idea; 20 is plenty and caps a runaway loop. */
export const MAX_ACTIVE_TOKENS = 20;
/** `last_used_at` is written at most once a minute per token: a busy script must not turn every read into a write. */
const TOUCH_INTERVAL_MS = 60_000;

/** The stored form of a secret: SHA-256, base64url (as sessions and sign-in links are stored). */
export function apiTokenHash(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** A token's name as stored: whitespace folded; empty, control characters or too long is an error. */
export function cleanTokenName(value: unknown): string {
  const name = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
  if (name === '') throw new InvalidInputError('token name: say what the token is for, e.g. "laptop script"', 'invalid_token_name');
  if (name.length > NAME_MAX) throw new InvalidInputError(`token name: at most ${NAME_MAX} characters`, 'invalid_token_name');
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new InvalidInputError('token name: no control characters', 'invalid_token_name');
  return name;
}

/** Creates a token for the user; the returned `secret` is the only copy there will ever be. */
export async function createApiToken(store: Store, userId: number, name: unknown, now = new Date()): Promise<{ token: ApiToken; secret: string }> {
  const clean = cleanTokenName(name);
  if ((await listApiTokens(store, userId)).length >= MAX_ACTIVE_TOKENS) {
    throw new InvalidInputError(`you have ${MAX_ACTIVE_TOKENS} active tokens, the most one account can hold: revoke one first`, 'too_many_tokens');
  }
  const secret = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row = await store.db
    .insertInto('api_tokens')
    .values({ user_id: userId, name: clean, token_hash: apiTokenHash(secret), prefix: secret.slice(0, VISIBLE_CHARS), created_at: now.toISOString(), last_used_at: null, revoked_at: null })
    .returning(['id', 'user_id', 'name', 'prefix', 'created_at', 'last_used_at'])
    .executeTakeFirstOrThrow();
  return { token: toToken(row), secret };
}

/** A user's active tokens, newest first. */
export async function listApiTokens(store: Store, userId: number): Promise<ApiToken[]> {
  const rows = await store.db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'name', 'prefix', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toToken);
}

/** Revokes one of the user's tokens; false when it is not theirs or already revoked. */
export async function revokeApiToken(store: Store, userId: number, tokenId: number, now = new Date()): Promise<boolean> {
  const row = await store.db
    .updateTable('api_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The user a secret belongs to, or undefined when it is unknown, revoked, or its owner is banned.
 * Notes the use (`last_used_at`) when the last note is a minute old or more; the conditional
 * UPDATE keeps that to one write a minute however many requests race.
 */
export async function resolveApiToken(store: Store, secret: string, now = new Date()): Promise<{ user: User; tokenId: number } | undefined> {
  const row = await store.db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as token_id', 't.last_used_at', 'u.id', 'u.email', 'u.name', 'u.display_name', 'u.named_at', 'u.is_admin', 'u.banned_at', 'u.created_at'])
    .where('t.token_hash', '=', apiTokenHash(secret))
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || row.banned_at !== null) return undefined;
  const staleBefore = new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString();
  if (row.last_used_at === null || row.last_used_at <= staleBefore) {
    await store.db
      .updateTable('api_tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.token_id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', staleBefore)]))
      .execute();
  }
  const { token_id: _tokenId, last_used_at: _lastUsedAt, ...userRow } = row;
  const user = toUser(userRow);
  return { user, tokenId: Number(row.token_id) };
}

function toToken(r: { id: number; user_id: number; name: string; prefix: string; created_at: string; last_used_at: string | null }): ApiToken {
  return { id: Number(r.id), userId: Number(r.user_id), name: r.name, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at };
}
