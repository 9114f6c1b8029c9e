import type { Kysely } from 'kysely';

/**
 * The text of a comment as it was when a moderator hid it, kept in its moderation log entry:
 * the log records what was hidden, not what the comment says later. Null for other actions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('moderation_log').addColumn('hidden_text', 'text').execute();
}
