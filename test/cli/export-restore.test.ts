import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, nonEmptyTables } from '../../src/store/dump.js';
import { exportedTables } from '../../src/store/dump-tables.js';
import { openStore } from '../../src/store/database.js';
import { seedEverything } from '../backup/seed.js';
import { runCli } from '../support/cli.js';
import { postgresFactory, sqliteFactory, type TestStore } from '../support/stores.js';

/** The real binary: exit 0 on success, 1 for an archive or store it refuses, 2 for bad arguments. */
describe('paperboy export, restore and backup', () => {
  let dir: string;
  let source: TestStore;
  let archive: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-cli-export-'));
    source = await sqliteFactory.create();
    await seedEverything(source.store);
    archive = join(dir, 'all.jsonl.gz');
  });
  afterAll(async () => {
    await source?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports, then restores into a new store with the same tables (--json)', async () => {
    const out = await runCli(['export', archive, '--json'], { DATABASE_URL: source.url });
    expect(out.code, out.stderr).toBe(0);
    const exported = JSON.parse(out.stdout) as { rows: number; tables: unknown[] };
    const target = await sqliteFactory.create();
    try {
      const r = await runCli(['restore', archive, '--json'], { DATABASE_URL: target.url });
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { tables: unknown[] }).tables).toEqual(exported.tables);
      // A second restore into the now full store is refused.
      const again = await runCli(['restore', archive], { DATABASE_URL: target.url });
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/is not empty \(.*\); restore fills only an empty store.*Nothing was changed/);
      expect(again.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await target.cleanup();
    }
  });

  it('a damaged archive exits 1 with a clear line and leaves the store empty', async () => {
    const gz = readFileSync(archive);
    const cut = join(dir, 'cut.gz');
    writeFileSync(cut, gz.subarray(0, gz.length - 40));
    const target = await sqliteFactory.create();
    try {
      const r = await runCli(['restore', cut], { DATABASE_URL: target.url });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/paperboy restore: .*(damaged|cut short)/);
      expect(await nonEmptyTables(target.store.db)).toEqual([]);
    } finally {
      await target.cleanup();
    }
  });

  it('no such file and a missing argument exit 2', async () => {
    expect((await runCli(['restore', join(dir, 'nope.gz')], { DATABASE_URL: source.url })).code).toBe(2);
    expect((await runCli(['export'], { DATABASE_URL: source.url })).code).toBe(2);
  });

  it('backs up a live SQLite store: the copy opens and holds the same rows', async () => {
    // The test's own connection keeps the store open and writes during the backup, as serve would.
    let writes = 0;
    const writer = setInterval(() => {
      void source.store.db.insertInto('settings').values({ name: `live.${++writes}`, value: 'x' }).execute();
    }, 5);
    const copy = join(dir, 'copy.db');
    const r = await runCli(['backup', copy], { DATABASE_URL: source.url }).finally(() => clearInterval(writer));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/backed up .* to .*copy\.db/);
    const backup = openStore(copy);
    try {
      for (const { name } of exportedTables()) {
        if (name === 'settings') continue; // written to during the backup
        expect(await countRows(backup.db, name), name).toBe(await countRows(source.store.db, name));
      }
      expect(await countRows(backup.db, 'settings')).toBeGreaterThanOrEqual(1);
    } finally {
      await backup.close();
    }
  });

  it.skipIf(!postgresFactory.available)('restore into PostgreSQL leaves the tables analyzed for the planner', async () => {
    const target = await postgresFactory.create();
    try {
      const r = await runCli(['restore', archive], { DATABASE_URL: target.url });
      expect(r.code, r.stderr).toBe(0);
      const { rows } = await sql<{ relname: string }>`select relname from pg_stat_user_tables where schemaname = current_schema() and last_analyze is not null`.execute(target.store.db);
      expect(rows.map((row) => row.relname)).toEqual(expect.arrayContaining(['papers', 'paper_authors', 'votes']));
    } finally {
      await target.cleanup();
    }
  });

  it.skipIf(!postgresFactory.available)('backup on PostgreSQL points at export and exits 2', async () => {
    const pgStore = await postgresFactory.create();
    try {
      const r = await runCli(['backup', join(dir, 'x.db')], { DATABASE_URL: pgStore.url });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/use `paperboy export FILE`/);
    } finally {
      await pgStore.cleanup();
    }
  });
});
