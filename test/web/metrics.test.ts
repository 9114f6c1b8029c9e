import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { buildRecord } from '../support/factories.js';
import { dialects, sqliteFactory } from '../support/stores.js';
import { pageChangesFollowed, startWeb, type WebHarness } from '../support/web.js';

/** The value of a series line `name{labels} value`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`/metrics (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect);
      await upsertPapers(web.store, [buildRecord({ id: '2611.50001', dailyAt: `${new Date().toISOString().slice(0, 10)}T09:00:00.000Z` })]);
      await web.search.start();
      // The import's page changes reach the cache follower first: the page cached below stays cached.
      await pageChangesFollowed();
    });
    afterAll(() => web?.close());

    it('counts requests by route and status, the page cache, the index lag and the store', async () => {
      const c = web.client();
      await fetch(`${web.url}/papers/2611.50001`);
      await fetch(`${web.url}/papers/2611.50001`); // a cache hit, answered by the front door
      await c.get('/no/such/page');
      const res = await c.get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = res.text;
      expect(sample(text, 'paperboy_http_requests_total{route="/papers/*",method="GET",status="200"}')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'paperboy_http_requests_total{route="(front door)",method="GET",status="200"}')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'paperboy_http_requests_total{route="(no route)",method="GET",status="404"}')).toBe(1);
      expect(text).toContain('paperboy_http_request_duration_seconds_bucket{le="0.005",route="/papers/*"}');
      expect(sample(text, 'paperboy_page_cache_hits')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'paperboy_search_ready')).toBe(1);
      expect(sample(text, 'paperboy_search_index_lag')).toBe(0);
      expect(text).toContain('paperboy_process_resident_memory_bytes');
      if (dialect.name === 'postgres') expect(sample(text, 'paperboy_db_pool_connections{state="open"}')).toBeGreaterThanOrEqual(1);
    });
  });
}

describe('/metrics with METRICS_TOKEN', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWeb(sqliteFactory, { env: { METRICS_TOKEN: 's3cret-token' } });
  });
  afterAll(() => web?.close());

  it('wants the bearer token, even from loopback', async () => {
    expect((await fetch(`${web.url}/metrics`)).status).toBe(403);
    expect((await fetch(`${web.url}/metrics`, { headers: { authorization: 'Bearer wrong-token!' } })).status).toBe(403);
    const ok = await fetch(`${web.url}/metrics`, { headers: { authorization: 'Bearer s3cret-token' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('paperboy_http_requests_total');
  });
});
