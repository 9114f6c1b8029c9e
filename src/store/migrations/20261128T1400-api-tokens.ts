import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Personal API tokens: a user's scripts call the JSON API's write endpoints with
 * `Authorization: Bearer <token>`. Only the SHA-256 of a token is kept (a copy of the database
 * authorizes no one) and a short prefix the owner recognizes it by in the list.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // int4 ids as in the community migration: pg returns int8 as strings.
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    /** Revoked tokens stay as rows (the owner's list no longer shows them); they never authorize again. */
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').columns(['user_id', 'created_at']).execute();
}
