import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * What anonymous pages show, changed: one row per changed row of a table the pages read, written
 * by triggers in the writer's own transaction, so every writer (each `serve` process, a CLI
 * import, a moderator's hide) announces its changes without knowing who caches what. Every
 * process follows the rows to drop the cached pages they make stale (src/web/page-cache-follower.ts).
 * `paper_id` scopes a change to one paper's pages (and the lists that may show it); null means
 * every page (a renamed user shows on comments anywhere). Rows are kept for minutes only.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    // AUTOINCREMENT: a sequence number is never reused after pruning, so a follower's cursor never skips a change.
    await sql`create table page_changes (
      seq integer primary key autoincrement,
      paper_id text,
      changed_at integer not null default (cast((julianday('now') - 2440587.5) * 86400000 as integer))
    )`.execute(db);
  } else {
    await sql`create table page_changes (
      seq bigint generated always as identity primary key,
      paper_id text,
      changed_at bigint not null default (extract(epoch from clock_timestamp()) * 1000)::bigint
    )`.execute(db);
    // One function for every table: the column that names the paper is the trigger's argument ('' for none).
    await sql`create function paperboy_page_changed() returns trigger language plpgsql as $$
      declare
        row_data jsonb := to_jsonb(coalesce(new, old));
      begin
        insert into page_changes (paper_id) values (case when tg_argv[0] = '' then null else row_data ->> tg_argv[0] end);
        return null;
      end $$`.execute(db);
  }
  for (const watched of WATCHED) {
    for (const event of watched.events) await createTrigger(db, dialect, watched, event);
  }
}

type Event = 'insert' | 'update' | 'delete';

/**
 * The tables anonymous pages read, and the column naming the paper a row belongs to. Votes
 * count into paper_activity in the vote's transaction, so its row announces them. Not watched:
 * derived lists (similar papers: a page may show an older list for the cache's TTL), sessions,
 * limits, mail and job bookkeeping, which no anonymous page shows.
 */
interface Watched {
  table: string;
  paperColumn: string | null;
  events: Event[];
  /** Updates count only when one of these columns changes (no-op updates lock rows and add zero to counters). */
  shownColumns?: string[];
}

const WATCHED: Watched[] = [
  { table: 'papers', paperColumn: 'id', events: ['insert', 'update', 'delete'] },
  { table: 'paper_versions', paperColumn: 'paper_id', events: ['insert', 'update', 'delete'] },
  // A repeated vote updates its counter by 0: not a change (a flood of them must not empty caches).
  { table: 'paper_activity', paperColumn: 'paper_id', events: ['insert', 'update', 'delete'], shownColumns: ['votes', 'comments', 'submitted_by', 'submitted_at', 'hidden_at'] },
  { table: 'comments', paperColumn: 'paper_id', events: ['insert', 'update', 'delete'], shownColumns: ['body', 'edited_at', 'deleted_at', 'hidden_at'] },
  // Handles and display names show on comments and profiles anywhere.
  { table: 'users', paperColumn: null, events: ['update', 'delete'], shownColumns: ['name', 'display_name', 'banned_at'] },
  // The public moderation log; an ingestion run's state shows on the first-run page.
  { table: 'moderation_log', paperColumn: null, events: ['insert'] },
  { table: 'ingest_runs', paperColumn: null, events: ['insert', 'update'] },
];

async function createTrigger(db: Kysely<unknown>, dialect: Dialect, { table, paperColumn, shownColumns }: Watched, event: Event): Promise<void> {
  const name = sql.raw(`${table}_${event}_page_changed`);
  const on = sql.raw(`after ${event} on ${table}`);
  const changed = event === 'update' && shownColumns ? shownColumns.map((c) => `old.${c} is distinct from new.${c}`).join(' or ') : null;
  if (dialect === 'sqlite') {
    const paper = paperColumn === null ? sql.raw('null') : sql.raw(`${event === 'delete' ? 'old' : 'new'}.${paperColumn}`);
    const when = sql.raw(changed ? `when ${changed}` : '');
    await sql`create trigger ${name} ${on} for each row ${when} begin insert into page_changes (paper_id) values (${paper}); end`.execute(db);
  } else {
    const when = sql.raw(changed ? `when (${changed})` : '');
    await sql`create trigger ${name} ${on} for each row ${when} execute function paperboy_page_changed(${sql.lit(paperColumn ?? '')})`.execute(db);
  }
}
