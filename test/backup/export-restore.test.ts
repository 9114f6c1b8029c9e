import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveError } from '../../src/backup/archive.js';
import { exportStore } from '../../src/backup/export.js';
import { restoreStore, StoreNotEmptyError } from '../../src/backup/restore.js';
import { countRows, nonEmptyTables } from '../../src/store/dump.js';
import { postgresFactory, sqliteFactory, type TestStore } from '../support/stores.js';
import { seedEverything } from './seed.js';

let dir: string;
let source: TestStore;
let archive: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-export-'));
  source = await sqliteFactory.create();
  await seedEverything(source.store);
  archive = join(dir, 'source.jsonl.gz');
  await exportStore(source.store, archive);
});
afterAll(async () => {
  await source?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('export and restore', () => {
  it.skipIf(!postgresFactory.available)('round-trips SQLite -> PostgreSQL -> SQLite with identical counts and checksums', async () => {
    const first = await exportStore(source.store, join(dir, 'again.jsonl.gz'));
    expect(first.tables.find((t) => t.table === 'users')?.rows).toBe(2);
    expect(first.tables.map((t) => t.table)).not.toContain('sessions');
    for (const t of first.tables.filter((t) => t.table !== 'counters')) expect(t.rows, t.table).toBeGreaterThan(0);

    const pgStore = await postgresFactory.create();
    const back = await sqliteFactory.create();
    try {
      const restored = await restoreStore(pgStore.store, archive);
      expect(restored.from).toBe('sqlite');
      expect(restored.tables).toEqual(first.tables);
      const viaPg = join(dir, 'pg.jsonl.gz');
      const fromPg = await exportStore(pgStore.store, viaPg);
      expect(fromPg.tables).toEqual(first.tables);

      await restoreStore(back.store, viaPg);
      const fromBack = await exportStore(back.store, join(dir, 'back.jsonl.gz'));
      expect(fromBack.tables).toEqual(first.tables);

      // Bytes come back byte for byte; the forward reference between authors is set.
      const media = await back.store.db.selectFrom('paper_media').select('bytes').executeTakeFirstOrThrow();
      expect(Buffer.from(media.bytes).equals(Buffer.alloc(70_000, 7))).toBe(true);
      const merged = await pgStore.store.db.selectFrom('authors').select(['id', 'merged_into']).orderBy('id').execute();
      expect(merged[0]!.merged_into).toBe(merged[1]!.id);
      expect(await countRows(pgStore.store.db, 'sessions')).toBe(0);

      // New rows get fresh ids past every id the source handed out (the deleted user's too).
      for (const s of [pgStore, back]) {
        const u = await s.store.db.insertInto('users').values({ email: 'new@example.org', name: 'newbie', is_admin: 0, created_at: 'x' }).returning('id').executeTakeFirstOrThrow();
        expect(u.id, s.store.dialect).toBe(4);
        const c = await s.store.db.insertInto('comments').values({ paper_id: '2612.00001', user_id: u.id, body: 'new', created_at: 'x' }).returning('id').executeTakeFirstOrThrow();
        expect(c.id).toBe(3);
      }
    } finally {
      await pgStore.cleanup();
      await back.cleanup();
    }
  });

  it('refuses a store that is not empty and changes nothing', async () => {
    const target = await sqliteFactory.create();
    try {
      await target.store.db.insertInto('settings').values({ name: 'mine', value: '1' }).execute();
      await expect(restoreStore(target.store, archive)).rejects.toThrow(StoreNotEmptyError);
      await expect(restoreStore(target.store, archive)).rejects.toThrow(/not empty \(1 settings\).*Nothing was changed/);
      expect(await nonEmptyTables(target.store.db)).toEqual([{ table: 'settings', rows: 1 }]);
    } finally {
      await target.cleanup();
    }
  });

  const damaged: [string, (gz: Buffer) => Buffer, RegExp][] = [
    ['a flipped byte', (gz) => { const b = Buffer.from(gz); b[Math.floor(b.length / 2)]! ^= 0x40; return b; }, /damaged|cut short|cannot read|unknown to this store|values for/],
    ['a cut file', (gz) => gz.subarray(0, Math.floor(gz.length * 0.7)), /damaged|cut short/],
    ['a row changed inside valid gzip', (gz) => gzipSync(Buffer.from(gunzipSync(gz).toString().replace('A reply', 'A raply'))), /comments: .*the archive is damaged/],
    ['a missing trailer', (gz) => gzipSync(Buffer.from(gunzipSync(gz).toString().replace(/\{"trailer".*\n$/, ''))), /cut short \(no trailer\)/],
    ['another format version', (gz) => gzipSync(Buffer.from(gunzipSync(gz).toString().replace('"version":1', '"version":99'))), /format version 99/],
  ];
  for (const [what, damage, message] of damaged) {
    it(`refuses ${what} and leaves the store empty`, async () => {
      const bad = join(dir, `bad-${what.replace(/\W+/g, '-')}.gz`);
      writeFileSync(bad, damage(readFileSync(archive)));
      const target = await sqliteFactory.create();
      try {
        const err = await restoreStore(target.store, bad).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ArchiveError);
        expect((err as Error).message).toMatch(message);
        expect(await nonEmptyTables(target.store.db)).toEqual([]);
      } finally {
        await target.cleanup();
      }
    });
  }
});
