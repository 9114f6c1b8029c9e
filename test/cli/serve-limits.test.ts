import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/domain/community-rules.js';
import { createApiToken } from '../../src/store/api-tokens.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { buildRecord } from '../support/factories.js';
import { type Running, startServe, stopServe } from '../support/serve.js';
import { postgresFactory, type TestStore } from '../support/stores.js';

/**
 * Two `serve` processes on one PostgreSQL schema, as behind a load balancer: a per-user limit
 * counted in one process's memory would let each process grant the whole allowance.
 */
describe.skipIf(!postgresFactory.available)('per-user limits across two serve processes (postgres)', () => {
  let test: TestStore;
  const servers: Running[] = [];
  let auth = '';
  beforeAll(async () => {
    test = await postgresFactory.create();
    await upsertPapers(test.store, [buildRecord({ id: '2412.00011', title: 'Shared paper', dailyAt: '2026-11-27T09:00:00.000Z' })]);
    const user = await findOrCreateUser(test.store, 'two@example.org', 'two');
    auth = `Bearer ${(await createApiToken(test.store, user.id, 'script')).secret}`;
    const env = { DATABASE_URL: test.url, EMBEDDINGS: 'off', LOG_LEVEL: 'warn' };
    servers.push(...(await Promise.all([startServe(env), startServe(env)])));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => stopServe(s)));
    await test?.cleanup();
  });

  it('accepts exactly 10 of 30 parallel comments split over both processes', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const res = await fetch(`${servers[i % 2]!.base}/api/v1/papers/2412.00011/comments`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body: JSON.stringify({ body: `comment ${i}` }),
        });
        return { status: res.status, retryAfter: res.headers.get('retry-after'), server: i % 2 };
      }),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(LIMITS.commentsPer10Minutes);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.map((r) => r.status)).toEqual(refused.map(() => 429));
    for (const r of refused) expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
    // Both processes refused some: each one saw the other's comments.
    expect(new Set(refused.map((r) => r.server)).size).toBe(2);
    const rows = await test.store.db.selectFrom('comments').select('id').where('paper_id', '=', '2412.00011').execute();
    expect(rows).toHaveLength(LIMITS.commentsPer10Minutes);
  });
});
