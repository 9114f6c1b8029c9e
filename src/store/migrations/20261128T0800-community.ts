import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * The community side: users and sign-in, votes, comments, submissions, moderation.
 * Booleans are integers (0/1) and dates ISO text, as in the papers migration, so both
 * dialects return the same values.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // int4 ids: pg returns int8 as strings, and 2 billion users or comments is room enough.
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  const idColumn = (table: string) =>
    db.schema.createTable(table).addColumn('id', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()));

  await idColumn('users')
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('banned_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Sign-in links: only the SHA-256 of the token is kept, so a leaked database signs no one in.
  await db.schema
    .createTable('login_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('next_path', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('login_tokens_email').on('login_tokens').columns(['email', 'created_at']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  // Per-paper community state, apart from `papers` so that re-ingesting metadata never
  // touches votes and a vote never bumps the paper change sequence.
  await db.schema
    .createTable('paper_activity')
    .addColumn('paper_id', 'text', (c) => c.primaryKey().references('papers.id').onDelete('cascade'))
    .addColumn('votes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comments', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('submitted_at', 'text')
    .addColumn('hidden_at', 'text')
    .execute();
  await db.schema.createIndex('paper_activity_submitted_by').on('paper_activity').columns(['submitted_by', 'submitted_at']).execute();

  await db.schema
    .createTable('votes')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('votes_pk', ['user_id', 'paper_id'])
    .execute();
  await db.schema.createIndex('votes_paper').on('votes').column('paper_id').execute();

  await idColumn('comments')
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('parent_id', 'integer', (c) => c.references('comments.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('deleted_at', 'text')
    .addColumn('hidden_at', 'text')
    .execute();
  await db.schema.createIndex('comments_paper').on('comments').columns(['paper_id', 'created_at']).execute();
  await db.schema.createIndex('comments_user').on('comments').columns(['user_id', 'created_at']).execute();

  await idColumn('moderation_log')
    .addColumn('moderator_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
