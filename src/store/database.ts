import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { InvalidInputError } from '../domain/errors.js';
import { releaseHeldLocks } from './locks.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

/** An open store: the query builder, which dialect it speaks, and where it points. */
export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Printable location: the SQLite file or the PostgreSQL URL without password. */
  location: string;
  /** PostgreSQL: the connection pool's state, for /metrics. */
  pool?: () => { total: number; idle: number; waiting: number };
  /** PostgreSQL: a new client outside the pool, for a session of its own (LISTEN, src/store/change-notices.ts). */
  newClient?: () => pg.Client;
  close(): Promise<void>;
}

export type StoreTarget = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

/** `DATABASE_URL` -> what to open: postgres(ql):// URLs, `sqlite:PATH`, or a plain file path. */
export function parseDatabaseUrl(value: string): StoreTarget {
  const v = value.trim();
  if (/^postgres(ql)?:\/\//i.test(v)) return { dialect: 'postgres', url: v };
  if (/^sqlite:/i.test(v)) {
    const path = v.replace(/^sqlite:(\/\/)?/i, '');
    if (path === '') throw new InvalidInputError('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/paperboy.db');
    return { dialect: 'sqlite', path };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) {
    throw new InvalidInputError(`DATABASE_URL: unsupported scheme in "${v.split('://')[0]}://"; use a file path, sqlite:PATH or postgres://...`);
  }
  return { dialect: 'sqlite', path: v };
}

export function openStore(databaseUrl: string): Store {
  const target = parseDatabaseUrl(databaseUrl);
  return target.dialect === 'sqlite' ? openSqlite(target.path) : openPostgres(target.url);
}

/** A store whose close() first lets go of the locks this process still holds on it (src/store/locks.ts). */
function withClose(open: Omit<Store, 'close'>, destroy: () => Promise<void>): Store {
  const store: Store = { ...open, close: async () => {
    await releaseHeldLocks(store);
    await destroy();
  } };
  return store;
}

function openSqlite(path: string): Store {
  const file = path === ':memory:' ? path : resolve(path);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const conn = new SQLite(file);
  // WAL: readers never block the writer. synchronous=NORMAL is durable against process crashes
  // (kill -9) in WAL mode; only an OS crash can lose the last commits, never corrupt the file.
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('foreign_keys = ON');
  // Another process (a CLI import while `serve` runs) holding the write lock: wait, do not fail.
  conn.pragma('busy_timeout = 10000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(conn) }) });
  return withClose({ db, dialect: 'sqlite', location: file }, () => db.destroy());
}

/** Distinct statements kept compiled: the app's queries are a few hundred shapes (`in (?, ?)` lists vary in length). */
const STATEMENTS_KEPT = 1_000;

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles the SQL each time: 15% of a
 * paper page's CPU at 100k papers (profiled under `npm run bench:web`). Compiled statements are
 * kept by their SQL text and reused (Kysely runs one query at a time on this one connection,
 * so a statement is never in use twice at once).
 */
function withStatementCache(conn: SQLite.Database): { prepare(sql: string): SQLite.Statement; close(): void } {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= STATEMENTS_KEPT) statements.delete(statements.keys().next().value!);
        statement = conn.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
    close: () => conn.close(),
  };
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({
    ...postgresConnection(url),
    max: 10,
    // int8 (counts, sequences) as numbers: our values stay far below 2^53.
    types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text')) } as pg.CustomTypesConfig,
  });
  pool.on('error', () => undefined); // idle client errors surface on the next query instead
  // A client checked out between queries (a job's advisory-lock session, a transaction waiting on
  // JavaScript) emits 'error' when PostgreSQL goes away; unheard, that event ended the whole
  // process (the cluster suite's cut link took down all three servers). The next query on it
  // fails instead, and the pool drops it when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const poolState = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
  // keepAlive: a listener idles for hours; without it a link that dies silently (no RST) is never noticed.
  const newClient = () => new pg.Client({ ...postgresConnection(url), keepAlive: true, connectionTimeoutMillis: 5_000 });
  return withClose({ db, dialect: 'postgres', location: redact(url), pool: poolState, newClient }, () => db.destroy());
}

/**
 * Connection settings from a postgres:// URL. With no user in the URL, libpq's rule applies
 * (PGUSER, else the operating-system user); node-postgres only reads $USER, which daemons and
 * CI often lack, so the OS user is filled in here.
 */
export function postgresConnection(url: string): pg.ClientConfig {
  const u = new URL(url);
  if (!u.username) u.username = encodeURIComponent(process.env.PGUSER ?? process.env.USER ?? userInfo().username);
  return { connectionString: u.toString() };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable)';
  }
}

/** Checks the store answers; returns the error message when it does not. */
export async function pingStore(store: Store): Promise<string | null> {
  try {
    await sql`select 1`.execute(store.db);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Node's socket errors and PostgreSQL's SQLSTATE classes 08 (connection) and 57P (shutdown, cannot connect now). */
const UNREACHABLE = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|08...|57P0[1-3])$/;

/**
 * Whether a failed query means the store cannot be reached right now (PostgreSQL down, restarting
 * or the network to it cut), not that the query or the data is wrong: the web answers 503 with
 * Retry-After for these, as /readyz does, and the pool reconnects by itself once it is back.
 */
export function isStoreUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && UNREACHABLE.test(code)) return true;
  // pg's own words for a connection that ended under a query, or a client that lost it earlier.
  return /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect/i.test(err.message);
}
