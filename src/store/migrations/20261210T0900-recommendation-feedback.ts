import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Recommendation feedback (src/store/recommendation-signals.ts): a user's explicit "not
 * interested" or "more like this" on a paper, one row per user and paper (the latest wins).
 * Only the user's own For-you ranking reads it, so no page_changes trigger announces it.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('recommendation_feedback')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    /** not_interested | more_like_this */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recommendation_feedback_pk', ['user_id', 'paper_id'])
    .execute();
}
