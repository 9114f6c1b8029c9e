import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

describe('GET /readyz', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWeb(sqliteFactory);
  });
  afterAll(() => web?.close());

  it('says starting (503, Retry-After) until the search index is loaded, then ready; /healthz is alive all along', async () => {
    const starting = await fetch(`${web.url}/readyz`);
    expect(starting.status).toBe(503);
    expect(starting.headers.get('retry-after')).toBe('2');
    expect(await starting.json()).toMatchObject({ status: 'starting', store: { ok: true }, search: { state: 'building' } });
    expect((await fetch(`${web.url}/healthz`)).status).toBe(200);
    await web.search.start();
    const ready = await fetch(`${web.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toMatchObject({ status: 'ready', search: { state: 'ready', papers: 0 } });
  });
});
