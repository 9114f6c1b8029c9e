/**
 * A fresh, migrated store for a benchmark: a new SQLite file under `dir`, or a new schema in
 * BENCH_PG_URL (default postgres://127.0.0.1:5432/test). cleanup() deletes it. Null (with a
 * line on stderr) when PostgreSQL does not answer.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, postgresConnection, type Store } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';

export const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://127.0.0.1:5432/test';

export type Dialect = 'sqlite' | 'postgres';

export interface ScratchStore {
  store: Store;
  /** The DATABASE_URL of this store. */
  url: string;
  cleanup(): Promise<void>;
}

/** `name` names the file (`<name>.db`) or the schema; a leftover of an earlier run is replaced. */
export async function scratchStore(dialect: Dialect, name: string, dir: string): Promise<ScratchStore | null> {
  if (dialect === 'sqlite') {
    const file = join(dir, `${name}.db`);
    const files = [file, `${file}-wal`, `${file}-shm`];
    for (const f of files) rmSync(f, { force: true });
    const store = openStore(file);
    await migrateToLatest(store);
    return { store, url: file, cleanup: async () => { await store.close(); for (const f of files) rmSync(f, { force: true }); } };
  }
  const admin = new pg.Client(postgresConnection(PG_URL));
  try {
    await admin.connect();
  } catch (err) {
    console.error(`!! PostgreSQL at ${PG_URL} does not answer (${(err as Error).message}): PostgreSQL skipped`);
    return null;
  }
  const schema = name.replace(/[^a-z0-9_]/gi, '_');
  await admin.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
  await admin.end();
  const u = new URL(PG_URL);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const store = openStore(u.toString());
  await migrateToLatest(store);
  return {
    store,
    url: u.toString(),
    cleanup: async () => {
      await store.close();
      const c = new pg.Client(postgresConnection(PG_URL));
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}
