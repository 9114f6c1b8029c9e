import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExtractiveSummaries } from '../../../src/enrich/summaries/summary-job.js';
import { upsertPapers } from '../../../src/store/papers.js';
import { saveSummary } from '../../../src/store/summaries.js';
import { buildRecord } from '../../support/factories.js';
import { sqliteFactory } from '../../support/stores.js';
import { startWeb, type WebHarness } from '../../support/web.js';

const NOW = new Date('2026-11-28T15:00:00Z');

describe('summaries and keywords on the site', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWeb(sqliteFactory, { now: () => NOW });
    await upsertPapers(web.store, [
      buildRecord({
        id: '2611.30001', title: 'Sparse Retrieval with Token K-mers', dailyAt: '2026-11-27T09:00:00.000Z', upvotes: 5,
        abstract: 'Recent advances in retrieval have shown strong results. However, dense retrievers remain slow. We propose a sparse retriever that indexes token k-mers for fast sparse retrieval. Sparse retrieval with token k-mers is twice as fast.',
      }),
      buildRecord({ id: '2611.30002', title: 'Hostile', dailyAt: '2026-11-27T10:00:00.000Z', upvotes: 1, abstract: 'Plain.' }),
    ]);
    await runExtractiveSummaries({ store: web.store, enabled: true, chat: null });
    await saveSummary(web.store, { paperId: '2611.30002', version: 1, summary: 'We propose <script>alert(1)</script> as text.', keywords: ['<b>bold</b>', 'x'], source: 'model', model: 'tiny' }, NOW);
  });
  afterAll(() => web?.close());

  it('a card shows the summary as its teaser, escaped', async () => {
    const res = await web.client().get('/papers/date/2026-11-27');
    expect(res.text).toContain('<p class="teaser">We propose a sparse retriever that indexes token k-mers for fast sparse retrieval.</p>');
    expect(res.text).not.toContain('Recent advances in retrieval');
    expect(res.text).toContain('<p class="teaser">We propose &lt;script&gt;alert(1)&lt;/script&gt; as text.</p>');
    expect(res.text).not.toContain('<script>alert(1)');
  });

  it('the paper page shows keyword chips searching for their phrase', async () => {
    const res = await web.client().get('/papers/2611.30001');
    const chips = res.text.slice(res.text.indexOf('<nav class="chips keywords"'));
    expect(chips).toMatch(/^<nav class="chips keywords" aria-label="Keywords">/);
    expect(chips).toContain(`<a class="chip" href="/search?q=%22sparse%20retrieval%22">sparse retrieval</a>`);
    const hostile = await web.client().get('/papers/2611.30002');
    expect(hostile.text).toContain('&lt;b>bold&lt;/b></a>');
  });

  it('the APIs and feeds carry them', async () => {
    const v1 = JSON.parse((await web.client().get('/api/v1/papers/2611.30001')).text) as { summary: string; keywords: string[] };
    expect(v1.summary).toBe('We propose a sparse retriever that indexes token k-mers for fast sparse retrieval.');
    expect(v1.keywords).toContain('sparse retrieval');
    const compat = JSON.parse((await web.client().get('/api/papers/2611.30001')).text) as { ai_summary: string; ai_keywords: string[] };
    expect(compat.ai_summary).toBe(v1.summary);
    expect(compat.ai_keywords).toEqual(v1.keywords);
    const daily = JSON.parse((await web.client().get('/api/daily_papers?date=2026-11-27')).text) as { paper: { id: string; ai_summary?: string } }[];
    expect(daily.find((i) => i.paper.id === '2611.30001')?.paper.ai_summary).toBe(v1.summary);
    const feed = (await web.client().get('/feeds/date/2026-11-27.json')).text;
    expect(JSON.parse(feed).items.find((i: { id: string }) => i.id.endsWith('/papers/2611.30001')).summary).toBe(v1.summary);
  });
});
