import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepRateLimits, takeRateLimit } from '../../src/store/rate-limits.js';
import { dialects, type TestStore } from '../support/stores.js';

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`rate limit buckets (${dialect.name})`, () => {
    let test: TestStore;
    beforeAll(async () => {
      test = await dialect.create();
    });
    afterAll(() => test?.cleanup());

    const t0 = Date.parse('2026-12-04T11:00:00.000Z');
    const at = (ms: number) => new Date(t0 + ms);

    it('grants exactly the limit of parallel takes, tells the wait, and starts a new window when the old one ends', async () => {
      const bucket = { key: 'test:parallel', limit: 7, windowMs: 60_000 };
      const takes = await Promise.all(Array.from({ length: 25 }, () => takeRateLimit(test.store, bucket, at(0))));
      expect(takes.filter((t) => t.taken)).toHaveLength(7);
      expect(await takeRateLimit(test.store, bucket, at(15_000))).toEqual({ taken: false, retryAfterMs: 45_000 });
      // A parallel request that read the clock before the window opened is told one window at most.
      expect(await takeRateLimit(test.store, bucket, at(-500))).toEqual({ taken: false, retryAfterMs: 60_000 });
      expect(await takeRateLimit(test.store, bucket, at(60_000))).toEqual({ taken: true });
      const again = await Promise.all(Array.from({ length: 10 }, () => takeRateLimit(test.store, bucket, at(60_001))));
      expect(again.filter((t) => t.taken)).toHaveLength(6);
      // Other keys have their own allowance.
      expect(await takeRateLimit(test.store, { ...bucket, key: 'test:other' }, at(60_001))).toEqual({ taken: true });
    });

    it('sweeps only the windows that have ended', async () => {
      await takeRateLimit(test.store, { key: 'test:old', limit: 1, windowMs: 1_000 }, at(0));
      await takeRateLimit(test.store, { key: 'test:live', limit: 1, windowMs: 600_000 }, at(0));
      await sweepRateLimits(test.store, at(5_000));
      const keys = (await test.store.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key);
      expect(keys).toContain('test:live');
      expect(keys).not.toContain('test:old');
    });
  });
}
