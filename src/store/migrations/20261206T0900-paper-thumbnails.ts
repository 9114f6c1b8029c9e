import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * First-page thumbnails, stored: one row per paper the thumbnail job tried, with the encoded
 * image when it worked ('ready') or why it did not ('failed', retried after a backoff until
 * `attempts` runs out). The image lives in the store, not on a disk, so every `serve` process
 * behind one address serves every thumbnail. `hash` (a short hash of the image) makes the
 * image's URL immutable: a new image gets a new URL, and its paper's cached pages are dropped.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('paper_thumbnails')
    .addColumn('paper_id', 'text', (c) => c.primaryKey().references('papers.id').onDelete('cascade'))
    /** ready | failed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('image', dialect === 'postgres' ? 'bytea' : 'blob')
    .addColumn('content_type', 'text')
    .addColumn('hash', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('bytes', 'integer')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    /** A failed row is tried again from this time on (ISO 8601); null when ready or given up. */
    .addColumn('retry_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('paper_thumbnails_retry').on('paper_thumbnails').columns(['status', 'retry_at']).execute();
  // A card shows the image's key: a new key changes the paper's pages (migrations/20261205T0900-page-changes.ts).
  for (const [event, when] of [['insert', `new.hash is not null`], ['update', `old.hash is distinct from new.hash`]] as const) {
    const name = sql.raw(`paper_thumbnails_${event}_page_changed`);
    const on = sql.raw(`after ${event} on paper_thumbnails`);
    if (dialect === 'sqlite') {
      await sql`create trigger ${name} ${on} for each row when ${sql.raw(when)} begin insert into page_changes (paper_id) values (new.paper_id); end`.execute(db);
    } else {
      await sql`create trigger ${name} ${on} for each row when (${sql.raw(when)}) execute function paperboy_page_changed('paper_id')`.execute(db);
    }
  }
}
