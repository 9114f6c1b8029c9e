import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Authors as people (src/authors/, src/store/authors.ts). `authors`: one row per person, keyed
 * by the folded name (src/domain/author-names.ts); a moderator's merge leaves the merged row
 * with `merged_into` set (its page redirects), and a split makes a new row whose key carries a
 * `#n` suffix (new papers never land on it). `paper_authors`: who wrote each paper, in paper
 * order, with the name as that paper wrote it (a re-read paper keeps moderators' merges and
 * splits for names that did not change). `author_claims`: "this author is me", pending until
 * verified by e-mail domain or by a moderator, or rejected.
 * Pages show all three: their rows announce changes (migrations/20261205T0900-page-changes.ts).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  const id = (table: string) => db.schema.createTable(table).addColumn('id', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()));
  await id('authors')
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('merged_into', 'integer', (c) => c.references('authors.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('paper_authors')
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id'))
    /** The name as this paper writes it. */
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('paper_authors_pk', ['paper_id', 'position'])
    .execute();
  await db.schema.createIndex('paper_authors_author').on('paper_authors').columns(['author_id', 'paper_id']).execute();
  await id('author_claims')
    .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** pending | verified | rejected */
    .addColumn('status', 'text', (c) => c.notNull())
    /** e-mail domain | moderator; null while pending */
    .addColumn('verified_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addUniqueConstraint('author_claims_author_user', ['author_id', 'user_id'])
    .execute();
  await db.schema.createIndex('author_claims_user').on('author_claims').columns(['user_id', 'status']).execute();
  await db.schema.createIndex('author_claims_status').on('author_claims').columns(['status', 'id']).execute();

  // paper_authors: that paper's pages and the lists; authors' names and slugs and claims: any page (cards, comments' badges).
  const watched: { table: string; event: 'insert' | 'update' | 'delete'; paper: boolean; when?: string }[] = [
    { table: 'paper_authors', event: 'insert', paper: true },
    { table: 'paper_authors', event: 'update', paper: true, when: 'old.author_id is distinct from new.author_id or old.name is distinct from new.name' },
    { table: 'paper_authors', event: 'delete', paper: true },
    { table: 'authors', event: 'update', paper: false, when: 'old.name is distinct from new.name or old.slug is distinct from new.slug or old.merged_into is distinct from new.merged_into' },
    { table: 'author_claims', event: 'insert', paper: false },
    { table: 'author_claims', event: 'update', paper: false, when: 'old.status is distinct from new.status' },
    { table: 'author_claims', event: 'delete', paper: false },
  ];
  for (const { table, event, paper, when } of watched) {
    const name = sql.raw(`${table}_${event}_page_changed`);
    const on = sql.raw(`after ${event} on ${table}`);
    if (dialect === 'sqlite') {
      const condition = sql.raw(when ? `when ${when}` : '');
      const value = sql.raw(paper ? `${event === 'delete' ? 'old' : 'new'}.paper_id` : 'null');
      await sql`create trigger ${name} ${on} for each row ${condition} begin insert into page_changes (paper_id) values (${value}); end`.execute(db);
    } else {
      const condition = sql.raw(when ? `when (${when})` : '');
      await sql`create trigger ${name} ${on} for each row ${condition} execute function paperboy_page_changed(${sql.lit(paper ? 'paper_id' : '')})`.execute(db);
    }
  }
}
