import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainSubmissions } from '../../src/jobs/submissions.js';
import { createApiToken } from '../../src/store/api-tokens.js';
import { papersSubmittedBy } from '../../src/store/feed.js';
import { upsertPapers } from '../../src/store/papers.js';
import { votedPaperIds } from '../../src/store/votes.js';
import { findOrCreateUser } from '../../src/store/users.js';
import type { Json } from '../fixtures/compat/contract.js';
import { startArxivServer, testArxivClient, type ArxivServer } from '../support/arxiv-server.js';
import { buildRecord } from '../support/factories.js';
import { latestPageChange } from '../../src/store/page-changes.js';
import { dialects } from '../support/stores.js';
import { pageChangesFollowed, sessionClient, startWeb, type WebHarness } from '../support/web.js';

/**
 * Submissions under load and under a slow arXiv: the daily limit holds for parallel requests,
 * "added" goes to exactly one of two simultaneous submitters, a paper already here gets the
 * submitter's upvote, and a stalled arXiv queues the submission instead of holding the request.
 */

const NOW = new Date('2026-11-28T15:00:00Z');

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`submissions (${dialect.name})`, () => {
    let web: WebHarness;
    let arxiv: ArxivServer;
    let clock = NOW;
    const tokenFor = async (name: string) => {
      const user = await findOrCreateUser(web.store, `${name}@example.org`, name);
      return { user, token: (await createApiToken(web.store, user.id, 'tests', NOW)).secret };
    };
    const post = async (path: string, token: string, body: unknown) => {
      const res = await fetch(web.url + path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
      return { status: res.status, headers: res.headers, json: (await res.json()) as Json };
    };
    const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => `2612.${String(from + i).padStart(5, '0')}`);

    beforeAll(async () => {
      arxiv = await startArxivServer({ apiSynthesize: true });
      web = await startWeb(dialect, { now: () => clock, env: { ARXIV_API_URL: arxiv.apiUrl } });
      await upsertPapers(web.store, [buildRecord({ id: '2611.00001', title: 'Known paper', dailyAt: '2026-11-27T09:00:00Z' })]);
    });
    afterAll(async () => {
      await web?.close();
      await arxiv?.close();
    });

    it('/api/v1/papers: 20 parallel submissions with a limit of 10 a day add and credit exactly 10', async () => {
      const { user, token } = await tokenFor('eager');
      const answers = await Promise.all(ids(100, 20).map((id) => post('/api/v1/papers', token, { id })));
      expect(answers.map((a) => a.status).sort()).toEqual([...Array(10).fill(201), ...Array(10).fill(429)]);
      expect(await papersSubmittedBy(web.store, user.id, 100)).toHaveLength(10);
    });

    it('/submit and /api/papers/submit hold the same limit under parallel requests', async () => {
      const site = await sessionClient(web, 'former@example.org');
      const csrf = /name="_csrf" value="([^"]+)"/.exec((await site.get('/submit')).text)![1]!;
      const pages = await Promise.all(ids(200, 20).map((id) => site.post('/submit', { _csrf: csrf, id })));
      expect(pages.map((p) => p.status).sort()).toEqual([...Array(10).fill(303), ...Array(10).fill(429)]);
      // The refused form says why, and carries the Retry-After every 429 does.
      for (const refused of pages.filter((p) => p.status === 429)) expect(refused.headers.get('retry-after')).toBe('3600');
      const { user, token } = await tokenFor('scripted');
      const answers = await Promise.all(ids(300, 20).map((id) => post('/api/papers/submit', token, { paper_id: id })));
      expect(answers.map((a) => a.status).sort()).toEqual([...Array(10).fill(201), ...Array(10).fill(429)]);
      expect(await papersSubmittedBy(web.store, user.id, 100)).toHaveLength(10);
    });

    it('of two users submitting the same new paper at once, one adds it (201, credited), the other upvotes it (200)', async () => {
      const a = await tokenFor('first');
      const b = await tokenFor('second');
      const [ra, rb] = await Promise.all([post('/api/v1/papers', a.token, { id: '2612.00400' }), post('/api/v1/papers', b.token, { id: 'arXiv:2612.00400v1' })]);
      expect([ra.status, rb.status].sort()).toEqual([200, 201]);
      const [winner, loser] = ra.status === 201 ? [a, b] : [b, a];
      expect((await papersSubmittedBy(web.store, winner.user.id, 10)).map((c) => c.id)).toEqual(['2612.00400']);
      expect(await papersSubmittedBy(web.store, loser.user.id, 10)).toEqual([]);
      expect((await votedPaperIds(web.store, loser.user.id, ['2612.00400'])).has('2612.00400')).toBe(true);
    });

    it('a paper already here adds the submitter\'s upvote and says so, on the page and in the API', async () => {
      const { user, token } = await tokenFor('latecomer');
      const res = await post('/api/v1/papers', token, { id: '2611.00001' });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ status: 'exists', upvoted: true, message: 'Already here — your upvote was added.', paper: { id: '2611.00001', upvotes: 1 } });
      expect(await papersSubmittedBy(web.store, user.id, 10)).toEqual([]);
      const site = await sessionClient(web, 'reader@example.org');
      const sent = await site.submit('/submit', '/submit', { id: 'https://arxiv.org/abs/2611.00001v1' });
      expect(sent.status).toBe(303);
      expect(sent.location).toBe('/papers/2611.00001?already=1');
      const page = await site.get(sent.location!);
      expect(page.text).toContain('Already here — your upvote was added.');
      expect((await site.get('/papers/2611.00001')).text).not.toContain('Already here');
      expect((await post('/api/papers/submit', token, { paper_id: '2611.00001' })).status).toBe(200);
    });

    it('submitting a paper one has upvoted already, again and again, leaves the anonymous page cache alone', async () => {
      const { token } = await tokenFor('resubmitter');
      expect((await post('/api/v1/papers', token, { id: '2611.00001' })).status).toBe(200);
      const anonymous = async () => (await fetch(`${web.url}/papers/2611.00001`)).text();
      const cache = web.app.pageCache;
      await pageChangesFollowed();
      expect(await anonymous()).toContain('Known paper');
      const [misses, changes] = [cache.misses, await latestPageChange(web.store)];
      // Repeats: nothing announced to any process, and this one's cached page is served on.
      for (let i = 0; i < 3; i++) expect((await post('/api/v1/papers', token, { id: '2611.00001' })).json).toMatchObject({ status: 'exists', upvoted: true });
      expect(await latestPageChange(web.store)).toBe(changes);
      await anonymous();
      expect(cache.misses).toBe(misses);
      // A new upvote does change the page: the page is rendered anew.
      expect((await post('/api/v1/papers', (await tokenFor('newcomer')).token, { id: '2611.00001' })).status).toBe(200);
      expect(await latestPageChange(web.store)).toBeGreaterThan(changes);
      await anonymous();
      expect(cache.misses).toBe(misses + 1);
    });

    it('with arXiv stalled, answers at once that the submission is queued, and the job finishes it later', async () => {
      const { user, token } = await tokenFor('patient');
      const site = await sessionClient(web, 'patient@example.org');
      arxiv.configure({ stall: true });
      // SUBMIT_WAIT_MS of 300 ms instead of 10 s (the handlers read this config object), so the case runs in a second.
      web.config.arxiv.submitWaitMs = 300;
      try {
        const api = await post('/api/v1/papers', token, { id: '2612.00500' });
        expect(api.status).toBe(202);
        expect(api.headers.get('location')).toBe('/api/v1/papers/2612.00500');
        expect(api.json).toMatchObject({ status: 'queued', paper_id: '2612.00500' });
        const compat = await post('/api/papers/submit', token, { paper_id: '2612.00501' });
        expect(compat.status).toBe(202);
        expect(compat.headers.get('location')).toBe('/api/papers/2612.00501');
        expect(compat.json).toMatchObject({ status: 'queued', paperId: '2612.00501' });
        const index = await post('/api/papers/index', token, { arxivId: '2612.00502' });
        expect(index.status).toBe(202);
        const form = await site.submit('/submit', '/submit', { id: '2612.00503' });
        expect(form.status).toBe(202);
        expect(form.text).toContain('queued');
        const profile = await site.get('/u/patient');
        expect(profile.text).toContain('2612.00503');
        expect(profile.text).toContain('waiting for arXiv');
      } finally {
        arxiv.configure({ stall: false });
        web.config.arxiv.submitWaitMs = 10_000;
      }
      clock = new Date(NOW.getTime() + 3_600_000);
      try {
        const done = await drainSubmissions(web.store, testArxivClient(), arxiv.apiUrl, { now: clock });
        expect(done).toMatchObject({ added: 4, failed: 0, retried: 0 });
      } finally {
        clock = NOW;
      }
      // The index request brings the paper in credited to no one; the three submissions are the user's.
      expect((await papersSubmittedBy(web.store, user.id, 10)).map((c) => c.id).sort()).toEqual(['2612.00500', '2612.00501', '2612.00503']);
      expect((await fetch(`${web.url}/api/v1/papers/2612.00502`)).status).toBe(200);
      expect((await site.get('/u/patient')).text).not.toContain('waiting for arXiv');
    });

    it('the job tries again on its schedule while arXiv fails, and gives up on a paper arXiv rejects', async () => {
      const { user, token } = await tokenFor('unlucky');
      const site = await sessionClient(web, 'unlucky@example.org');
      arxiv.configure({ unavailable: { count: 1000, retryAfter: null }, apiRejectIds: ['2612.00601'] });
      try {
        expect((await post('/api/v1/papers', token, { id: '2612.00600' })).json).toMatchObject({ status: 'queued', attempts: 1 });
        expect((await post('/api/v1/papers', token, { id: '2612.00601' })).status).toBe(202);
        // A minute after the request: the first is due, still failing; the run stops at arXiv's first failure.
        clock = new Date(NOW.getTime() + 61_000);
        expect(await drainSubmissions(web.store, testArxivClient({ maxRetries: 0 }), arxiv.apiUrl, { now: clock })).toEqual({ added: 0, exists: 0, retried: 1, failed: 0 });
        arxiv.configure({ unavailable: { count: 0 } });
        // Both due again 5 minutes after that failure: one arrives, the other is refused by arXiv for good.
        clock = new Date(NOW.getTime() + 61_000 + 300_000);
        expect(await drainSubmissions(web.store, testArxivClient(), arxiv.apiUrl, { now: clock })).toEqual({ added: 1, exists: 0, retried: 0, failed: 1 });
        expect((await papersSubmittedBy(web.store, user.id, 10)).map((c) => c.id)).toEqual(['2612.00600']);
        const profile = (await site.get('/u/unlucky')).text;
        expect(profile).toContain('2612.00601');
        expect(profile).toContain('failed');
        expect(profile).not.toContain('waiting for arXiv');
      } finally {
        arxiv.configure({ unavailable: { count: 0 }, apiRejectIds: [] });
        clock = NOW;
      }
    });
  });
}
