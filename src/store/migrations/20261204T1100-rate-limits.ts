import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Per-user and per-address write limits (comments, votes, sign-in and subscription mails):
 * one row per limited key and its current window, counted by a single conditional upsert
 * (src/store/rate-limits.ts), so the check and the count are one step on every process.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    /** `comments:user:42`, `login-mail:address:<SHA-256 of the address>`, ... */
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    /** When the key's window ends: the next request after it starts a new one. */
    .addColumn('reset_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_reset').on('rate_limits').column('reset_at').execute();
}
