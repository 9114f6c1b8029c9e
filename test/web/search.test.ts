import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hidePaper } from '../../src/store/moderation.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { syncPaperRepos } from '../../src/enrich/repo-links-job.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`search (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect);
      await upsertPapers(web.store, [
        buildRecord({ id: '2501.00001', title: 'Sparse attention for long documents', abstract: 'We make attention sparse and fast for documents of a million tokens.', authors: ['Bernhard Schölkopf'], categories: ['cs.CL'], dailyAt: '2026-01-05T10:00:00.000Z', upvotes: 3 }),
        buildRecord({ id: '2501.00002', title: 'Diffusion models for video', abstract: 'Video generation with diffusion; attention is mentioned once.', categories: ['cs.CV'], dailyAt: '2026-01-06T10:00:00.000Z', upvotes: 30 }),
        buildRecord({ id: '2501.00003', title: 'Spam about attention', categories: ['cs.CL'], dailyAt: '2026-01-06T10:00:00.000Z' }),
      ]);
      await web.search.start();
    });
    afterAll(() => web?.close());

    it('finds papers by title words, author (accents folded) and arXiv id, with matches marked', async () => {
      const c = web.client();
      const page = await c.get('/search?q=sparse+attention');
      expect(page.status).toBe(200);
      const ids = [...page.text.matchAll(/id="p-([^"]+)"/g)].map((m) => m[1]);
      expect(ids[0]).toBe('2501.00001');
      expect(page.text).toContain('<mark>Sparse</mark> <mark>attention</mark>');
      expect((await c.get('/search?q=scholkopf')).text).toContain('id="p-2501.00001"');
      expect((await c.get('/search?q=2501.00002')).text).toContain('id="p-2501.00002"');
      expect((await c.get('/search?q=diffu&prefix=1')).text).toContain('id="p-2501.00002"');
    });

    it('filters by category, dates and upvotes, and orders by upvotes', async () => {
      const c = web.client();
      const cv = await c.get('/search?q=attention&category=cs.CV');
      expect([...cv.text.matchAll(/id="p-([^"]+)"/g)].map((m) => m[1])).toEqual(['2501.00002']);
      const byVotes = await c.get('/search?q=attention&sort=upvotes');
      expect([...byVotes.text.matchAll(/id="p-([^"]+)"/g)].map((m) => m[1])[0]).toBe('2501.00002');
      const early = await c.get('/search?q=attention&to=2026-01-05');
      expect([...early.text.matchAll(/id="p-([^"]+)"/g)].map((m) => m[1])).toEqual(['2501.00001']);
      expect((await c.get('/search?q=attention&from=2026-13-01')).status).toBe(400);
      expect((await c.get('/search?q=attention&category=%3Cb%3E')).status).toBe(400);
    });

    it('never fails on hostile queries', async () => {
      const c = web.client();
      for (const q of ['', '"', '"unbalanced', ')))', '$\\frac{', "'; drop table papers; --", '.*', '😀', 'x'.repeat(10_000), '<script>alert(1)</script>']) {
        const res = await c.get(`/search?q=${encodeURIComponent(q)}`);
        expect(res.status, q.slice(0, 20)).toBe(200);
        expect(res.text).not.toContain('<script>alert(1)');
      }
    });

    it('follows the store: new papers appear after a sync, hidden ones are never returned', async () => {
      await upsertPapers(web.store, [buildRecord({ id: '2501.00009', title: 'Quantum annealing schedules', dailyAt: '2026-01-07T10:00:00.000Z' })]);
      await web.search.sync();
      expect((await web.client().get('/search?q=annealing')).text).toContain('id="p-2501.00009"');
      const mod = await findOrCreateUser(web.store, 'm@example.org', 'm');
      await hidePaper(web.store, mod.id, '2501.00003', 'spam');
      await web.search.sync();
      expect((await web.client().get('/search?q=spam+attention')).text).not.toContain('id="p-2501.00003"');
    });

    it('keeps papers with code when asked: page, API and feed alike', async () => {
      await upsertPapers(web.store, [
        buildRecord({ id: '2503.00001', title: 'Holographic tensor sketches with code', abstract: 'Code: https://github.com/example/holo-sketch.', dailyAt: '2026-03-02T10:00:00.000Z' }),
        buildRecord({ id: '2503.00002', title: 'Holographic tensor sketches without code', dailyAt: '2026-03-02T10:00:00.000Z', githubUrl: null }),
        buildRecord({ id: '2503.00003', title: 'Holographic tensor sketches, linked code', dailyAt: '2026-03-02T10:00:00.000Z', githubUrl: 'https://github.com/example/linked' }),
      ]);
      // The repository named in an abstract is read by the code follower (src/enrich/repo-links-job.ts).
      await syncPaperRepos(web.store);
      await web.search.sync();
      const ids = (html: string) => [...html.matchAll(/id="p-([^"]+)"/g)].map((m) => m[1]).sort();
      const c = web.client();
      expect(ids((await c.get('/search?q=holographic+tensor+sketches&mode=keyword')).text)).toEqual(['2503.00001', '2503.00002', '2503.00003']);
      const page = await c.get('/search?q=holographic+tensor+sketches&mode=keyword&has_code=1');
      expect(ids(page.text)).toEqual(['2503.00001', '2503.00003']);
      expect(page.text).toMatch(/name="has_code" value="1" checked/);
      const api = JSON.parse((await c.get('/api/v1/search?q=holographic+tensor+sketches&mode=keyword&has_code=true')).text) as { papers: { id: string }[] };
      expect(api.papers.map((p) => p.id).sort()).toEqual(['2503.00001', '2503.00003']);
      expect((await c.get('/api/v1/search?q=holographic&has_code=maybe')).status).toBe(400);
      const feed = await c.get('/feeds/search.json?q=holographic+tensor+sketches&mode=keyword&has_code=1');
      expect((JSON.parse(feed.text) as { items: { id: string }[] }).items).toHaveLength(2);
    });

    it('pages results beyond the first 30 with a real total, in plain words', async () => {
      await upsertPapers(web.store, Array.from({ length: 70 }, (_, i) => buildRecord({ id: `2502.${String(10000 + i)}`, title: `Gradient checkpointing study ${i}`, dailyAt: '2026-02-02T10:00:00.000Z' })));
      await web.search.sync();
      const c = web.client();
      const ids = (html: string) => [...html.matchAll(/id="p-([^"]+)"/g)].map((m) => m[1]);
      const first = await c.get('/search?q=gradient+checkpointing&mode=keyword');
      expect(first.text).toContain('70 papers hold every word · showing 1–30');
      expect(first.text).not.toMatch(/\d ms/);
      expect(first.headers.get('server-timing')).toMatch(/^search;dur=\d/);
      expect(first.text).toContain('href="/search?q=gradient+checkpointing&amp;mode=keyword&amp;page=2" rel="next">More papers');
      const third = await c.get('/search?q=gradient+checkpointing&mode=keyword&page=3');
      expect(third.text).toContain('showing 61–70');
      expect(third.text).not.toContain('rel="next"');
      const all = [...ids(first.text), ...ids((await c.get('/search?q=gradient+checkpointing&mode=keyword&page=2')).text), ...ids(third.text)];
      expect(new Set(all).size).toBe(70);
      const none = await c.get('/search?q=zyxwvut');
      expect(none.text).toContain('No papers match “zyxwvut”.');
    });
  });
}
