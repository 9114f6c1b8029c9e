import { describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { buildRecord } from '../support/factories.js';
import { runCli } from '../support/cli.js';
import { sqliteFactory } from '../support/stores.js';

describe('paperboy authors rebuild', () => {
  it('reads every paper into authors, and a second run writes nothing', async () => {
    const t = await sqliteFactory.create();
    try {
      await upsertPapers(t.store, [
        buildRecord({ id: '2611.00001', authors: ['Ada Lovelace', 'Alan M. Turing'] }),
        buildRecord({ id: '2611.00002', authors: ['Lovelace, Ada', 'Alan Turing'] }),
      ]);
      const first = await runCli(['authors', 'rebuild'], { DATABASE_URL: t.url });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain('2 papers read, 4 rows written, 2 authors created');
      expect(first.stdout).toContain('in the store: 2 authors (0 merged), 4 paper authors');
      const again = await runCli(['authors', 'rebuild'], { DATABASE_URL: t.url });
      expect(again.stdout).toContain('2 papers read, 0 rows written, 0 authors created');
      const bad = await runCli(['authors', 'rebiuld'], { DATABASE_URL: t.url });
      expect(bad.code).toBe(2);
    } finally {
      await t.cleanup();
    }
  });
});
