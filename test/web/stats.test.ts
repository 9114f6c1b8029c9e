import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment, removeComment } from '../../src/store/comments.js';
import { banUser, hideComment, hidePaper } from '../../src/store/moderation.js';
import { upsertPapers } from '../../src/store/papers.js';
import { activityRange, commentsPerDay, papersPerDayByCategory, siteActivity, topSubmitters, upvotesOverTime, upvotesPerDay } from '../../src/store/site-activity.js';
import { creditSubmission } from '../../src/store/submissions.js';
import { findOrCreateUser, setUserNames } from '../../src/store/users.js';
import { setVote } from '../../src/store/votes.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const NOW = new Date('2026-11-28T15:00:00Z');
/** The latest feed day on or before NOW's day; the window is the 90 days up to it. */
const LAST = '2026-11-27';
const FIRST = '2026-08-30';

const HOSTILE_HANDLE = 'x"><script>alert(1)</script>';
const HOSTILE_NAME = '<img src=x onerror=alert(2)>';
const HOSTILE_CATEGORY = 'cs.<b>XSS</b>';

const at = (day: string, time = '15:00:00') => new Date(`${day}T${time}.000Z`);
const paper = (id: string, day: string, category: string, upvotes = 0) =>
  buildRecord({ id, dailyAt: `${day}T15:00:00.000Z`, primaryCategory: category, categories: [category], upvotes });

/**
 * The known data set. Papers in the window: 27 Nov: cs.CL 3 (a fourth hidden), cs.LG 1, math.PR 1,
 * the hostile category 1; 25 Nov: cs.LG 2; 30 Aug (the window's first day): hep-th 1. Outside: 29 Aug, 29 Nov (after today).
 * Votes in the window: 26 Nov 2, 27 Nov 3; outside: 29 Aug, 28 Nov (after the latest feed day).
 * Comments in the window: 26 Nov 1, 27 Nov 2 (a deleted and a hidden one not counted).
 * Submitters: ada 2, the hostile user 1, a banned user 3 (left out), a submission of the hidden paper (left out).
 */
async function seed(web: WebHarness) {
  const { store } = web;
  await upsertPapers(store, [
    paper('2611.00001', LAST, 'cs.CL', 7), paper('2611.00002', LAST, 'cs.CL'), paper('2611.00003', LAST, 'cs.CL'), paper('2611.00004', LAST, 'cs.CL'),
    paper('2611.00005', LAST, 'cs.LG'), paper('2611.00006', LAST, 'math.PR'), paper('2611.00007', LAST, HOSTILE_CATEGORY),
    paper('2611.00008', '2026-11-25', 'cs.LG'), paper('2611.00009', '2026-11-25', 'cs.LG'),
    paper('2608.00001', FIRST, 'hep-th'), paper('2608.00002', '2026-08-29', 'cs.CL'), paper('2611.00010', '2026-11-29', 'cs.CL'),
  ]);
  const mod = await findOrCreateUser(store, 'mod@example.org', 'mod');
  const ada = await findOrCreateUser(store, 'ada@example.org', 'ada');
  const bob = await findOrCreateUser(store, 'bob@example.org', 'bob');
  const eve = await findOrCreateUser(store, 'eve@example.org', 'eve');
  const evil = await findOrCreateUser(store, 'evil@example.org', HOSTILE_HANDLE);
  await setUserNames(store, evil.id, { handle: HOSTILE_HANDLE, displayName: HOSTILE_NAME }, NOW);
  await setUserNames(store, ada.id, { handle: 'ada', displayName: 'Ada L.' }, NOW);

  await hidePaper(store, mod.id, '2611.00004', 'spam', NOW);

  await setVote(store, ada.id, '2611.00001', true, at('2026-11-26', '08:00:00'));
  await setVote(store, bob.id, '2611.00001', true, at('2026-11-26', '23:59:59'));
  await setVote(store, eve.id, '2611.00001', true, at(LAST, '00:00:00'));
  await setVote(store, ada.id, '2611.00002', true, at(LAST));
  await setVote(store, bob.id, '2611.00005', true, at(LAST));
  await setVote(store, mod.id, '2611.00001', true, at('2026-11-28'));
  await setVote(store, mod.id, '2608.00002', true, at('2026-08-29', '23:00:00'));
  // A vote taken back leaves no row, so it counts nowhere.
  await setVote(store, eve.id, '2611.00005', true, at(LAST));
  await setVote(store, eve.id, '2611.00005', false, at(LAST));

  await addComment(store, { paperId: '2611.00001', userId: ada.id, parentId: null, body: 'first', now: at('2026-11-26') });
  await addComment(store, { paperId: '2611.00001', userId: bob.id, parentId: null, body: 'second', now: at(LAST) });
  await addComment(store, { paperId: '2611.00002', userId: bob.id, parentId: null, body: 'third', now: at(LAST) });
  const deleted = await addComment(store, { paperId: '2611.00002', userId: eve.id, parentId: null, body: 'oops', now: at(LAST) });
  await removeComment(store, deleted, 'deleted', at(LAST, '16:00:00'));
  const hidden = await addComment(store, { paperId: '2611.00002', userId: eve.id, parentId: null, body: 'rude', now: at(LAST) });
  await hideComment(store, mod.id, hidden, 'rude', at(LAST, '16:00:00'));

  const banned = await findOrCreateUser(store, 'spammer@example.org', 'spammer');
  for (const id of ['2611.00005', '2611.00006', '2611.00008']) await creditSubmission(store, id, banned.id, at('2026-11-25'));
  await banUser(store, mod.id, banned.id, 'spam', NOW);
  await creditSubmission(store, '2611.00001', ada.id, at('2026-11-26'));
  await creditSubmission(store, '2611.00002', ada.id, at(LAST));
  await creditSubmission(store, '2611.00003', evil.id, at(LAST));
  await creditSubmission(store, '2611.00004', eve.id, at(LAST));
  await creditSubmission(store, '2608.00002', eve.id, at('2026-08-29'));
}

/** The numbers of a chart's `<details>` table: row day -> cells as numbers. */
function tableRows(html: string): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  for (const m of html.matchAll(/<tr><th scope="row">([^<]+)<\/th>((?:<td[^>]*>[^<]*<\/td>)+)<\/tr>/g)) {
    rows.set(m[1]!, [...m[2]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => Number(c[1]!.replace(/,/g, ''))));
  }
  return rows;
}

/** The section of the page under the heading with this id. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  expect(start, id).toBeGreaterThan(0);
  const end = html.indexOf('</section>', start);
  return html.slice(start, end);
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`stats (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
      await seed(web);
    });
    afterAll(() => web?.close());

    it('picks the 90 days up to the latest feed day on or before today', async () => {
      expect(await activityRange(web.store, '2026-11-28')).toEqual({ from: FIRST, to: LAST });
      expect(await activityRange(web.store, '2026-11-26')).toEqual({ from: '2026-08-28', to: '2026-11-25' });
      expect(await activityRange(web.store, '2026-01-01')).toBeNull();
    });

    it('counts visible papers per feed day and category, hidden and out-of-window papers left out', async () => {
      const rows = await papersPerDayByCategory(web.store, { from: FIRST, to: LAST });
      expect(rows).toEqual([
        { day: FIRST, category: 'hep-th', papers: 1 },
        { day: '2026-11-25', category: 'cs.LG', papers: 2 },
        { day: LAST, category: 'cs.<b>XSS</b>', papers: 1 },
        { day: LAST, category: 'cs.CL', papers: 3 },
        { day: LAST, category: 'cs.LG', papers: 1 },
        { day: LAST, category: 'math.PR', papers: 1 },
      ]);
    });

    it('counts upvotes and comments per UTC day in the window', async () => {
      const range = { from: FIRST, to: LAST };
      expect(await upvotesPerDay(web.store, range)).toEqual([{ day: '2026-11-26', count: 2 }, { day: LAST, count: 3 }]);
      expect(await commentsPerDay(web.store, range)).toEqual([{ day: '2026-11-26', count: 1 }, { day: LAST, count: 2 }]);
      expect(await upvotesPerDay(web.store, { from: '2026-08-29', to: '2026-08-29' })).toEqual([{ day: '2026-08-29', count: 1 }]);
    });

    it('ranks submitters and categories, banned users and hidden papers left out', async () => {
      expect(await topSubmitters(web.store, { from: FIRST, to: LAST }, 10)).toEqual([
        { handle: 'ada', name: 'Ada L.', papers: 2 },
        { handle: HOSTILE_HANDLE, name: HOSTILE_NAME, papers: 1 },
      ]);
      const all = await siteActivity(web.store, '2026-11-28');
      expect(all?.topCategories).toEqual([
        { category: 'cs.CL', papers: 3 }, { category: 'cs.LG', papers: 3 },
        { category: 'cs.<b>XSS</b>', papers: 1 }, { category: 'hep-th', papers: 1 }, { category: 'math.PR', papers: 1 },
      ]);
      expect((await siteActivity(web.store, '2026-11-28', { top: 1 }))?.topSubmitters).toHaveLength(1);
    });

    it('gives one paper its votes per day and imported baseline', async () => {
      expect(await upvotesOverTime(web.store, '2611.00001')).toEqual({
        paperId: '2611.00001', baseline: 7,
        days: [{ day: '2026-11-26', count: 2 }, { day: LAST, count: 1 }, { day: '2026-11-28', count: 1 }],
      });
      expect(await upvotesOverTime(web.store, '2611.00003')).toEqual({ paperId: '2611.00003', baseline: 0, days: [] });
      expect(await upvotesOverTime(web.store, '9999.99999')).toEqual({ paperId: '9999.99999', baseline: 0, days: [] });
    });

    it('shows the counts on /stats, as charts with their numbers', async () => {
      const res = await web.client().get('/stats');
      expect(res.status).toBe(200);
      const html = res.text;
      const stat = (name: string) => Number(new RegExp(`data-stat="${name}">([^<]+)<`).exec(html)?.[1]);
      expect([stat('papers'), stat('upvotes'), stat('comments')]).toEqual([9, 5, 3]);

      const papers = section(html, 'papers-per-day');
      expect(papers).toContain('role="img"');
      expect(papers).toMatch(/aria-label="Papers per feed day by primary category\. 9 papers on 3 feed days from 2026-08-30 to 2026-11-27; the most, 6, on 2026-11-27\./);
      // Columns: total, then the stacked series (cs.CL, cs.LG, the hostile one, hep-th, math.PR).
      const byDay = tableRows(papers);
      expect([...byDay.keys()]).toEqual([FIRST, '2026-11-25', LAST]);
      expect(byDay.get(LAST)).toEqual([6, 3, 1, 1, 0, 1]);
      expect(byDay.get('2026-11-25')).toEqual([2, 0, 2, 0, 0, 0]);
      // 90 days on the x axis; 4 bars for the 27th (its categories), 1 each for the others.
      expect((papers.match(/<rect /g) ?? []).length).toBe(6);
      expect(papers).toMatch(/viewBox="0 0 900 100"/);

      const activity = section(html, 'activity-per-day');
      expect(tableRows(activity)).toEqual(new Map([['2026-11-26', [2, 1]], [LAST, [3, 2]]]));
      expect((activity.match(/<polyline /g) ?? []).length).toBe(2);

      const categories = section(html, 'top-categories');
      expect(categories).toContain('href="/papers/category/cs.CL"');
      expect([...categories.matchAll(/<span class="n">([\d,]+)/g)].map((m) => Number(m[1]))).toEqual([3, 3, 1, 1, 1]);

      const submitters = section(html, 'top-submitters');
      expect(submitters).toContain('href="/u/ada" title="@ada">Ada L.</a>');
      expect([...submitters.matchAll(/<span class="n">([\d,]+)/g)].map((m) => Number(m[1]))).toEqual([2, 1]);
      expect(submitters).not.toContain('spammer');
    });

    it('escapes hostile handles, display names and categories', async () => {
      const html = (await web.client().get('/stats')).text;
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<b>XSS');
      expect(html).toContain('&lt;img src=x onerror=alert(2)>');
      expect(html).toContain(`href="/u/${encodeURIComponent(HOSTILE_HANDLE)}"`);
      expect(html).toContain(`href="/papers/category/${encodeURIComponent(HOSTILE_CATEGORY)}"`);
      expect(html).toContain('cs.&lt;b>XSS&lt;/b>');
    });

    it('links Stats from the footer', async () => {
      expect((await web.client().get('/papers')).text).toContain('<a href="/stats">Stats</a>');
    });
  });

  describe.skipIf(!dialect.available)(`stats of an empty store (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
    });
    afterAll(() => web?.close());

    it('says there is nothing to count yet instead of failing', async () => {
      const res = await web.client().get('/stats');
      expect(res.status).toBe(200);
      expect(res.text).toContain('No papers yet');
      expect(res.text).not.toContain('<svg');
      expect(await siteActivity(web.store, '2026-11-28')).toBeNull();
    });

    it('draws flat charts when papers have no votes or comments', async () => {
      await upsertPapers(web.store, [paper('2611.00001', LAST, 'cs.CL')]);
      const activity = (await siteActivity(web.store, '2026-11-28'))!;
      expect(activity.upvotesByDay).toEqual([]);
      expect(activity.topSubmitters).toEqual([]);
      const html = (await web.client().get('/stats?after-papers')).text;
      expect(html).toContain('No upvotes or comments here from 2026-08-30 to 2026-11-27 yet.');
      expect(html).toContain('Nobody submitted a paper in these days yet.');
      expect(html).not.toContain('NaN');
      expect(html).not.toContain('Infinity');
    });
  });
}
