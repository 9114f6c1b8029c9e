import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, postgresConnection, type Store } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';

/** Where the PostgreSQL tests run; CI and these machines serve it on loopback with trust auth. */
export const PG_TEST_URL = process.env.PG_TEST_URL ?? 'postgres://127.0.0.1:5432/test';

export interface TestStore {
  store: Store;
  /** The DATABASE_URL that reaches this same store, for CLI/server subprocesses. */
  url: string;
  cleanup(): Promise<void>;
}

export interface DialectFactory {
  name: 'sqlite' | 'postgres';
  available: boolean;
  /** A fresh, migrated, empty store: a new SQLite file, or a new PostgreSQL schema. */
  create(): Promise<TestStore>;
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ ...postgresConnection(PG_TEST_URL), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgAvailable = await postgresAnswers();
if (!pgAvailable) {
  const banner = '!'.repeat(78);
  console.warn(`\n${banner}\n!! PostgreSQL does not answer at ${PG_TEST_URL}:\n!! the PostgreSQL half of the store tests is SKIPPED. Start PostgreSQL to run it.\n${banner}\n`);
  if (process.env.CI) throw new Error(`CI: PostgreSQL must answer at ${PG_TEST_URL} (.ci/run starts it)`);
}

let counter = 0;

export const sqliteFactory: DialectFactory = {
  name: 'sqlite',
  available: true,
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-test-'));
    const url = join(dir, 'paperboy.db');
    const store = openStore(url);
    await migrateToLatest(store);
    return {
      store,
      url,
      async cleanup() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const postgresFactory: DialectFactory = {
  name: 'postgres',
  available: pgAvailable,
  async create() {
    const schema = `t_${process.pid}_${Date.now().toString(36)}_${++counter}`;
    const admin = new pg.Client(postgresConnection(PG_TEST_URL));
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const url = withSearchPath(PG_TEST_URL, schema);
    const store = openStore(url);
    await migrateToLatest(store);
    return {
      store,
      url,
      async cleanup() {
        await store.close();
        const c = new pg.Client(postgresConnection(PG_TEST_URL));
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      },
    };
  },
};

/** Every dialect we ship: SQLite always, PostgreSQL whenever it answers (always in CI). */
export const dialects: DialectFactory[] = [sqliteFactory, postgresFactory];

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
