import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Submission requests: every arXiv fetch a user asks for (a submission, or an index request of
 * the compatible API) is a row first. The row is the daily limit's slot (counted under a per-user
 * lock, so parallel requests cannot all pass the check), and the queue the background job drains
 * when arXiv did not answer within the web request's wait.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // int4 ids as in the community migration: pg returns int8 as strings.
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  await db.schema
    .createTable('submission_requests')
    .addColumn('id', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** The arXiv id without version; no foreign key: the paper is not here yet while queued. */
    .addColumn('paper_id', 'text', (c) => c.notNull())
    /** `submit` (joins today's feed, credited) or `index` (compatible API: its own day, no credit). */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** `queued`, `done` or `failed`. */
    .addColumn('state', 'text', (c) => c.notNull())
    /** When done: `added` (this request brought the paper in) or `exists` (someone else's did first). */
    .addColumn('outcome', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The limit counts one user's rows of one kind over the last 24 hours.
  await db.schema.createIndex('submission_requests_user').on('submission_requests').columns(['user_id', 'kind', 'created_at']).execute();
  await db.schema.createIndex('submission_requests_due').on('submission_requests').columns(['state', 'next_attempt_at']).execute();
  // Credits given before this table existed count toward the limit of their day, as they did.
  await sql`insert into submission_requests (user_id, paper_id, kind, state, outcome, attempts, created_at, updated_at)
    select submitted_by, paper_id, 'submit', 'done', 'added', 1, submitted_at, submitted_at from paper_activity
    where submitted_by is not null and submitted_at is not null`.execute(db);
}
