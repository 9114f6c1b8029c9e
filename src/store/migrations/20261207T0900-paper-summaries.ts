import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * One-sentence summaries and keywords of papers (src/enrich/summaries/): one row per paper, made
 * for the paper's `version` (a new arXiv version is summarised again), by the offline extractor
 * ('extractive') or a chat model ('model', named in `model`). Cards, digests, feeds and the APIs
 * read it; a changed summary or keyword list changes the paper's pages.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('paper_summaries')
    .addColumn('paper_id', 'text', (c) => c.primaryKey().references('papers.id').onDelete('cascade'))
    /** The paper's version the summary was made for (null: the paper had none recorded). */
    .addColumn('version', 'integer')
    /** Null when the paper has no abstract to summarise (its keywords come from the title). */
    .addColumn('summary', 'text')
    /** JSON array of 0-8 keyphrases. */
    .addColumn('keywords', 'text', (c) => c.notNull())
    /** extractive | model */
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('model', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  for (const [event, when] of [['insert', null], ['update', 'old.summary is distinct from new.summary or old.keywords is distinct from new.keywords']] as const) {
    const name = sql.raw(`paper_summaries_${event}_page_changed`);
    const on = sql.raw(`after ${event} on paper_summaries`);
    if (dialect === 'sqlite') {
      await sql`create trigger ${name} ${on} for each row ${sql.raw(when ? `when ${when}` : '')} begin insert into page_changes (paper_id) values (new.paper_id); end`.execute(db);
    } else {
      await sql`create trigger ${name} ${on} for each row ${sql.raw(when ? `when (${when})` : '')} execute function paperboy_page_changed('paper_id')`.execute(db);
    }
  }
}
