import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { upsertSubscriber } from '../../src/store/subscribers.js';
import { runCli } from '../support/cli.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory, type TestStore } from '../support/stores.js';

/** Nothing listens on port 2 of loopback: every connection is refused at once. */
const DEAD = 'http://127.0.0.1:2';
const DAY = '2026-12-02';

/** README: 0 on success, 1 on failure, 2 on bad input. A remote service failing is a failure, not bad input. */
describe('exit codes when an upstream service fails', () => {
  let db: TestStore;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await sqliteFactory.create();
    await upsertPapers(db.store, [buildRecord({ id: '2612.10001', title: 'Sparse attention for long documents', dailyAt: `${DAY}T10:00:00.000Z` })]);
    await upsertSubscriber(db.store, 'reader@example.org', { frequency: 'daily', topics: { categories: [], queries: [] }, size: 5 }, true, new Date());
    env = { DATABASE_URL: db.url, ARXIV_MAX_RETRIES: '0', ARXIV_REQUEST_INTERVAL_MS: '1' };
  });
  afterAll(() => db?.cleanup());

  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ['arXiv (feed and harvest)', ['ingest', 'arxiv', '--categories', 'cs.CL'], {}, /127\.0\.0\.1:2/],
    ['arXiv API', ['ingest', 'arxiv', '--ids', '2401.01234'], {}, /127\.0\.0\.1:2\/api\/query/],
    ['SMTP', ['digest', 'send', '--date', DAY], { SMTP_URL: 'smtp://127.0.0.1:2' }, /ECONNREFUSED|127\.0\.0\.1:2/],
    ['embedding server (search)', ['search', 'sparse attention'], { EMBEDDINGS: 'http', EMBEDDINGS_URL: DEAD, EMBEDDINGS_MODEL: 'm' }, /embedding server/],
    ['embedding server (reindex)', ['reindex'], { EMBEDDINGS: 'http', EMBEDDINGS_URL: DEAD, EMBEDDINGS_MODEL: 'm' }, /embedding server/],
  ];
  for (const [what, args, extra, message] of cases) {
    it(`${what}: exits 1 with a line saying what failed`, async () => {
      const r = await runCli(args, { ...env, ...extra });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    });
  }

  it('bad input still exits 2', async () => {
    const r = await runCli(['ingest', 'arxiv', '--from', 'yesterday'], env);
    expect(r.code).toBe(2);
  });
});
