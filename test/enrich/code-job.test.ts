import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCodeJob } from '../../src/enrich/code-job.js';
import { GithubClient } from '../../src/enrich/github-client.js';
import { upsertPapers } from '../../src/store/papers.js';
import { githubRepo, papersByStarVelocity, reposOfPaper, starHistory, starVelocity } from '../../src/store/repos.js';
import { buildRecord } from '../support/factories.js';
import { etagOf, type GithubServer, startGithubServer } from '../support/github-server.js';
import { dialects, type TestStore } from '../support/stores.js';

const DAY = 86_400_000;
const T0 = new Date('2024-01-05T12:00:00.000Z');

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`code job (${dialect.name})`, () => {
    let gh: GithubServer;
    let test: TestStore;
    let clock: Date;

    beforeAll(async () => {
      gh = await startGithubServer();
    });
    afterAll(async () => {
      await gh.close();
    });
    beforeEach(async () => {
      test = await dialect.create();
      gh.repos.clear();
      gh.renames.clear();
      gh.requests.length = 0;
      gh.queued.length = 0;
      for (const k of Object.keys(gh.extraHeaders)) delete gh.extraHeaders[k];
      clock = T0;
    });
    afterEach(async () => {
      await test.cleanup();
    });

    const client = (token: string | null = null) => new GithubClient({ apiUrl: gh.url, token, userAgent: 'paperboy-test', timeoutMs: 5000, now: () => clock });
    const run = (c = client(), over: { ids?: string[]; limit?: number } = {}) => runCodeJob({ store: test.store, client: c, enabled: true, now: () => clock }, over);

    async function papers() {
      await upsertPapers(test.store, [
        buildRecord({ id: '2401.00001', abstract: 'Code: https://github.com/Acme/Fast-Attn.', feedDate: '2024-01-04' } as never),
        buildRecord({ id: '2401.00002', abstract: 'See https://github.com/old/name and https://github.com/gone/away.', githubUrl: 'https://github.com/acme/archived-thing' }),
      ]);
      gh.add({ id: 1, fullName: 'acme/fast-attn', stars: 1200, forks: 30, license: 'Apache-2.0', pushedAt: '2024-01-03T10:00:00Z' });
      gh.add({ id: 2, fullName: 'new-owner/new-name', stars: 40 });
      gh.renames.set('old/name', 2);
      gh.add({ id: 3, fullName: 'acme/archived-thing', stars: 7, archived: true, license: null });
    }

    it('finds every paper\'s repositories, then stores stars, renames, deletions and the archived flag (REST)', async () => {
      await papers();
      const r = await run();
      expect(r).toMatchObject({ papersLinked: 2, fetched: 2, renamed: 1, missing: 1, failed: 0, pausedUntil: null });
      // 4 repositories, one of them renamed: 5 requests (the 301 and the new address).
      expect(r.requests).toBe(5);
      expect((await reposOfPaper(test.store, '2401.00002')).map((x) => `${x.key} ${x.source}`)).toEqual(['acme/archived-thing import', 'gone/away abstract', 'old/name abstract']);
      expect(await githubRepo(test.store, 'acme/fast-attn')).toMatchObject({ fullName: 'acme/fast-attn', stars: 1200, forks: 30, license: 'Apache-2.0', pushedAt: '2024-01-03T10:00:00Z', archived: false, status: 'ok' });
      expect(await githubRepo(test.store, 'old/name')).toMatchObject({ status: 'renamed', renamedTo: 'new-owner/new-name', fullName: 'new-owner/new-name', stars: 40 });
      expect(await githubRepo(test.store, 'gone/away')).toMatchObject({ status: 'missing', stars: null, nextFetchAt: new Date(T0.getTime() + 7 * DAY).toISOString() });
      expect(await githubRepo(test.store, 'acme/archived-thing')).toMatchObject({ archived: true, license: null, status: 'ok' });
      // Popular: again in 6 hours. Paper 2's feed day is its submission (2024-01-02): young too.
      expect((await githubRepo(test.store, 'acme/fast-attn'))!.nextFetchAt).toBe(new Date(T0.getTime() + 6 * 3_600_000).toISOString());
      // Nothing due now: no request.
      const again = await run();
      expect(again.requests).toBe(0);
    });

    it('asks again with the ETag and keeps the row on a 304', async () => {
      await papers();
      await run();
      gh.requests.length = 0;
      clock = new Date(T0.getTime() + 7 * 3_600_000);
      const r = await run();
      expect(r.notModified).toBe(3);
      const fast = gh.requests.find((q) => q.path === '/repos/Acme/Fast-Attn')!;
      expect(fast.ifNoneMatch).toBe(etagOf(gh.repos.get('acme/fast-attn')!));
      expect(await githubRepo(test.store, 'acme/fast-attn')).toMatchObject({ stars: 1200, fetchedAt: clock.toISOString() });
    });

    it('an old paper\'s small repository waits 3 days', async () => {
      await upsertPapers(test.store, [buildRecord({ id: '2301.00001', submittedAt: '2023-01-02T00:00:00.000Z', abstract: 'https://github.com/small/repo' })]);
      gh.add({ id: 9, fullName: 'small/repo', stars: 3 });
      await run();
      expect((await githubRepo(test.store, 'small/repo'))!.nextFetchAt).toBe(new Date(T0.getTime() + 3 * DAY).toISOString());
    });

    it('pauses on a primary rate limit until its reset, sending nothing before', async () => {
      await papers();
      const reset = Math.floor(T0.getTime() / 1000) + 3600;
      gh.queued.push({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } });
      const r = await run();
      expect(r.requests).toBe(1);
      expect(r.pausedUntil?.getTime()).toBe(reset * 1000);
      clock = new Date(T0.getTime() + 30 * 60_000);
      const during = await run();
      expect(during.requests).toBe(0);
      expect(during.pausedUntil?.getTime()).toBe(reset * 1000);
      clock = new Date(reset * 1000 + 1000);
      const after = await run();
      expect(after.pausedUntil).toBeNull();
      expect(after.fetched + after.renamed + after.missing).toBe(4);
    });

    it('stops before the next request when an answer says none is left', async () => {
      await papers();
      const reset = Math.floor(T0.getTime() / 1000) + 600;
      Object.assign(gh.extraHeaders, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });
      const r = await run();
      expect(r.requests).toBe(1);
      expect(r.pausedUntil?.getTime()).toBe(reset * 1000);
    });

    it('pauses on a secondary limit for retry-after seconds (429 and 403)', async () => {
      await papers();
      gh.queued.push({ status: 429, headers: { 'retry-after': '120' } });
      const r = await run();
      expect(r.pausedUntil?.toISOString()).toBe(new Date(T0.getTime() + 120_000).toISOString());
      clock = new Date(T0.getTime() + 121_000);
      gh.queued.push({ status: 403, headers: { 'retry-after': '30' }, body: '{"message":"You have exceeded a secondary rate limit"}' });
      const r2 = await run();
      expect(r2.requests).toBe(1);
      expect(r2.pausedUntil?.toISOString()).toBe(new Date(clock.getTime() + 30_000).toISOString());
    });

    it('with a token, asks GraphQL 50 repositories at a time', async () => {
      const records = Array.from({ length: 120 }, (_, i) => buildRecord({ id: `2401.${String(20000 + i)}`, abstract: `Code at https://github.com/org${i}/repo${i}.` }));
      await upsertPapers(test.store, records);
      for (let i = 0; i < 120; i++) if (i !== 7) gh.add({ id: 100 + i, fullName: `org${i}/repo${i}`, stars: i });
      const r = await run(client('secret-token'));
      expect(r.requests).toBe(3);
      expect(gh.requests.every((q) => q.method === 'POST' && q.path === '/graphql' && q.authorization === 'Bearer secret-token')).toBe(true);
      expect(r).toMatchObject({ fetched: 119, missing: 1 });
      expect(await githubRepo(test.store, 'org7/repo7')).toMatchObject({ status: 'missing' });
      expect(await githubRepo(test.store, 'org42/repo42')).toMatchObject({ stars: 42, status: 'ok' });
    });

    it('keeps one star count a day, and ranks papers by stars gained in 7 days', async () => {
      await upsertPapers(test.store, [
        buildRecord({ id: '2401.00011', abstract: 'https://github.com/a/steady' }),
        buildRecord({ id: '2401.00012', abstract: 'https://github.com/b/rocket' }),
      ]);
      gh.add({ id: 21, fullName: 'a/steady', stars: 5000 });
      gh.add({ id: 22, fullName: 'b/rocket', stars: 10 });
      for (let day = 0; day <= 9; day++) {
        clock = new Date(T0.getTime() + day * DAY);
        gh.repos.get('a/steady')!.stars = 5000 + day * 2;
        gh.repos.get('b/rocket')!.stars = 10 + day * 100;
        await run(client(), { ids: ['2401.00011', '2401.00012'] });
        // A second run the same day replaces that day's count.
        if (day === 3) await run(client(), { ids: ['2401.00011'] });
      }
      const history = await starHistory(test.store, 'b/rocket');
      expect(history).toHaveLength(10);
      expect(history.at(-1)).toEqual({ day: '2024-01-14', stars: 910 });
      // Day 9 against day 2 (7 days before): 910 - 210.
      expect(await starVelocity(test.store, 'b/rocket', '2024-01-14')).toBe(700);
      expect(await starVelocity(test.store, 'a/steady', '2024-01-14')).toBe(14);
      const ranked = await papersByStarVelocity(test.store, { from: '2023-12-01', to: '2024-01-31', today: '2024-01-14', limit: 10 });
      expect(ranked.map((p) => p.id)).toEqual(['2401.00012', '2401.00011']);
    });

    it('GITHUB=off asks nothing', async () => {
      await papers();
      const r = await runCodeJob({ store: test.store, client: client(), enabled: false });
      expect(r).toMatchObject({ disabled: true, requests: 0 });
      expect(gh.requests).toHaveLength(0);
    });
  });
}
