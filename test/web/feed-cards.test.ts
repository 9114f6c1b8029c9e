import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const NOW = new Date('2026-11-28T15:00:00Z');
const cardsOf = (html: string) => [...html.matchAll(/<li class="card" id="p-([^"]+)"/g)].map((m) => m[1]);

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`feed cards and category views (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
      await upsertPapers(web.store, [
        buildRecord({
          id: '2611.20001', title: 'Cards that decide', dailyAt: '2026-11-27T09:00:00.000Z', upvotes: 9, primaryCategory: 'cs.CV', categories: ['cs.CV', 'cs.CL', 'cs.AI', 'cs.LG'],
          abstract: `We show $\\alpha + \\beta$ helps. ${'More words follow here. '.repeat(20)}`, authors: ['A One', 'B Two', 'C Three', 'D Four', 'E Five'],
        }),
        buildRecord({ id: '2611.20002', title: 'Language only', dailyAt: '2026-11-27T10:00:00.000Z', upvotes: 2, primaryCategory: 'cs.CL', categories: ['cs.CL'] }),
        buildRecord({ id: '2611.20003', title: 'Vision earlier', dailyAt: '2026-11-25T10:00:00.000Z', upvotes: 2, primaryCategory: 'cs.CV', categories: ['cs.CV'] }),
        ...Array.from({ length: 55 }, (_, i) => buildRecord({ id: `2610.${String(20000 + i)}`, title: `Bulk ${i}`, dailyAt: '2026-10-06T09:00:00.000Z', primaryCategory: 'cs.AI', categories: ['cs.AI'] })),
      ]);
    });
    afterAll(() => web?.close());

    it('gives each card a teaser, authors with +N, category chips and comments', async () => {
      const res = await web.client().get('/papers/date/2026-11-27');
      const card = res.text.slice(res.text.indexOf('id="p-2611.20001"'), res.text.indexOf('id="p-2611.20002"'));
      expect(card).toContain('A One, B Two, C Three +2');
      expect(card).toMatch(/<p class="teaser">We show <span class="katex"/);
      // Whole sentences up to about two lines: the teaser ends at a full stop, well before the abstract does.
      expect(card).toMatch(/follow here\.<\/p>/);
      expect((card.match(/More words follow here/g) ?? []).length).toBeLessThan(10);
      expect(card).toContain('<a class="cat primary" href="/papers/category/cs.CV">cs.CV</a>');
      expect(card).toContain('href="/papers/category/cs.CL"');
      expect(card).toContain('href="/papers/category/cs.AI"');
      expect(card).not.toContain('href="/papers/category/cs.LG"');
      expect(card).toContain('href="/papers/2611.20001#comments"');
      expect(res.text).toContain('<ol class="papers grid"');
    });

    it('puts previous and next beside the heading, and category chips with counts', async () => {
      const res = await web.client().get('/papers/date/2026-11-27');
      const top = res.text.slice(0, res.text.indexOf('<ol class="papers'));
      expect(top).toContain('rel="prev">← Wed 25 Nov</a>');
      expect(top).toMatch(/href="\/papers\/category\/cs\.CL\/date\/2026-11-27"[^>]*>cs\.CL <span class="n">2<\/span>/);
      expect(top).toMatch(/href="\/papers\/category\/cs\.CV\/date\/2026-11-27"[^>]*>cs\.CV <span class="n">1<\/span>/);
    });

    it('shows a category by day, week and month, with its own neighbours', async () => {
      const c = web.client();
      const latest = await c.get('/papers/category/cs.CV');
      expect(latest.status).toBe(200);
      expect(latest.text).toContain('cs.CV · Fri 27 Nov 2026');
      expect(cardsOf(latest.text)).toEqual(['2611.20001']);
      expect(latest.text).toContain('href="/papers/category/cs.CV/date/2026-11-25"');
      const cl = await c.get('/papers/category/cs.CL/date/2026-11-27');
      expect(cardsOf(cl.text)).toEqual(['2611.20001', '2611.20002']);
      const week = await c.get('/papers/category/cs.CV/week/2026-W48');
      expect(cardsOf(week.text)).toEqual(['2611.20001', '2611.20003']);
      expect(week.text).toContain('<time class="day" datetime="2026-11-25">Wed 25 Nov</time>');
      const month = await c.get('/papers/category/cs.AI/month/2026-10');
      expect(month.text).toContain('55 papers');
      expect((await c.get('/papers/category/cs.XX')).status).toBe(404);
      const bad = await c.get('/papers/category/%3Cscript%3E');
      expect(bad.status).toBe(400);
      expect(bad.text).not.toContain('<script>');
    });

    it('leaves no short last page: 55 papers are one page', async () => {
      const res = await web.client().get('/papers/date/2026-10-06');
      expect(cardsOf(res.text)).toHaveLength(55);
      expect(res.text).not.toContain('page 1 of');
      expect(res.text).not.toContain('More papers');
    });

    it('keeps the period kind in the date picker', async () => {
      const c = web.client();
      expect((await c.get('/papers/date?d=2026-11-25&kind=week')).location).toBe('/papers/week/2026-W48');
      expect((await c.get('/papers/date?d=2026-11-25&kind=month&category=cs.CV')).location).toBe('/papers/category/cs.CV/month/2026-11');
      expect((await c.get('/papers/date?d=2026-11-25&kind=bogus')).location).toBe('/papers/date/2026-11-25');
      const week = await c.get('/papers/week/2026-W48');
      expect(week.text).toContain('<input type="hidden" name="kind" value="week"');
    });

    it('remembers the compact list in a cookie, and caches each view apart', async () => {
      const c = web.client();
      expect((await c.get('/papers/date/2026-11-27')).text).toContain('<ol class="papers grid"');
      const set = await c.get('/view?as=list&next=/papers/date/2026-11-27');
      expect(set.status).toBe(303);
      expect(set.location).toBe('/papers/date/2026-11-27');
      expect(set.headers.get('set-cookie')).toContain('pb_view=list');
      expect((await c.get('/papers/date/2026-11-27')).text).toContain('<ol class="papers list"');
      expect((await web.client().get('/papers/date/2026-11-27')).text).toContain('<ol class="papers grid"');
      expect((await c.get('/view?as=grid&next=//evil.example')).location).toBe('/');
      expect((await c.get('/papers/date/2026-11-27')).text).toContain('<ol class="papers grid"');
    });

    it('has a search box in the header of every page but search itself', async () => {
      const c = web.client();
      expect((await c.get('/papers/2611.20001')).text).toContain('<form class="site-search" method="get" action="/search" role="search">');
      expect((await c.get('/search?q=cards')).text).not.toContain('class="site-search"');
    });
  });
}
