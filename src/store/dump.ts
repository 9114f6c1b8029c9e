import { type Kysely, sql } from 'kysely';
import type { Store } from './database.js';
import { DUMP_BATCH, type ExportedTable, exportedTables, SEEDED_TABLES } from './dump-tables.js';
import type { Database } from './schema.js';

/**
 * The SQL of `paperboy export` and `paperboy restore` (src/backup/): tables and columns as the
 * live store has them, rows read in keyset pages, rows inserted in batches, id counters.
 * `db` is the store's query builder or a transaction on it.
 */
type Db = Kysely<Database>;

export interface DumpColumn {
  name: string;
  /** Bytes (blob/bytea): written base64 in the archive. */
  bytes: boolean;
  /** The table's id counter (SQLite AUTOINCREMENT, PostgreSQL serial). */
  counter: boolean;
}

/** Every table in the store's schema (migration bookkeeping left out), with its columns sorted by name. */
export async function liveTables(store: Store, db: Db = store.db): Promise<Map<string, DumpColumn[]>> {
  const schema = store.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const tables = await db.introspection.getTables();
  const out = new Map<string, DumpColumn[]>();
  for (const t of tables) {
    if (t.isView || (schema !== undefined && t.schema !== schema)) continue;
    const columns = t.columns.map((c) => ({ name: c.name, bytes: /^(blob|bytea)$/i.test(c.dataType), counter: c.isAutoIncrementing }));
    out.set(t.name, columns.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  }
  return out;
}

/** The migrations applied to the store, by name, in order. */
export async function appliedMigrations(db: Db): Promise<string[]> {
  const rows = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows;
  return rows.map((r) => r.name);
}

export async function countRows(db: Db, table: string): Promise<number> {
  const row = (await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0];
  return Number(row?.n ?? 0);
}

/** Exported tables (seeded ones aside) that hold rows, with their counts: empty when the store is. */
export async function nonEmptyTables(db: Db): Promise<{ table: string; rows: number }[]> {
  const out: { table: string; rows: number }[] = [];
  for (const { name } of exportedTables()) {
    if (SEEDED_TABLES.includes(name)) continue;
    const any = (await sql`select 1 from ${sql.table(name)} limit 1`.execute(db)).rows.length > 0;
    if (any) out.push({ table: name, rows: await countRows(db, name) });
  }
  return out;
}

/**
 * A table's rows, page by page, in key order: `where (k1, k2) > (last) order by k1, k2 limit N`
 * uses the primary key's index, so each page costs the same at any depth and memory holds one page.
 */
export async function* readPages(db: Db, table: string, columns: string[], plan: ExportedTable): AsyncGenerator<Record<string, unknown>[]> {
  const batch = plan.batch ?? DUMP_BATCH;
  const selected = [...new Set([...columns, ...plan.key])];
  const keyRefs = sql.join(plan.key.map((k) => sql.ref(k)));
  let after: unknown[] | undefined;
  for (;;) {
    const where = after ? sql`where (${keyRefs}) > (${sql.join(after)})` : sql``;
    const rows = (await sql<Record<string, unknown>>`select ${sql.join(selected.map((c) => sql.ref(c)))} from ${sql.table(table)} ${where} order by ${keyRefs} limit ${batch}`.execute(db)).rows;
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    const last = rows[rows.length - 1]!;
    after = plan.key.map((k) => last[k]);
  }
}

/** Most bound values in one INSERT: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

/** Inserts rows (values in `columns` order) in statements of at most MAX_PARAMS values. */
export async function insertRows(db: Db, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const per = Math.max(1, Math.floor(MAX_PARAMS / Math.max(columns.length, 1)));
  const cols = sql.join(columns.map((c) => sql.ref(c)));
  for (let i = 0; i < rows.length; i += per) {
    const values = rows.slice(i, i + per).map((r) => sql`(${sql.join(r)})`);
    await sql`insert into ${sql.table(table)} (${cols}) values ${sql.join(values)}`.execute(db);
  }
}

/** Sets a self-reference once the row it points at is in (see ExportedTable.selfReference). */
export async function setColumn(db: Db, table: string, key: string, column: string, updates: [unknown, unknown][]): Promise<void> {
  for (const [id, value] of updates) {
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${value} where ${sql.ref(key)} = ${id}`.execute(db);
  }
}

/** Rows migrations seed (SEEDED_TABLES): removed before restore writes the archive's. */
export async function clearSeededRows(db: Db): Promise<void> {
  for (const table of SEEDED_TABLES) await sql`delete from ${sql.table(table)}`.execute(db);
}

/**
 * The highest id a table's counter has handed out (deleted rows included), so a restored store
 * never hands an old id out again: SQLite's sqlite_sequence, PostgreSQL's serial sequence.
 */
export async function counterValue(store: Store, db: Db, table: string, column: string): Promise<number> {
  if (store.dialect === 'sqlite') {
    const row = (await sql<{ seq: number }>`select seq from sqlite_sequence where name = ${table}`.execute(db)).rows[0];
    return Number(row?.seq ?? 0);
  }
  const row = (await sql<{ v: number | string | null }>`select pg_sequence_last_value(pg_get_serial_sequence(${table}, ${column})::regclass) as v`.execute(db)).rows[0];
  return Number(row?.v ?? 0);
}

/** Moves a table's id counter to at least `atLeast` and past every id in the table: new rows get fresh ids. */
export async function advanceCounter(store: Store, db: Db, table: string, column: string, atLeast: number): Promise<void> {
  const max = Number((await sql<{ m: number | string | null }>`select max(${sql.ref(column)}) as m from ${sql.table(table)}`.execute(db)).rows[0]?.m ?? 0);
  const value = Math.max(max, atLeast);
  if (value < 1) return;
  if (store.dialect === 'sqlite') {
    await sql`delete from sqlite_sequence where name = ${table}`.execute(db);
    await sql`insert into sqlite_sequence (name, seq) values (${table}, ${value})`.execute(db);
  } else {
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), ${value})`.execute(db);
  }
}
