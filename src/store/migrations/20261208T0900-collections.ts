import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Collections (src/store/collections.ts): a user's named, ordered lists of papers, each paper
 * with an optional note; `visibility` public or private. Positions are dense (1..n) within a
 * collection. Anonymous pages show public collections (their page, feeds, the owner's profile,
 * "also in N collections" on a paper page), so both tables announce their changes in
 * `page_changes` (migrations/20261205T0900-page-changes.ts): a paper added, moved or noted
 * changes that paper's pages and the lists; a collection renamed, described, made private or
 * deleted may show on any page (its title is on paper pages and profiles). `updated_at` alone
 * (touched by every paper write) is no change.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // int4 ids as in the community migration: pg returns int8 as strings.
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  await db.schema
    .createTable('collections')
    .addColumn('id', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('owner_user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    /** public | private */
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('collections_owner').on('collections').columns(['owner_user_id', 'created_at']).execute();
  await db.schema
    .createTable('collection_papers')
    .addColumn('collection_id', 'integer', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('collection_papers_pk', ['collection_id', 'paper_id'])
    .execute();
  // "Also in N collections" on a paper page reads by paper.
  await db.schema.createIndex('collection_papers_paper').on('collection_papers').columns(['paper_id']).execute();

  const watched = [
    { table: 'collection_papers', paper: 'paper_id', shown: ['position', 'note'] },
    { table: 'collections', paper: null, shown: ['title', 'slug', 'description', 'visibility', 'owner_user_id'] },
  ];
  for (const { table, paper, shown } of watched) {
    for (const event of ['insert', 'update', 'delete'] as const) {
      const name = sql.raw(`${table}_${event}_page_changed`);
      const on = sql.raw(`after ${event} on ${table}`);
      const changed = event === 'update' ? shown.map((c) => `old.${c} is distinct from new.${c}`).join(' or ') : '';
      if (dialect === 'sqlite') {
        const row = paper === null ? 'null' : `${event === 'delete' ? 'old' : 'new'}.${paper}`;
        const when = sql.raw(changed ? `when ${changed}` : '');
        await sql`create trigger ${name} ${on} for each row ${when} begin insert into page_changes (paper_id) values (${sql.raw(row)}); end`.execute(db);
      } else {
        const when = sql.raw(changed ? `when (${changed})` : '');
        await sql`create trigger ${name} ${on} for each row ${when} execute function paperboy_page_changed(${sql.lit(paper ?? '')})`.execute(db);
      }
    }
  }
}
