import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * What a paper's verified authors add to its page (src/store/author-additions.ts): a code link,
 * a project page and a note, one row per paper, with who last changed it and when. Every change
 * is also written to the public moderation log. The paper's cached pages and the lists (a code
 * link makes a paper "with code") change with the row (migrations/20261205T0900-page-changes.ts).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('paper_author_additions')
    .addColumn('paper_id', 'text', (c) => c.primaryKey().references('papers.id').onDelete('cascade'))
    .addColumn('code_url', 'text')
    .addColumn('project_url', 'text')
    .addColumn('note', 'text')
    .addColumn('updated_by', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  for (const [event, row] of [['insert', 'new'], ['update', 'new'], ['delete', 'old']] as const) {
    const name = sql.raw(`paper_author_additions_${event}_page_changed`);
    const on = sql.raw(`after ${event} on paper_author_additions`);
    if (dialect === 'sqlite') {
      await sql`create trigger ${name} ${on} for each row begin insert into page_changes (paper_id) values (${sql.raw(`${row}.paper_id`)}); end`.execute(db);
    } else {
      await sql`create trigger ${name} ${on} for each row execute function paperboy_page_changed('paper_id')`.execute(db);
    }
  }
}
