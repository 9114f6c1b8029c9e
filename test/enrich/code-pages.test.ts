import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncPaperRepos } from '../../src/enrich/repo-links-job.js';
import { upsertPapers } from '../../src/store/papers.js';
import { saveRepo } from '../../src/store/repos.js';
import { compactCount } from '../../src/web/render/compact-count.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const NOW = new Date('2026-11-27T18:00:00.000Z');
const DAY = 86_400_000;

describe('code repositories on the pages', () => {
  let web: WebHarness;

  beforeAll(async () => {
    web = await startWeb(sqliteFactory, { now: () => NOW, env: { GITHUB: 'off' } });
    await upsertPapers(web.store, [
      buildRecord({ id: '2611.00001', title: 'Fast attention with code', abstract: 'Code: https://github.com/Acme/Fast-Attn.', dailyAt: '2026-11-27T10:00:00.000Z', upvotes: 5 }),
      buildRecord({ id: '2611.00002', title: 'Rocket repository paper', abstract: 'See https://github.com/b/rocket and https://github.com/b/old', dailyAt: '2026-11-27T09:00:00.000Z', upvotes: 1 }),
      buildRecord({ id: '2611.00003', title: 'Paper without code', abstract: 'No code.', dailyAt: '2026-11-27T08:00:00.000Z', upvotes: 3 }),
    ]);
    await syncPaperRepos(web.store);
    const repo = (key: string, stars: number, at: Date, status: 'ok' | 'missing' = 'ok') =>
      saveRepo(web.store, { key, fullName: key, stars: status === 'missing' ? null : stars, forks: 0, license: null, pushedAt: null, archived: false, etag: null, status, renamedTo: null, fetchedAt: at, nextFetchAt: at });
    await repo('acme/fast-attn', 3210, new Date(NOW.getTime() - 8 * DAY));
    await repo('acme/fast-attn', 3250, NOW);
    await repo('b/rocket', 100, new Date(NOW.getTime() - 8 * DAY));
    await repo('b/rocket', 900, NOW);
    await repo('b/old', 0, NOW, 'missing');
  });
  afterAll(async () => {
    await web?.close();
  });

  it('cards say the best repository\'s stars', async () => {
    const html = (await web.client().get('/papers/date/2026-11-27')).text;
    expect(html).toMatch(/href="https:\/\/github.com\/Acme\/Fast-Attn"[^>]*>\s*code · ★ 3.3k/);
    expect(html).toMatch(/href="https:\/\/github.com\/b\/rocket"[^>]*>\s*code · ★ 900/);
  });

  it('?code=1 keeps papers with code, with a toggle in the toolbar', async () => {
    const all = (await web.client().get('/papers/date/2026-11-27')).text;
    expect(all).toContain('Paper without code');
    expect(all).toContain('href="/papers/date/2026-11-27?code=1"');
    const withCode = (await web.client().get('/papers/date/2026-11-27?code=1')).text;
    expect(withCode).not.toContain('Paper without code');
    expect(withCode).toContain('Rocket repository paper');
    expect(withCode).toContain('aria-current="true"');
  });

  it('the paper page and the compatible API give the stars', async () => {
    const page = (await web.client().get('/papers/2611.00001')).text;
    expect(page).toMatch(/★ 3\.3K/);
    const api = JSON.parse((await web.client().get('/api/papers/2611.00001')).text) as { githubRepo: string; githubStars: number };
    expect(api).toMatchObject({ githubRepo: 'https://github.com/Acme/Fast-Attn', githubStars: 3250 });
  });

  it('/trending/stars ranks by stars gained in 7 days, linked from /trending', async () => {
    const html = (await web.client().get('/trending/stars')).text;
    expect(html.indexOf('Rocket repository paper')).toBeGreaterThan(0);
    expect(html.indexOf('Rocket repository paper')).toBeLessThan(html.indexOf('Fast attention with code'));
    expect(html).not.toContain('Paper without code');
    expect((await web.client().get('/trending')).text).toContain('href="/trending/stars"');
  });

  it('compact counts', () => {
    expect([0, 950, 1000, 3249, 12_345, 999_950, 1_500_000].map(compactCount)).toEqual(['0', '950', '1k', '3.2k', '12k', '1M', '1.5M']);
  });
});
