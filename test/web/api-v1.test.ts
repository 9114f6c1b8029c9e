import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, revokeApiToken } from '../../src/store/api-tokens.js';
import { addComment } from '../../src/store/comments.js';
import { hidePaper } from '../../src/store/moderation.js';
import { upsertPapers } from '../../src/store/papers.js';
import { creditSubmission } from '../../src/store/submissions.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { commentListSchema, paperDetailSchema, paperPageSchema, searchResultsSchema, trendingSchema } from '../../src/web/api/v1/schemas.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const NOW = new Date('2026-11-28T15:00:00Z');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`/api/v1 (${dialect.name})`, () => {
    let web: WebHarness;
    let token = '';
    let adaId = 0;
    const call = async (method: string, path: string, opts: { headers?: Record<string, string>; body?: unknown } = {}) => {
      const res = await fetch(web.url + path, {
        method,
        headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, json: (res.headers.get('content-type') ?? '').includes('json') && text ? (JSON.parse(text) as Json) : ({} as Json) };
    };
    const get = (path: string, headers: Record<string, string> = {}) => call('GET', path, { headers });
    const auth = () => ({ authorization: `Bearer ${token}` });
    const ids = (papers: Json[]) => papers.map((p) => p.id as string);

    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
      await upsertPapers(web.store, [
        buildRecord({ id: '2611.00001', title: 'Loved paper', abstract: 'About sparse attention.', dailyAt: '2026-11-27T09:00:00.000Z', upvotes: 40, doi: '10.1000/xyz', versions: [{ version: 1, submittedAt: '2026-11-26T18:00:00.000Z' }, { version: 2, submittedAt: '2026-11-27T08:00:00.000Z' }], version: 2 }),
        buildRecord({ id: '2611.00002', title: 'Middling paper', dailyAt: '2026-11-27T10:00:00.000Z', upvotes: 5 }),
        buildRecord({ id: '2611.00003', title: 'Hidden spam paper', dailyAt: '2026-11-27T10:00:00.000Z', upvotes: 100 }),
        buildRecord({ id: '2611.00004', title: 'Earlier in the week', dailyAt: '2026-11-24T10:00:00.000Z', upvotes: 7 }),
        buildRecord({ id: '2610.00005', title: 'Last month', dailyAt: '2026-10-30T10:00:00.000Z', upvotes: 1 }),
        buildRecord({ id: 'hep-th/9901001', title: 'Old strings', dailyAt: '2026-11-26T10:00:00.000Z', submittedAt: '1999-01-04T00:00:00.000Z', versions: [{ version: 1, submittedAt: '1999-01-04T00:00:00.000Z' }], primaryCategory: 'hep-th', categories: ['hep-th'] }),
      ]);
      const ada = await findOrCreateUser(web.store, 'ada@example.org', 'ada');
      adaId = ada.id;
      token = (await createApiToken(web.store, ada.id, 'tests')).secret;
      await creditSubmission(web.store, '2611.00002', ada.id, NOW);
      await addComment(web.store, { paperId: '2611.00001', userId: ada.id, parentId: null, body: 'First **comment**', now: new Date('2026-11-27T12:00:00Z') });
      const mod = await findOrCreateUser(web.store, 'mod@example.org', 'mod');
      await hidePaper(web.store, mod.id, '2611.00003', 'spam', NOW);
      await web.search.start();
    });
    afterAll(() => web?.close());

    it('lists a day, a week and a month, most upvoted first, without hidden papers', async () => {
      const day = await get('/api/v1/papers/date/2026-11-27');
      expect(day.status).toBe(200);
      expect(day.json.period).toMatchObject({ kind: 'date', key: '2026-11-27', from: '2026-11-27', to: '2026-11-27', prev: '2026-11-26', next: '2026-11-28' });
      expect(ids(day.json.papers)).toEqual(['2611.00001', '2611.00002']);
      expect(day.json.next_cursor).toBeNull();
      expect(day.json.papers[0]).toMatchObject({ title: 'Loved paper', upvotes: 40, comments: 1, version: 2, url: `${web.url}/papers/2611.00001`, arxiv_url: 'https://arxiv.org/abs/2611.00001' });
      expect(day.json.papers[1].submitted_by).toBe('ada');
      // The shapes the OpenAPI document publishes are the shapes sent (strict: no field more, none missing).
      paperPageSchema.parse(day.json);
      const week = await get('/api/v1/papers/week/2026-W48');
      expect(ids(week.json.papers)).toEqual(['2611.00001', '2611.00004', '2611.00002', 'hep-th/9901001']);
      const byDate = await get('/api/v1/papers/week/2026-W48?sort=date');
      expect(ids(byDate.json.papers)).toEqual(['2611.00002', '2611.00001', 'hep-th/9901001', '2611.00004']);
      const month = await get('/api/v1/papers/month/2026-10');
      expect(ids(month.json.papers)).toEqual(['2610.00005']);
      expect((await get('/api/v1/papers/date/2026-12-01')).status).toBe(400);
    });

    it('walks every page once, with no duplicates or gaps, while new papers arrive between pages', async () => {
      await upsertPapers(web.store, Array.from({ length: 9 }, (_, i) => buildRecord({ id: `2611.001${String(i).padStart(2, '0')}`, title: `Filler ${i}`, dailyAt: `2026-11-25T0${i}:00:00.000Z`, upvotes: i % 3 })));
      for (const sort of ['upvotes', 'date']) {
        const before = ids((await get(`/api/v1/papers/week/2026-W48?sort=${sort}&limit=100`)).json.papers);
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: { status: number; json: Json; headers: Headers } = await get(`/api/v1/papers/week/2026-W48?sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
          expect(page.status).toBe(200);
          seen.push(...ids(page.json.papers));
          cursor = page.json.next_cursor;
          if (cursor) expect(page.headers.get('link')).toContain(`cursor=${cursor}`);
          // Arrivals: a paper more loved than all, one with none, one on the newest day, one on the oldest.
          await upsertPapers(web.store, [
            buildRecord({ id: `2611.02${sort === 'date' ? 1 : 0}${pages}0`, dailyAt: '2026-11-26T23:00:00.000Z', upvotes: 500 }),
            buildRecord({ id: `2611.02${sort === 'date' ? 1 : 0}${pages}1`, dailyAt: '2026-11-25T23:00:00.000Z', upvotes: 0 }),
            buildRecord({ id: `2611.02${sort === 'date' ? 1 : 0}${pages}2`, dailyAt: '2026-11-23T23:00:00.000Z', upvotes: 0 }),
          ]);
          pages++;
        } while (cursor && pages < 50);
        expect(new Set(seen).size).toBe(seen.length);
        expect(before.filter((id) => !seen.includes(id))).toEqual([]);
        expect(pages).toBeGreaterThan(3);
      }
    });

    it('finds a paper by every id form; unknown is 404, malformed 400, hidden 404', async () => {
      for (const form of ['2611.00001', '2611.00001v2', 'arXiv:2611.00001', encodeURIComponent('https://arxiv.org/abs/2611.00001v1')]) {
        const res = await get(`/api/v1/papers/${form}`);
        expect(res.status, form).toBe(200);
        expect(res.json).toMatchObject({ id: '2611.00001', abstract: 'About sparse attention.', doi: '10.1000/xyz', bibtex_url: `${web.url}/api/v1/papers/2611.00001.bib` });
        expect(res.json.versions).toHaveLength(2);
        paperDetailSchema.parse(res.json);
      }
      for (const form of ['hep-th/9901001', 'hep-th%2F9901001']) expect((await get(`/api/v1/papers/${form}`)).json.id).toBe('hep-th/9901001');
      const unknown = await get('/api/v1/papers/2611.09999');
      expect(unknown.status).toBe(404);
      expect(unknown.json.error.code).toBe('not_found');
      const bad = await get('/api/v1/papers/not-an-id');
      expect(bad.status).toBe(400);
      expect(bad.json.error.message).toMatch(/^id: invalid arXiv id/);
      expect((await get('/api/v1/papers/2611.00003')).status).toBe(404);
      expect((await get('/api/v1/papers/2611.00003/comments')).status).toBe(404);
      expect((await get('/api/v1/papers/2611.00003.bib')).status).toBe(404);
    });

    it('answers trending, search in every mode, similar papers and comments, never with hidden papers', async () => {
      const trending = await get('/api/v1/trending?limit=2');
      expect(trending.json.until).toBe('2026-11-27');
      expect(trending.json.papers).toHaveLength(2);
      trendingSchema.parse(trending.json);
      expect(ids(trending.json.papers)).not.toContain('2611.00003');
      for (const mode of ['keyword', 'semantic', 'hybrid']) {
        const res = await get(`/api/v1/search?q=paper&mode=${mode}&limit=50`);
        expect(res.status, mode).toBe(200);
        expect(ids(res.json.papers)).not.toContain('2611.00003');
        searchResultsSchema.parse(res.json);
      }
      const keyword = await get('/api/v1/search?q=loved&mode=keyword');
      expect(ids(keyword.json.papers)).toEqual(['2611.00001']);
      expect(typeof keyword.json.papers[0].score).toBe('number');
      const filtered = await get('/api/v1/search?q=paper&mode=keyword&from=2026-11-27&to=2026-11-27&min_upvotes=10&sort=upvotes&category=cs.CL');
      expect(ids(filtered.json.papers)).toEqual(['2611.00001']);
      const first = await get('/api/v1/search?q=paper&mode=keyword&sort=date&limit=1');
      expect(first.json.next_cursor).toBeTruthy();
      const second = await get(`/api/v1/search?q=paper&mode=keyword&sort=date&limit=1&cursor=${first.json.next_cursor}`);
      expect(ids(second.json.papers)).not.toEqual(ids(first.json.papers));
      const similar = await get('/api/v1/papers/2611.00001/similar?limit=5');
      expect(similar.status).toBe(200);
      expect(ids(similar.json.papers)).not.toContain('2611.00003');
      expect(ids(similar.json.papers)).not.toContain('2611.00001');
      const comments = await get('/api/v1/papers/2611.00001/comments');
      commentListSchema.parse(comments.json);
      expect(comments.json).toMatchObject({ paper_id: '2611.00001', comments: [{ author: 'ada', body: 'First **comment**', state: 'visible', parent_id: null }] });
    });

    it('gives BibTeX for one paper and for a list', async () => {
      const one = await get('/api/v1/papers/2611.00001.bib');
      expect(one.status).toBe(200);
      expect(one.headers.get('content-type')).toContain('text/x-bibtex');
      expect(one.text).toMatch(/^@misc\{lovelace2024loved,/);
      expect(one.text).toContain('doi={10.1000/xyz}');
      expect((await get('/api/v1/papers/hep-th/9901001.bib')).text).toContain('eprint={hep-th/9901001}');
      const list = await get('/api/v1/bibtex?ids=2611.00001,arXiv:2611.00002v1,hep-th/9901001');
      expect([...list.text.matchAll(/eprint=\{([^}]+)\}/g)].map((m) => m[1])).toEqual(['2611.00001', '2611.00002', 'hep-th/9901001']);
      const missing = await get('/api/v1/bibtex?ids=2611.00001,2611.00003,2611.09999');
      expect(missing.status).toBe(404);
      expect(missing.json.error.message).toContain('2611.00003, 2611.09999');
      expect((await get(`/api/v1/bibtex?ids=${Array(101).fill('2611.00001').join(',')}`)).status).toBe(400);
    });

    it('upvotes, comments and submits with a token; cookies and bad tokens are refused', async () => {
      const up = await call('PUT', '/api/v1/papers/arXiv:2611.00004/vote', { headers: auth() });
      expect(up.json).toEqual({ paper_id: '2611.00004', voted: true, upvotes: 8 });
      expect((await call('PUT', '/api/v1/papers/2611.00004/vote', { headers: auth() })).json.upvotes).toBe(8);
      expect((await call('DELETE', '/api/v1/papers/2611.00004/vote', { headers: auth() })).json).toEqual({ paper_id: '2611.00004', voted: false, upvotes: 7 });
      expect((await call('PUT', '/api/v1/papers/2611.00003/vote', { headers: auth() })).status).toBe(404);

      const comment = await call('POST', '/api/v1/papers/2611.00001/comments', { headers: auth(), body: { body: 'Via the API, $x^2$.' } });
      expect(comment.status).toBe(201);
      expect(comment.json).toMatchObject({ author: 'ada', body: 'Via the API, $x^2$.', state: 'visible', parent_id: null });
      const reply = await call('POST', '/api/v1/papers/2611.00001/comments', { headers: auth(), body: { body: 'A reply', parent_id: comment.json.id } });
      expect(reply.json.parent_id).toBe(comment.json.id);
      expect((await call('POST', '/api/v1/papers/2611.00001/comments', { headers: auth(), body: { body: '   ' } })).status).toBe(400);
      expect((await call('POST', '/api/v1/papers/2611.00001/comments', { headers: auth(), body: { body: 'x', parent_id: 999999 } })).status).toBe(400);

      const exists = await call('POST', '/api/v1/papers', { headers: auth(), body: { id: 'https://arxiv.org/abs/2611.00002v1' } });
      expect(exists.status).toBe(200);
      expect(exists.json).toMatchObject({ status: 'exists', upvoted: true, paper: { id: '2611.00002' } });
      // The submission became ada's upvote; take it back, the ETag case below votes on this paper.
      expect((await call('DELETE', '/api/v1/papers/2611.00002/vote', { headers: auth() })).json.voted).toBe(false);
      expect((await call('POST', '/api/v1/papers', { headers: auth(), body: { id: 'nope' } })).status).toBe(400);
      if (dialect.name === 'sqlite') {
        // The test server's arXiv address answers nothing (after the client's retries): queued for the background job.
        const down = await call('POST', '/api/v1/papers', { headers: auth(), body: { id: '2611.07777' } });
        expect(down.status).toBe(202);
        expect(down.headers.get('location')).toBe('/api/v1/papers/2611.07777');
        expect(down.json).toMatchObject({ status: 'queued', paper_id: '2611.07777', attempts: 1 });
      }

      const session = await call('PUT', '/api/v1/papers/2611.00004/vote', { headers: { cookie: 'pb_session=whatever' } });
      expect(session.status).toBe(401);
      expect(session.json.error.code).toBe('sign_in');
      for (const header of ['Basic abc', 'Bearer', `Bearer pbt_${'x'.repeat(43)}`, 'Bearer short']) {
        const res = await call('PUT', '/api/v1/papers/2611.00004/vote', { headers: { authorization: header } });
        expect(res.status, header).toBe(401);
        expect(res.json.error.code).toBe('invalid_token');
      }
      const spare = await createApiToken(web.store, adaId, 'spare');
      expect((await call('PUT', '/api/v1/papers/2611.00004/vote', { headers: { authorization: `Bearer ${spare.secret}` } })).status).toBe(200);
      await revokeApiToken(web.store, adaId, spare.token.id);
      expect((await call('PUT', '/api/v1/papers/2611.00004/vote', { headers: { authorization: `Bearer ${spare.secret}` } })).status).toBe(401);
    });

    it('answers ETag and Last-Modified, and 304 to conditional GETs', async () => {
      const first = await get('/api/v1/papers/2611.00002');
      const etag = first.headers.get('etag')!;
      const lastModified = first.headers.get('last-modified')!;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(Date.parse(lastModified)).toBeGreaterThan(0);
      const same = await get('/api/v1/papers/2611.00002', { 'if-none-match': etag });
      expect(same.status).toBe(304);
      expect(same.text).toBe('');
      expect((await get('/api/v1/papers/2611.00002', { 'if-none-match': `W/${etag}, "other"` })).status).toBe(304);
      expect((await get('/api/v1/papers/2611.00002', { 'if-modified-since': lastModified })).status).toBe(304);
      expect((await get('/api/v1/papers/2611.00002', { 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() })).status).toBe(200);
      expect((await get('/api/v1/papers/2611.00002', { 'if-none-match': '"stale"', 'if-modified-since': lastModified })).status).toBe(200);
      // A vote changes the body: the old validators no longer match.
      await call('PUT', '/api/v1/papers/2611.00002/vote', { headers: auth() });
      const changed = await get('/api/v1/papers/2611.00002', { 'if-none-match': etag, 'if-modified-since': lastModified });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect((await get('/api/v1/papers/2611.00002', { 'if-modified-since': lastModified })).status).toBe(200);
    });

    it('is open to any origin for GETs, with preflights', async () => {
      const res = await get('/api/v1/trending', { origin: 'https://elsewhere.example' });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-expose-headers')).toContain('ETag');
      expect((await get('/api/v1/papers/nope', { origin: 'https://elsewhere.example' })).headers.get('access-control-allow-origin')).toBe('*');
      const preflight = await call('OPTIONS', '/api/v1/papers/2611.00001', { headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
      expect(preflight.headers.get('access-control-allow-headers')).toContain('If-None-Match');
      expect((await call('PUT', '/api/v1/papers/2611.00001/vote', { headers: auth() })).headers.get('access-control-allow-origin')).toBeNull();
    });

    it('answers every bad parameter with a 400 that names it', async () => {
      const bad = [
        ['/api/v1/papers/date/2026-13-01', /not a date/],
        ['/api/v1/papers/week/2026-W60', /not an ISO week/],
        ['/api/v1/papers/month/26-11', /not a month/],
        ['/api/v1/papers/date/2026-11-27?limit=0', /^limit: must be a whole number from 1 to 100/],
        ['/api/v1/papers/date/2026-11-27?limit=abc', /^limit:/],
        ['/api/v1/papers/date/2026-11-27?limit=1&limit=2', /^limit:/],
        ['/api/v1/papers/date/2026-11-27?sort=best', /^sort: must be upvotes or date/],
        ['/api/v1/papers/date/2026-11-27?cursor=garbage!', /^cursor:/],
        [`/api/v1/papers/date/2026-11-27?cursor=${Buffer.from('["u","x"]').toString('base64url')}`, /^cursor:/],
        [`/api/v1/papers/date/2026-11-27?sort=date&cursor=${Buffer.from('["u",1,"","2611.00001"]').toString('base64url')}`, /^cursor:/],
        ['/api/v1/papers/date/2026-11-27?page=2', /unknown parameter|Unrecognized key/i],
        ['/api/v1/search', /^q:/],
        ['/api/v1/search?q=x&mode=magic', /^mode:/],
        ['/api/v1/search?q=x&sort=best', /^sort:/],
        ['/api/v1/search?q=x&category=%3Cb%3E', /category/],
        ['/api/v1/search?q=x&from=2026-02-30', /from/],
        ['/api/v1/search?q=x&min_upvotes=-1', /^min_upvotes:/],
        ['/api/v1/search?q=x&limit=101', /^limit:/],
        [`/api/v1/search?q=x&cursor=${Buffer.from('["s",-5]').toString('base64url')}`, /^cursor:/],
        ['/api/v1/trending?limit=51', /^limit: must be a whole number from 1 to 50/],
        ['/api/v1/papers/2611.00001/similar?limit=51', /^limit:/],
        ['/api/v1/bibtex', /^ids:/],
        ['/api/v1/bibtex?ids=,,', /^ids:/],
        ['/api/v1/bibtex?ids=2611.00001,junk', /^ids: invalid arXiv id/],
        ['/api/v1/papers/9999.99999', /^id:/],
      ] as const;
      for (const [path, message] of bad) {
        const res = await get(path);
        expect(res.status, path).toBe(400);
        expect(res.headers.get('content-type'), path).toContain('application/json');
        expect(res.json.error.message, path).toMatch(message);
        expect(typeof res.json.error.code, path).toBe('string');
      }
      // Odd but valid input is answered, never a 500.
      for (const q of ['"', '"unbalanced', ')))', '$\\frac{', "'; drop table papers; --", '😀', 'x'.repeat(500), 'hep-th/9901001']) {
        expect((await get(`/api/v1/search?q=${encodeURIComponent(q)}`)).status, q.slice(0, 20)).toBe(200);
      }
      expect((await get('/api/v1/search?q=paper&from=2026-11-28&to=2026-11-01')).json.papers).toEqual([]);
      expect((await get(`/api/v1/search?q=${'x'.repeat(501)}`)).status).toBe(400);
      expect((await call('POST', '/api/v1/papers', { headers: auth(), body: ['2611.00001'] })).status).toBe(400);
      const badBody = await call('POST', '/api/v1/papers/2611.00001/comments', { headers: auth(), body: { body: 'x', parent_id: 'one' } });
      expect(badBody.status).toBe(400);
      expect(badBody.json.error.message).toMatch(/^parent_id:/);
      const notJson = await fetch(`${web.url}/api/v1/papers`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: '{nope' });
      expect(notJson.status).toBe(400);
      expect(((await notJson.json()) as Json).error.code).toBeTruthy();
    });
  });
}
