import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/domain/community-rules.js';
import { createApiToken } from '../../src/store/api-tokens.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { buildRecord } from '../support/factories.js';
import { latestPageChange } from '../../src/store/page-changes.js';
import { dialects, sqliteFactory } from '../support/stores.js';
import { csrfOf, pageChangesFollowed, sessionClient, startWeb, type WebHarness, type WebResponse } from '../support/web.js';

const DAY = '2026-11-27T09:00:00.000Z';

/** Every refusal is a 429 that says when to come back, within the limit's window. */
function expectRefusals(results: WebResponse[], accepted: (r: WebResponse) => boolean, allowed: number, windowSeconds: number): void {
  expect(results.filter(accepted)).toHaveLength(allowed);
  const refused = results.filter((r) => !accepted(r));
  expect(refused.map((r) => r.status)).toEqual(refused.map(() => 429));
  for (const r of refused) {
    const wait = Number(r.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(windowSeconds);
  }
}

const parallel = <T>(n: number, f: (i: number) => Promise<T>): Promise<T[]> => Promise.all(Array.from({ length: n }, (_, i) => f(i)));

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`write limits under parallel requests (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect);
      await upsertPapers(web.store, [
        buildRecord({ id: '2412.00001', title: 'Talked-about paper', dailyAt: DAY }),
        buildRecord({ id: '2412.00002', title: 'Voted paper', dailyAt: DAY }),
        buildRecord({ id: '2412.00003', title: 'Cached paper', dailyAt: DAY }),
      ]);
    });
    afterAll(() => web?.close());

    const bearer = async (email: string): Promise<Record<string, string>> => {
      const user = await findOrCreateUser(web.store, email, email.split('@')[0]!);
      return { authorization: `Bearer ${(await createApiToken(web.store, user.id, 'script')).secret}` };
    };

    it('accepts exactly 10 of 40 parallel comments from one user, on the site form and the APIs together', async () => {
      const c = await sessionClient(web, 'talker@example.org');
      const csrf = csrfOf((await c.get('/papers/2412.00001')).text);
      const auth = await bearer('talker@example.org');
      const results = await parallel(40, async (i): Promise<WebResponse> => {
        if (i % 3 === 0) return c.post('/comments', { _csrf: csrf, paper: '2412.00001', body: `form comment ${i}` });
        const path = i % 3 === 1 ? '/api/v1/papers/2412.00001/comments' : '/api/papers/2412.00001/comment';
        const res = await fetch(web.url + path, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(i % 3 === 1 ? { body: `api comment ${i}` } : { comment: `compat comment ${i}` }) });
        return { status: res.status, headers: res.headers, text: await res.text(), location: null };
      });
      expectRefusals(results, (r) => r.status === 303 || r.status === 201, LIMITS.commentsPer10Minutes, 600);
      const rows = await web.store.db.selectFrom('comments').select('id').where('paper_id', '=', '2412.00001').execute();
      expect(rows).toHaveLength(LIMITS.commentsPer10Minutes);
    });

    it('mails exactly 5 of 15 parallel sign-in requests for one address', async () => {
      const c = web.client();
      const csrf = csrfOf((await c.get('/login')).text);
      const results = await parallel(15, () => c.post('/login', { _csrf: csrf, email: 'flooded@example.org', next: '/' }));
      expectRefusals(results, (r) => r.status === 200, LIMITS.loginMailsPerHour, 3600);
      const tokens = await web.store.db.selectFrom('login_tokens').select('token_hash').where('email', '=', 'flooded@example.org').execute();
      expect(tokens).toHaveLength(LIMITS.loginMailsPerHour);
    });

    it('sends exactly 3 of 10 parallel subscription mails to one address', async () => {
      const c = web.client();
      const results = await parallel(10, () => c.post('/subscribe', { email: 'list@example.org', frequency: 'daily', categories: 'cs.CL' }));
      expectRefusals(results, (r) => r.status === 200, 3, 3600);
    });

    it(`takes exactly ${LIMITS.votesPerMinute} of 80 parallel votes a minute from one user, on the site and /api/v1 together`, async () => {
      const c = await sessionClient(web, 'voter@example.org');
      const csrf = csrfOf((await c.get('/papers/2412.00002')).text);
      const auth = await bearer('voter@example.org');
      const results = await parallel(80, async (i): Promise<WebResponse> => {
        if (i % 2 === 0) return c.post('/vote', { _csrf: csrf, paper: '2412.00002', vote: String((i / 2) % 2) }, { accept: 'application/json' });
        const res = await fetch(`${web.url}/api/v1/papers/2412.00002/vote`, { method: i % 4 === 1 ? 'PUT' : 'DELETE', headers: auth });
        return { status: res.status, headers: res.headers, text: await res.text(), location: null };
      });
      expectRefusals(results, (r) => r.status === 200, LIMITS.votesPerMinute, 60);
    });

    it('a vote that changes nothing leaves the anonymous page cache alone; one that changes something clears it', async () => {
      const c = await sessionClient(web, 'repeater@example.org');
      const csrf = csrfOf((await c.get('/papers/2412.00003')).text);
      const vote = (v: string) => c.post('/vote', { _csrf: csrf, paper: '2412.00003', vote: v }, { accept: 'application/json' });
      const anonymous = async () => (await fetch(`${web.url}/papers/2412.00003`)).text();
      const cache = web.app.pageCache;
      expect((await vote('1')).status).toBe(200);
      await pageChangesFollowed();
      expect(await anonymous()).toContain('Cached paper');
      const [misses, changes] = [cache.misses, await latestPageChange(web.store)];
      // Repeats: nothing announced to any process, and this one's cached page is served on.
      for (let i = 0; i < 5; i++) expect(JSON.parse((await vote('1')).text)).toMatchObject({ voted: true });
      expect(await latestPageChange(web.store)).toBe(changes);
      expect(await anonymous()).toContain('Cached paper');
      expect(cache.misses).toBe(misses);
      // A vote taken back changes the count: the page is rendered anew.
      expect((await vote('0')).status).toBe(200);
      expect(await latestPageChange(web.store)).toBeGreaterThan(changes);
      await anonymous();
      expect(cache.misses).toBe(misses + 1);
    });
  });
}

/** The read limit is counted in memory, per process: one dialect is enough. */
describe('one read limit per address on every public read path', () => {
  const PER_MINUTE = 30;
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWeb(sqliteFactory, { env: { READ_LIMIT_PER_MINUTE: String(PER_MINUTE) } });
    await upsertPapers(web.store, [buildRecord({ id: '2412.00009', title: 'Read paper', dailyAt: DAY })]);
  });
  afterAll(() => web?.close());

  it('counts the compatible API, /api/v1, the search page, feeds and pages against one budget, never assets or /healthz', async () => {
    const home = await fetch(`${web.url}/papers/date/2026-11-27`);
    const css = /href="(\/assets\/site\.[^"]+\.css)"/.exec(await home.text())?.[1];
    expect(css).toBeDefined();
    const paths = ['/api/papers/search?q=paper', '/api/daily_papers', '/api/v1/search?q=paper', '/api/v1/trending', '/search?q=paper', '/feeds/daily.rss', '/papers/2412.00009'];
    const results = await parallel(40, async (i) => {
      const res = await fetch(web.url + paths[i % paths.length]!);
      return { status: res.status, headers: res.headers, text: await res.text(), location: null, path: paths[i % paths.length]! };
    });
    expectRefusals(results, (r) => r.status !== 429, PER_MINUTE - 1, 60);
    const refused = results.filter((r) => r.status === 429);
    for (const r of refused.filter((x) => x.path.startsWith('/api/papers') || x.path.startsWith('/api/daily'))) expect(Object.keys(JSON.parse(r.text))).toEqual(['error']);
    for (const r of refused.filter((x) => x.path.startsWith('/api/v1'))) expect(JSON.parse(r.text)).toMatchObject({ error: { code: 'rate_limited' } });
    for (const r of refused.filter((x) => !x.path.startsWith('/api/'))) expect(r.text).toContain('Slow down');
    for (let i = 0; i < 5; i++) {
      expect((await fetch(`${web.url}/healthz`)).status).toBe(200);
      expect((await fetch(web.url + css!)).status).toBe(200);
    }
  });
});
