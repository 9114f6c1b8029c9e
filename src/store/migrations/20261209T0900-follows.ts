import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Follows (src/store/follows.ts): a user follows an author, an org, a category or a collection;
 * `target` is the author's or org's or collection's id (as text) or the category's name. Only
 * signed-in pages (never cached) show follows, so no page_changes trigger announces them.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('follows')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** author | org | category | collection */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('follows_pk', ['user_id', 'kind', 'target'])
    .execute();
}
