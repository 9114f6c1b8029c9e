import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/store/api-tokens.js';
import { hidePaper } from '../../src/store/moderation.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { DETAIL, DETAIL_OPTIONAL, type Json, shapeProblems } from '../fixtures/compat/contract.js';
import { startArxivServer, type ArxivServer } from '../support/arxiv-server.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

/** The compatible API's writes (`Authorization: Bearer`), arXiv answered by the loopback test server. */

const NOW = new Date('2026-11-28T15:00:00Z');

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`compatible API writes with a Bearer token (${dialect.name})`, () => {
    let web: WebHarness;
    let arxiv: ArxivServer;
    let token = '';
    const post = async (path: string, body: unknown, auth: string | null = `Bearer ${token}`) => {
      const res = await fetch(web.url + path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) } });
      return { status: res.status, headers: res.headers, json: (await res.json()) as Json };
    };

    beforeAll(async () => {
      arxiv = await startArxivServer();
      web = await startWeb(dialect, { now: () => NOW, env: { ARXIV_API_URL: arxiv.apiUrl } });
      await upsertPapers(web.store, [
        buildRecord({ id: '2611.00001', title: 'Commented paper', dailyAt: '2026-11-27T09:00:00Z' }),
        buildRecord({ id: '2611.00003', title: 'Hidden paper', dailyAt: '2026-11-27T09:00:00Z' }),
      ]);
      const writer = await findOrCreateUser(web.store, 'writer@example.org', 'writer');
      const mod = await findOrCreateUser(web.store, 'mod@example.org', 'moderator');
      await hidePaper(web.store, mod.id, '2611.00003', 'spam');
      token = (await createApiToken(web.store, writer.id, 'compat tests', NOW)).secret;
    });
    afterAll(async () => {
      await web?.close();
      await arxiv?.close();
    });

    it('refuses writes without a valid token with 401 {"error"}', async () => {
      for (const auth of [null, 'Bearer pbt_nope', `Bearer pbt_${'a'.repeat(43)}`, 'Basic abc']) {
        const res = await post('/api/papers/2611.00001/comment', { comment: 'hi' }, auth);
        expect(res.status, String(auth)).toBe(401);
        expect(Object.keys(res.json)).toEqual(['error']);
      }
    });

    it('submits a paper from arXiv, credited and on today, with a first comment; an existing one answers 200', async () => {
      const added = await post('/api/papers/submit', { paper_id: 'arXiv:2603.01234v2', comment: 'Worth a read.' });
      expect(added.status).toBe(201);
      expect(shapeProblems(added.json, DETAIL, DETAIL_OPTIONAL)).toEqual([]);
      expect(added.json).toMatchObject({ id: '2603.01234', numComments: 1, submittedOnDailyAt: '2026-11-28T15:00:00.000Z', submittedOnDailyBy: { name: 'writer', type: 'user' } });
      expect(added.headers.get('ratelimit-policy')).toBe('"submissions";q=10;w=86400, "comments";q=10;w=600');
      const today = await fetch(`${web.url}/api/daily_papers?date=2026-11-28`).then((r) => r.json() as Promise<Json[]>);
      expect(today.map((i) => i.paper.id)).toEqual(['2603.01234']);
      expect(today[0]!.submittedBy.name).toBe('writer');
      const again = await post('/api/papers/submit', { paper_id: '2611.00001' });
      expect(again.status).toBe(200);
      expect(again.json.id).toBe('2611.00001');
      for (const [body, words] of [[{}, 'paper_id'], [{ paper_id: 'nonsense' }, 'invalid arXiv id'], [{ paper_id: '2611.00001', comment: '  ' }, 'comment']] as const) {
        const bad = await post('/api/papers/submit', body);
        expect(bad.status, JSON.stringify(body)).toBe(400);
        expect(bad.json.error).toContain(words);
      }
      expect((await post('/api/papers/submit', { paper_id: '2611.00003' })).status).toBe(404);
    });

    it('indexes a paper from arXiv without crediting anyone; unknown to arXiv is a 404', async () => {
      const res = await post('/api/papers/index', { arxivId: '2601.00077' });
      expect(res.status).toBe(201);
      expect(res.json.id).toBe('2601.00077');
      expect(res.json).not.toHaveProperty('submittedOnDailyBy');
      expect((await post('/api/papers/index', { arxivId: '2601.00077' })).status).toBe(200);
      const unknown = await post('/api/papers/index', { arxivId: '2601.09999' });
      expect(unknown.status).toBe(404);
      expect(unknown.json.error).toContain('2601.09999');
      expect((await post('/api/papers/index', { arxivId: 'x' })).status).toBe(400);
    });

    it('answers 202 with the queued state and a Location when arXiv does not answer', async () => {
      arxiv.configure({ unavailable: { count: 10, retryAfter: null } });
      try {
        const res = await post('/api/papers/submit', { paper_id: '2603.02001', comment: 'Later.' });
        expect(res.status).toBe(202);
        expect(res.headers.get('location')).toBe('/api/papers/2603.02001');
        expect(res.json).toMatchObject({ status: 'queued', paperId: '2603.02001' });
        expect(res.json.message).toContain('The comment was not posted');
      } finally {
        arxiv.configure({ unavailable: { count: 0 } });
      }
    });

    it('comments and replies one level deep, under the site rules and its rate limit', async () => {
      const top = await post('/api/papers/2611.00001v1/comment', { comment: 'A question about $k$.' });
      expect(top.status).toBe(201);
      expect(top.json).toMatchObject({ paperId: '2611.00001', parentId: null, comment: 'A question about $k$.', createdAt: '2026-11-28T15:00:00.000Z', author: { name: 'writer', type: 'user', isPro: false, avatarUrl: '' } });
      expect(typeof top.json.id).toBe('string');
      const reply = await post(`/api/papers/2611.00001/comment/${top.json.id}/reply`, { comment: 'An answer.' });
      expect(reply.json.parentId).toBe(top.json.id);
      const nested = await post(`/api/papers/2611.00001/comment/${reply.json.id}/reply`, { comment: 'A follow-up.' });
      expect(nested.json.parentId).toBe(top.json.id);
      const page = await fetch(`${web.url}/papers/2611.00001`).then((r) => r.text());
      expect(page).toContain('A follow-up.');
      for (const [path, body, status] of [
        ['/api/papers/2611.00001/comment/999999/reply', { comment: 'x' }, 404], [`/api/papers/2611.00001/comment/abc/reply`, { comment: 'x' }, 404],
        ['/api/papers/2611.00003/comment', { comment: 'x' }, 404], ['/api/papers/2611.09999/comment', { comment: 'x' }, 404],
        ['/api/papers/2611.00001/comment', { comment: '' }, 400], ['/api/papers/2611.00001/comment', {}, 400], ['/api/papers/2611.00001/comment', { comment: 'x'.repeat(10_001) }, 400],
      ] as const) {
        const res = await post(path, body);
        expect(res.status, path).toBe(status);
        expect(Object.keys(res.json)).toEqual(['error']);
      }
      let limited = await post('/api/papers/2611.00001/comment', { comment: 'again' });
      for (let i = 0; i < 12 && limited.status === 201; i++) limited = await post('/api/papers/2611.00001/comment', { comment: `again ${i}` });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('ratelimit')).toBe('"comments";r=0;t=600');
      expect(limited.headers.get('ratelimit-policy')).toBe('"comments";q=10;w=600');
      expect(limited.headers.get('retry-after')).toBe('600');
      expect(limited.json.error).toContain('10 comments');
    });
  });
}
