import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * A submitter's image or short video for their paper (src/media/, src/store/media.ts): one per
 * paper, a new upload replaces it. The bytes live in the store, as thumbnails do, so every
 * `serve` process serves them; `hash` makes the URL immutable, and a new hash (or the media
 * removed) changes the paper's cached pages (migrations/20261205T0900-page-changes.ts).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('paper_media')
    .addColumn('paper_id', 'text', (c) => c.primaryKey().references('papers.id').onDelete('cascade'))
    .addColumn('uploaded_by', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** image | video */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  for (const [event, row, when] of [['insert', 'new', ''], ['update', 'new', 'old.hash is distinct from new.hash'], ['delete', 'old', '']] as const) {
    const name = sql.raw(`paper_media_${event}_page_changed`);
    const on = sql.raw(`after ${event} on paper_media`);
    if (dialect === 'sqlite') {
      const condition = sql.raw(when ? `when ${when}` : '');
      await sql`create trigger ${name} ${on} for each row ${condition} begin insert into page_changes (paper_id) values (${sql.raw(`${row}.paper_id`)}); end`.execute(db);
    } else {
      const condition = sql.raw(when ? `when (${when})` : '');
      await sql`create trigger ${name} ${on} for each row ${condition} execute function paperboy_page_changed('paper_id')`.execute(db);
    }
  }
}
