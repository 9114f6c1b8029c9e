import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * PostgreSQL: every transaction that adds page changes (migrations/20261205T0900-page-changes.ts)
 * also sends `NOTIFY paperboy_changes` with its schema as the payload, so every process's
 * follower (src/web/page-cache-follower.ts) reads the changes at once instead of at its next
 * poll. Once per statement, and PostgreSQL folds the same notice of one transaction into one;
 * it is delivered at commit, when the rows are visible. SQLite has no notices: followers poll.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') return;
  await sql`create function paperboy_page_changes_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('paperboy_changes', current_schema());
      return null;
    end $$`.execute(db);
  await sql`create trigger page_changes_notify after insert on page_changes for each statement execute function paperboy_page_changes_notify()`.execute(db);
}
