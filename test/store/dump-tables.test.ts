import { describe, expect, it } from 'vitest';
import { DUMP_TABLES, excludedTables } from '../../src/store/dump-tables.js';
import { liveTables } from '../../src/store/dump.js';
import { dialects } from '../support/stores.js';

/** A table a migration adds must be exported or excluded with a reason, never skipped silently. */
describe.each(dialects)('export covers every table ($name)', (factory) => {
  it.skipIf(!factory.available)('every table the migrations create is exported or excluded, and every listed table exists', async () => {
    const db = await factory.create();
    try {
      const live = [...(await liveTables(db.store)).keys()].sort();
      expect(live.filter((t) => !(t in DUMP_TABLES))).toEqual([]);
      expect(Object.keys(DUMP_TABLES).filter((t) => !live.includes(t))).toEqual([]);
    } finally {
      await db.cleanup();
    }
  });
});

it('each excluded table says why', () => {
  expect(excludedTables().map((t) => t.name).sort()).toEqual(['login_tokens', 'page_changes', 'rate_limits', 'sessions']);
  for (const t of excludedTables()) expect(t.reason.length).toBeGreaterThan(20);
});
