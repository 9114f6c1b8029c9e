import { type Kysely, sql } from 'kysely';

/** Papers, their versions and sources, the change sequence, ingestion checkpoints and runs. */
export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .createTable('papers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abstract', 'text')
    .addColumn('authors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('primary_category', 'text')
    .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('comments', 'text')
    .addColumn('journal_ref', 'text')
    .addColumn('doi', 'text')
    .addColumn('license', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('updated_at', 'text')
    .addColumn('announced_on', 'text')
    .addColumn('daily_at', 'text')
    .addColumn('feed_date', 'text')
    .addColumn('upvotes_baseline', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('github_url', 'text')
    .addColumn('project_url', 'text')
    .addColumn('change_seq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('modified_at', 'text', (c) => c.notNull())
    .execute();
  // The feed reads one day at a time; followers of the change sequence read in seq order.
  await db.schema.createIndex('papers_feed_date').on('papers').columns(['feed_date', 'id']).execute();
  await db.schema.createIndex('papers_change_seq').on('papers').column('change_seq').unique().execute();

  await db.schema
    .createTable('paper_versions')
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('size', 'text')
    .addPrimaryKeyConstraint('paper_versions_pk', ['paper_id', 'version'])
    .execute();

  await db.schema
    .createTable('paper_sources')
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('paper_sources_pk', ['paper_id', 'source'])
    .execute();

  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into counters (name, value) values ('paper_changes', 0)`.execute(db);

  await db.schema
    .createTable('ingest_checkpoints')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ingest_runs')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('added', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('ingest_runs_kind').on('ingest_runs').columns(['kind', 'started_at']).execute();
}
