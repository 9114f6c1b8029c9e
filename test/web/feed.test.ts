import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const NOW = new Date('2026-11-28T15:00:00Z');

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`feed pages (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
    });
    afterAll(() => web?.close());

    it('says how to fill an empty store instead of showing nothing', async () => {
      const res = await web.client().get('/');
      expect(res.status).toBe(200);
      expect(res.text).toContain('No papers yet');
      expect(res.text).toContain('<code>npx paperboy ingest arxiv --days 3</code>');
      expect(res.text).toContain('<code>npx paperboy import FILE.jsonl</code>');
    });

    it('shows the latest day on or before today, most upvoted first, never a future day', async () => {
      await upsertPapers(web.store, [
        buildRecord({ id: '2611.00001', title: 'Quiet paper', dailyAt: '2026-11-27T10:00:00.000Z', upvotes: 1 }),
        buildRecord({ id: '2611.00002', title: 'Popular paper with $\\alpha$', dailyAt: '2026-11-27T09:00:00.000Z', upvotes: 40 }),
        buildRecord({ id: '2611.00003', title: 'Earlier day paper', dailyAt: '2026-11-25T09:00:00.000Z', upvotes: 3 }),
        buildRecord({ id: '2611.00004', title: 'Paper of tomorrow', dailyAt: '2026-11-29T09:00:00.000Z' }),
      ]);
      const res = await web.client().get('/papers');
      expect(res.status).toBe(200);
      expect(res.text).toContain('Fri 27 Nov 2026');
      const popular = res.text.indexOf('Popular paper');
      const quiet = res.text.indexOf('Quiet paper');
      expect(popular).toBeGreaterThan(0);
      expect(quiet).toBeGreaterThan(popular);
      expect(res.text).not.toContain('Paper of tomorrow');
      expect(res.text).toContain('class="katex"');
      expect(res.text).toContain('href="/papers/date/2026-11-25"');
    });

    it('lists a day, a week and a month, with neighbours that have papers', async () => {
      const c = web.client();
      const day = await c.get('/papers/date/2026-11-25');
      expect(day.status).toBe(200);
      expect(day.text).toContain('Earlier day paper');
      expect(day.text).not.toContain('Quiet paper');
      expect(day.text).toContain('href="/papers/date/2026-11-27"');
      const week = await c.get('/papers/week/2026-W48');
      expect(week.text).toContain('Earlier day paper');
      expect(week.text).toContain('Quiet paper');
      expect(week.text).toContain('3 papers');
      const month = await c.get('/papers/month/2026-11');
      expect(month.text).toContain('November 2026');
      expect(month.text).toContain('3 papers');
      const empty = await c.get('/papers/date/2026-11-26');
      expect(empty.status).toBe(200);
      expect(empty.text).toContain('No papers on this day');
    });

    it('answers bad dates with a 400 page that says what is wrong', async () => {
      const c = web.client();
      for (const path of ['/papers/date/2024-13-45', '/papers/week/2026-W60', '/papers/month/2026-00', '/papers/date/%3Cscript%3E']) {
        const res = await c.get(path);
        expect(res.status, path).toBe(400);
        expect(res.headers.get('content-type')).toContain('text/html');
        expect(res.text).not.toContain('<script>');
      }
      expect((await c.get('/papers/date/2024-13-45')).text).toContain('use YYYY-MM-DD');
    });

    it('sends the date picker to the day it names', async () => {
      const res = await web.client().get('/papers/date?d=2026-11-25');
      expect(res.status).toBe(303);
      expect(res.location).toBe('/papers/date/2026-11-25');
    });

    it('pages long days 50 at a time in a stable order', async () => {
      await upsertPapers(web.store, Array.from({ length: 120 }, (_, i) => buildRecord({ id: `2610.${String(10000 + i)}`, title: `Bulk paper ${i}`, dailyAt: '2026-10-05T09:00:00.000Z' })));
      const c = web.client();
      const first = await c.get('/papers/date/2026-10-05');
      expect(first.text).toContain('page 1 of 3');
      const third = await c.get('/papers/date/2026-10-05?page=3');
      expect((third.text.match(/class="card"/g) ?? []).length).toBe(20);
      const ids = (html: string) => [...html.matchAll(/id="p-([^"]+)"/g)].map((m) => m[1]);
      const all = [...ids(first.text), ...ids((await c.get('/papers/date/2026-10-05?page=2')).text), ...ids(third.text)];
      expect(new Set(all).size).toBe(120);
      expect((await c.get('/papers/date/2026-10-05?page=99')).text).toContain('past the end');
    });

    it('ranks trending by votes against age', async () => {
      await upsertPapers(web.store, [
        buildRecord({ id: '2611.00010', title: 'Old but loved', dailyAt: '2026-11-24T09:00:00.000Z', upvotes: 30 }),
        buildRecord({ id: '2611.00011', title: 'Fresh and liked', dailyAt: '2026-11-28T09:00:00.000Z', upvotes: 12 }),
        buildRecord({ id: '2611.00012', title: 'Too old for trending', dailyAt: '2026-11-01T09:00:00.000Z', upvotes: 500 }),
      ]);
      const res = await web.client().get('/trending');
      expect(res.status).toBe(200);
      expect(res.text.indexOf('Fresh and liked')).toBeGreaterThan(0);
      expect(res.text.indexOf('Fresh and liked')).toBeLessThan(res.text.indexOf('Old but loved'));
      expect(res.text).not.toContain('Too old for trending');
    });

    it('answers unknown pages with a 404 page and JSON clients with JSON', async () => {
      const c = web.client();
      const page = await c.get('/nowhere');
      expect(page.status).toBe(404);
      expect(page.text).toContain('Page not found');
      const api = await c.get('/api/nowhere');
      expect(api.status).toBe(404);
      expect(JSON.parse(api.text)).toMatchObject({ error: { code: 'not_found' } });
    });

    it('sends security headers and fingerprinted, cacheable assets', async () => {
      const c = web.client();
      const res = await c.get('/papers/date/2026-11-25');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const css = /href="(\/assets\/site\.[0-9a-f]{12}\.css)"/.exec(res.text)?.[1];
      expect(css).toBeDefined();
      const asset = await c.get(css!);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      const katex = /href="(\/assets\/katex\/[^"]+\/katex\.min\.css)"/.exec(res.text)?.[1];
      expect((await c.get(katex!)).status).toBe(200);
      const font = /url\((fonts\/KaTeX_Main-Regular\.woff2)\)/.exec((await c.get(katex!)).text)?.[1];
      expect((await c.get(katex!.replace('katex.min.css', font!))).status).toBe(200);
      expect((await c.get('/assets/katex/0.0.0/katex.min.css')).status).toBe(404);
      expect((await c.get('/assets/katex/x/..%2f..%2fpackage.json')).status).toBe(404);
    });
  });
}
