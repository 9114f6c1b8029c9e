import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Organizations (src/store/orgs.ts): a lab or a company whose members submit papers under its
 * name. `orgs` keeps the avatar's bytes (a square WebP, src/media/prepare-avatar.ts) as
 * paper_media does, its hash making the URL immutable; `org_members` the roles; `org_invites`
 * single-use invitations by mail (the token's hash only, as login_tokens); `paper_orgs` the org a
 * paper was submitted under, and `submission_requests.org_id` the choice of a queued submission.
 * Org pages, profiles (their orgs), cards and paper pages (the badge) are cached for anonymous
 * readers: every row they show announces its change in page_changes
 * (migrations/20261205T0900-page-changes.ts).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
  await db.schema
    .createTable('orgs')
    .addColumn('id', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    /** The /orgs/ path: the rules of user handles (src/domain/org-names.ts). */
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('website', 'text')
    .addColumn('avatar', bytes)
    .addColumn('avatar_type', 'text')
    .addColumn('avatar_hash', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** A moderator hid it: no page, no badge (the public moderation log says why). */
    .addColumn('hidden_at', 'text')
    .execute();
  await db.schema
    .createTable('org_members')
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** admin | member */
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('org_members_pk', ['org_id', 'user_id'])
    .execute();
  await db.schema.createIndex('org_members_user').on('org_members').columns(['user_id']).execute();
  await db.schema
    .createTable('org_invites')
    /** SHA-256 of the mailed token (base64url); the token itself is never stored. */
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    /** Lower-cased: only the user signed in with this address may accept. */
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createTable('paper_orgs')
    .addColumn('paper_id', 'text', (c) => c.primaryKey().references('papers.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('submitted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('paper_orgs_org').on('paper_orgs').columns(['org_id', 'created_at']).execute();
  await db.schema.alterTable('submission_requests').addColumn('org_id', 'integer').execute();

  await watch(db, dialect, 'orgs', null, 'slug, name, website, avatar_hash, hidden_at');
  await watch(db, dialect, 'org_members', null, 'role');
  await watch(db, dialect, 'paper_orgs', 'paper_id', 'org_id');
}

/** Triggers announcing a table's inserts, deletes and updates of `shown` columns in page_changes; `paperColumn` scopes them to a paper. */
async function watch(db: Kysely<unknown>, dialect: Dialect, table: string, paperColumn: string | null, shown: string): Promise<void> {
  const changed = shown.split(', ').map((c) => `old.${c} is distinct from new.${c}`).join(' or ');
  for (const [event, row] of [['insert', 'new'], ['update', 'new'], ['delete', 'old']] as const) {
    const name = sql.raw(`${table}_${event}_page_changed`);
    const on = sql.raw(`after ${event} on ${table}`);
    if (dialect === 'sqlite') {
      const condition = sql.raw(event === 'update' ? `when ${changed}` : '');
      const paper = sql.raw(paperColumn ? `${row}.${paperColumn}` : 'null');
      await sql`create trigger ${name} ${on} for each row ${condition} begin insert into page_changes (paper_id) values (${paper}); end`.execute(db);
    } else {
      const condition = sql.raw(event === 'update' ? `when (${changed})` : '');
      await sql`create trigger ${name} ${on} for each row ${condition} execute function paperboy_page_changed(${sql.lit(paperColumn ?? '')})`.execute(db);
    }
  }
}
