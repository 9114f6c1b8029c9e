import type { Kysely } from 'kysely';

/**
 * Code repositories of papers, with their GitHub stars (src/enrich/, src/store/repos.ts).
 * `paper_repos`: every repository a paper names, keyed `owner/name` lowercased, with where it
 * was found ('abstract', 'comments', 'import', 'submitter'). `github_repos`: what GitHub said of
 * each repository the last time it was asked, with the ETag to ask again cheaply and when to.
 * `repo_star_history`: one star count per repository per day (UTC), so star velocity (stars
 * gained in the last 7 days) can rank. Page caches are not told about star changes: cards
 * show stars as of at most the cache's TTL ago.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('paper_repos')
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('repo_key', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    /** abstract | comments | import | submitter */
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('paper_repos_pk', ['paper_id', 'repo_key'])
    .execute();
  await db.schema.createIndex('paper_repos_repo').on('paper_repos').column('repo_key').execute();
  await db.schema
    .createTable('github_repos')
    .addColumn('repo_key', 'text', (c) => c.primaryKey())
    .addColumn('full_name', 'text')
    .addColumn('stars', 'integer')
    .addColumn('forks', 'integer')
    .addColumn('license', 'text')
    .addColumn('pushed_at', 'text')
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('etag', 'text')
    /** ok | missing | renamed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('renamed_to', 'text')
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addColumn('next_fetch_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('github_repos_due').on('github_repos').column('next_fetch_at').execute();
  await db.schema
    .createTable('repo_star_history')
    .addColumn('repo_key', 'text', (c) => c.notNull())
    /** YYYY-MM-DD (UTC) */
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('stars', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('repo_star_history_pk', ['repo_key', 'day'])
    .execute();
}
