import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment } from '../../src/store/comments.js';
import { hidePaper } from '../../src/store/moderation.js';
import { upsertPapers } from '../../src/store/papers.js';
import { creditSubmission } from '../../src/store/submissions.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { DETAIL, DETAIL_OPTIONAL, ERROR, expectShape, fixture, ITEM, ITEM_OPTIONAL, type Json, LIST_ITEM, LIST_OPTIONAL, shapeProblems } from '../fixtures/compat/contract.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const NOW = new Date('2026-11-28T15:00:00Z');

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`compatible API (${dialect.name})`, () => {
    let web: WebHarness;
    let curatorId = 0;
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await fetch(web.url + path, { headers });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, json: (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined };
    };
    const ids = (body: Json[]) => body.map((i) => (i.paper ? i.paper.id : i.id) as string);

    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
      await upsertPapers(web.store, [
        buildRecord({ id: '2611.00001', title: 'Loved paper\n  on two lines', abstract: 'Abstract of the loved paper.', dailyAt: '2026-11-27T09:00:00Z', upvotes: 40, githubUrl: 'https://github.com/example/loved', projectUrl: 'https://example.org/loved', submittedAt: '2026-11-26T18:00:00Z', versions: [{ version: 1, submittedAt: '2026-11-26T18:00:00Z' }] }),
        buildRecord({ id: '2611.00002', title: 'Middling paper', dailyAt: '2026-11-27T10:00:00.000Z', upvotes: 5 }),
        buildRecord({ id: '2611.00003', title: 'Hidden spam paper', dailyAt: '2026-11-27T10:00:00.000Z', upvotes: 100 }),
        buildRecord({ id: '2611.00004', title: 'Submitted paper', dailyAt: '2026-11-27T11:00:00.000Z', upvotes: 1 }),
        buildRecord({ id: '2611.00005', title: 'Earlier paper', dailyAt: '2026-11-25T09:00:00.000Z', upvotes: 2 }),
        buildRecord({ id: '2611.00009', title: 'Paper of tomorrow', dailyAt: '2026-11-29T09:00:00.000Z' }),
        buildRecord({ id: 'hep-th/9901001', title: 'Old-style strings', submittedAt: '1999-01-04T00:00:00Z', updatedAt: '1999-01-04T00:00:00Z', versions: [{ version: 1, submittedAt: '1999-01-04T00:00:00Z' }] }),
        ...Array.from({ length: 120 }, (_, i) => buildRecord({ id: `2610.${10000 + i}`, title: `Bulk paper ${i}`, dailyAt: '2026-10-05T09:00:00.000Z' })),
      ]);
      const curator = await findOrCreateUser(web.store, 'curator@example.org', 'curator');
      curatorId = curator.id;
      const mod = await findOrCreateUser(web.store, 'mod@example.org', 'moderator');
      await creditSubmission(web.store, '2611.00004', curator.id, NOW);
      await creditSubmission(web.store, '2611.00003', curator.id, NOW);
      await addComment(web.store, { paperId: '2611.00001', userId: curator.id, parentId: null, body: 'Nice', now: NOW });
      await hidePaper(web.store, mod.id, '2611.00003', 'spam');
      await web.search.start();
    });
    afterAll(() => web?.close());

    it('lists a day as Items of the public shape, most upvoted first, hidden and future papers left out', async () => {
      const res = await get('/api/daily_papers?date=2026-11-27');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(ids(res.json)).toEqual(['2611.00001', '2611.00002', '2611.00004']);
      expectShape(res.json, ITEM, ITEM_OPTIONAL);
      const [loved, , submitted] = res.json as Json[];
      expect(loved).toMatchObject({
        publishedAt: '2026-11-27T09:00:00.000Z', title: 'Loved paper on two lines', summary: 'Abstract of the loved paper.', thumbnail: '', numComments: 1, isAuthorParticipating: false,
        submittedBy: { _id: '', name: '', fullname: '', avatarUrl: '', type: 'user', isPro: false },
        paper: {
          id: '2611.00001', publishedAt: '2026-11-26T18:00:00.000Z', submittedOnDailyAt: '2026-11-27T09:00:00.000Z', upvotes: 40, discussionId: '2611.00001',
          githubRepo: 'https://github.com/example/loved', projectPage: 'https://example.org/loved', authors: [{ _id: '', name: 'Ada Lovelace', hidden: false }, { _id: '', name: 'Alan Turing', hidden: false }],
        },
      });
      expect(loved!.paper.title).toBe('Loved paper\n  on two lines');
      expect(loved!.paper).not.toHaveProperty('submittedOnDailyBy');
      const curator = { _id: String(curatorId), name: 'curator', fullname: 'curator', avatarUrl: '', type: 'user', isPro: false };
      expect(submitted!.submittedBy).toEqual(curator);
      expect(submitted!.paper.submittedOnDailyBy).toEqual(curator);
    });

    it('lists weeks, months, the latest day, trending and a submitter without hidden papers', async () => {
      expect(ids((await get('/api/daily_papers?week=2026-W48')).json)).toEqual(['2611.00001', '2611.00002', '2611.00005', '2611.00004']);
      expect(ids((await get('/api/daily_papers?month=2026-11&limit=3')).json)).toEqual(['2611.00001', '2611.00002', '2611.00005']);
      expect(ids((await get('/api/daily_papers')).json)).toEqual(['2611.00001', '2611.00002', '2611.00004']);
      const trending = ids((await get('/api/daily_papers?sort=trending')).json);
      expect(trending[0]).toBe('2611.00001');
      expect(trending).toContain('2611.00005');
      expect(trending).not.toContain('2611.00003');
      expect(ids((await get('/api/daily_papers?date=2026-11-27&sort=trending')).json).sort()).toEqual(['2611.00001', '2611.00002', '2611.00004']);
      expect(ids((await get('/api/daily_papers?submitter=curator')).json)).toEqual(['2611.00004']);
      expect(ids((await get('/api/daily_papers?submitter=curator&week=2026-W48&sort=trending')).json)).toEqual(['2611.00004']);
      expect((await get('/api/daily_papers?submitter=curator&date=2026-11-25')).json).toEqual([]);
      expect((await get('/api/daily_papers?submitter=nobody')).json).toEqual([]);
      expect((await get('/api/daily_papers?date=2026-11-26')).json).toEqual([]);
    });

    it('pages with p and limit: Link to the next page while there is one, [] past the end', async () => {
      const seen: string[] = [];
      for (let p = 0; p < 3; p++) {
        const res = await get(`/api/daily_papers?date=2026-10-05&limit=50&p=${p}`);
        expect(res.json).toHaveLength(p < 2 ? 50 : 20);
        seen.push(...ids(res.json));
        const link = res.headers.get('link');
        if (p < 2) expect(link).toBe(`<${web.url}/api/daily_papers?date=2026-10-05&limit=50&p=${p + 1}>; rel="next"`);
        else expect(link).toBeNull();
      }
      expect(new Set(seen).size).toBe(120);
      const past = await get('/api/daily_papers?date=2026-10-05&p=3');
      expect(past.status).toBe(200);
      expect(past.json).toEqual([]);
      expect(past.headers.get('link')).toBeNull();
      expect((await get('/api/daily_papers?date=2026-10-05')).json).toHaveLength(50);
    });

    it.each([
      ['date=2024-13-45', 'date'], ['date=yesterday', 'date'], ['date=2026-11-29', 'future'], ['date=2030-01-01', 'future'],
      ['week=2024-W99', 'week'], ['week=2027-W01', 'future'], ['month=2024-13', 'month'], ['month=2027-01', 'future'],
      ['date=2026-11-27&week=2026-W48', 'one of'], ['limit=0', 'limit'], ['limit=101', 'limit'], ['limit=abc', 'limit'], ['limit=1.5', 'limit'],
      ['p=-1', 'p'], ['p=x', 'p'], ['sort=hot', 'sort'], ['limit=5&limit=6', 'limit'], [`submitter=${'x'.repeat(101)}`, 'submitter'],
    ])('answers /api/daily_papers?%s with a 400 {"error"} naming the problem', async (query, words) => {
      const res = await get(`/api/daily_papers?${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(Object.keys(res.json)).toEqual(['error']);
      expect(typeof res.json.error).toBe('string');
      expect(res.json.error).toContain(words);
    });

    it('answers a paper by id, with or without version, flat with the linked* fields', async () => {
      const res = await get('/api/papers/2611.00001');
      expect(res.status).toBe(200);
      expect(shapeProblems(res.json, DETAIL, DETAIL_OPTIONAL)).toEqual([]);
      expect(res.json).toMatchObject({
        id: '2611.00001', title: 'Loved paper\n  on two lines', numComments: 1, githubRepo: 'https://github.com/example/loved', githubStars: 0, ai_summary: '', ai_keywords: [],
        linkedModels: [], numTotalModels: 0, linkedDatasets: [], numTotalDatasets: 0, linkedSpaces: [], numTotalSpaces: 0, discussionId: '2611.00001',
      });
      expect((await get('/api/papers/2611.00001v1')).json).toEqual(res.json);
      const old = await get('/api/papers/hep-th/9901001');
      expect(old.status).toBe(200);
      expect(shapeProblems(old.json, DETAIL, DETAIL_OPTIONAL)).toEqual([]);
      expect(old.json).toMatchObject({ id: 'hep-th/9901001', publishedAt: '1999-01-04T00:00:00.000Z', projectPage: '', githubRepo: '' });
      expect((await get('/api/papers/hep-th%2F9901001')).json.id).toBe('hep-th/9901001');
    });

    it.each(['2611.09999', '2611.00003', 'not-an-id', '2611.00001/extra'])('answers /api/papers/%s with 404 {"error": "Paper not found"}', async (id) => {
      const res = await get(`/api/papers/${id}`);
      expect(res.status).toBe(404);
      expect(res.json).toEqual(ERROR);
    });

    it('lists all papers newest first with cursor paging, hidden ones left out', async () => {
      const first = await get('/api/papers?limit=4');
      expect(first.status).toBe(200);
      expectShape(first.json, LIST_ITEM, LIST_OPTIONAL);
      expect(ids(first.json)).toEqual(['2611.00009', '2611.00004', '2611.00002', '2611.00001']);
      expect(first.json[3]).toMatchObject({ title: 'Loved paper on two lines', thumbnailUrl: '', upvotes: 40, publishedAt: '2026-11-26T18:00:00.000Z', projectPage: 'https://example.org/loved' });
      const all: string[] = [];
      let next: string | null = '/api/papers?limit=50';
      while (next) {
        const res = await get(next);
        all.push(...ids(res.json));
        const link = res.headers.get('link');
        next = link ? new URL(/^<([^>]+)>; rel="next"$/.exec(link)![1]!).pathname + new URL(/^<([^>]+)>/.exec(link)![1]!).search : null;
      }
      expect(all).toHaveLength(126);
      expect(new Set(all).size).toBe(126);
      expect(all).not.toContain('2611.00003');
      expect(all.at(-1)).toBe('hep-th/9901001');
      for (const bad of ['cursor=nonsense', 'cursor=' + Buffer.from('2026-11-27 ../etc').toString('base64url'), 'limit=0', 'limit=101']) {
        const res = await get(`/api/papers?${bad}`);
        expect(res.status, bad).toBe(400);
        expect(Object.keys(res.json)).toEqual(['error']);
      }
    });

    it('searches through the site search and answers Items, hidden papers left out', async () => {
      const res = await get('/api/papers/search?q=loved+paper');
      expect(res.status).toBe(200);
      expectShape(res.json, ITEM, ITEM_OPTIONAL);
      expect(ids(res.json)[0]).toBe('2611.00001');
      expect(ids((await get('/api/papers/search?q=spam')).json)).not.toContain('2611.00003');
      expect((await get('/api/papers/search?q=bulk+paper&limit=3')).json).toHaveLength(3);
      expect((await get('/api/papers/search?q=')).json).toEqual([]);
      for (const bad of [`q=${'a'.repeat(251)}`, 'q=x&limit=0', 'q=x&limit=121', 'q=x&limit=abc']) {
        const r = await get(`/api/papers/search?${bad}`);
        expect(r.status, bad).toBe(400);
        expect(Object.keys(r.json)).toEqual(['error']);
      }
      expect((await get(`/api/papers/search?q=${'a'.repeat(251)}`)).json.error).toContain('250');
    });

    it('answers 503 with Retry-After while the search index is being built', async () => {
      const index = web.search.index;
      web.search.index = null;
      try {
        const res = await get('/api/papers/search?q=loved');
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(Object.keys(res.json)).toEqual(['error']);
      } finally {
        web.search.index = index;
      }
    });

    it('runs a script written for the public API unchanged, with only the base URL changed', async () => {
      const script = new URL('../fixtures/compat/public-api-client.mjs', import.meta.url).pathname;
      const { stdout } = await promisify(execFile)(process.execPath, [script, web.url, '2026-11-27', 'loved'], { timeout: 20_000 });
      const out = JSON.parse(stdout) as Json;
      expect(out.daily.map((p: Json) => p.id)).toEqual(['2611.00001', '2611.00002', '2611.00004']);
      expect(out.daily[2]).toMatchObject({ submittedBy: 'curator', submittedAt: '2026-11-27T11:00:00.000Z', upvotes: 1, discussionId: '2611.00004' });
      expect(out.info).toMatchObject({ id: '2611.00001', title: 'Loved paper\n  on two lines', authors: ['Ada Lovelace', 'Alan Turing'], githubRepo: 'https://github.com/example/loved', numComments: 1, upvotes: 40 });
      expect(out.found[0]).toMatchObject({ id: '2611.00001', title: 'Loved paper on two lines', summary: 'Abstract of the loved paper.' });
    });

    it('opens CORS for GETs and answers preflights', async () => {
      for (const path of ['/api/daily_papers', '/api/papers', '/api/papers/2611.00001', '/api/papers/2611.09999']) {
        const res = await get(path, { origin: 'https://elsewhere.example' });
        expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      }
      for (const path of ['/api/daily_papers', '/api/papers', '/api/papers/2611.00001', '/api/papers/search']) {
        const pre = await fetch(web.url + path, { method: 'OPTIONS', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
        expect(pre.status, path).toBe(204);
        expect(pre.headers.get('access-control-allow-origin')).toBe('*');
        expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
        expect(pre.headers.get('access-control-allow-headers')).toContain('Authorization');
      }
      expect((await get('/api/daily_papers?date=2026-10-05')).headers.get('access-control-expose-headers')).toContain('Link');
    });

    it('keeps its own error form for other API paths', async () => {
      const res = await get('/api/nowhere');
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ error: { code: 'not_found' } });
    });

    it('serves the paper page as Markdown at .md and for Accept: text/markdown', async () => {
      const md = await get('/papers/2611.00001.md');
      expect(md.status).toBe(200);
      expect(md.headers.get('content-type')).toContain('text/markdown');
      expect(md.text).toMatch(/^# Loved paper on two lines\n/);
      for (const part of ['Ada Lovelace, Alan Turing', '## Abstract', 'Abstract of the loved paper.', 'https://arxiv.org/abs/2611.00001', 'https://arxiv.org/pdf/2611.00001', 'https://github.com/example/loved', 'https://example.org/loved', `${web.url}/papers/2611.00001`]) {
        expect(md.text).toContain(part);
      }
      const negotiated = await get('/papers/2611.00001', { accept: 'text/markdown' });
      expect(negotiated.headers.get('content-type')).toContain('text/markdown');
      expect(negotiated.text).toBe(md.text);
      expect((await get('/papers/hep-th/9901001.md')).text).toContain('# Old-style strings');
      expect((await get('/papers/2611.00001v1.md')).status).toBe(200);
      const html = await get('/papers/2611.00001', { accept: 'text/html,application/xhtml+xml,text/markdown;q=0.5' });
      expect(html.headers.get('content-type')).toContain('text/html');
      expect(html.headers.get('vary')).toContain('Accept');
      expect((await get('/papers/2611.00003.md')).status).toBe(404);
      expect((await get('/papers/2611.09999.md')).status).toBe(404);
    });

    it('escapes markup in Markdown so a renderer cannot run it', async () => {
      await upsertPapers(web.store, [buildRecord({ id: '2611.00020', title: 'Evil <script>alert(1)</script>', abstract: 'x <img src=x onerror=alert(1)> y', dailyAt: '2026-11-20T09:00:00Z' })]);
      const md = await get('/papers/2611.00020.md');
      expect(md.text).not.toMatch(/(?<!\\)<(script|img)/);
      expect(md.text).toContain('\\<script\\>');
    });
  });
}

describe('the fixtures', () => {
  it('pin every shape the reference names, with datetimes in the public format', () => {
    expect(Object.keys(ITEM as Json).sort()).toEqual(['isAuthorParticipating', 'mediaUrls', 'numComments', 'organization', 'paper', 'publishedAt', 'submittedBy', 'summary', 'thumbnail', 'title']);
    expect(shapeProblems(ITEM, ITEM, ITEM_OPTIONAL)).toEqual([]);
    expect(shapeProblems({ ...(ITEM as Json), paper: { id: '2401.00001' } }, ITEM, ITEM_OPTIONAL)).toContain('paper.authors: missing');
    expect(shapeProblems({ ...(DETAIL as Json), extra: 1 }, DETAIL, DETAIL_OPTIONAL)).toEqual(['extra: not a field of the public API']);
    expect(shapeProblems({ ...(LIST_ITEM as Json), publishedAt: '2026-02-09T18:30:05Z' }, LIST_ITEM, LIST_OPTIONAL)).toEqual(['publishedAt: "2026-02-09T18:30:05Z" is not a datetime like 2026-02-09T18:30:05.000Z']);
  });
});
