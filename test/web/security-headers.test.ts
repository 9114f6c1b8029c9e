import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

// Headers only: the store plays no part, so one dialect is enough.
describe('Strict-Transport-Security', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWeb(sqliteFactory);
  });
  afterAll(() => web?.close());

  it('is sent on every response when BASE_URL is https', async () => {
    const local = web.config.baseUrl;
    // BASE_URL is fixed for a process's life; cached pages (and the headers they are replayed
    // with) were made under the other one.
    web.app.pageCache.clear();
    web.config.baseUrl = 'https://papers.example.org';
    try {
      for (const path of ['/', '/healthz', '/api/v1/trending', '/nowhere']) {
        const res = await web.client().get(path);
        expect(res.headers.get('strict-transport-security'), path).toBe('max-age=31536000; includeSubDomains');
      }
    } finally {
      web.config.baseUrl = local;
      web.app.pageCache.clear();
    }
  });

  it('is not sent when BASE_URL is plain http (a browser would pin https on a site that has none)', async () => {
    expect(web.config.baseUrl.startsWith('http://')).toBe(true);
    const res = await web.client().get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});
