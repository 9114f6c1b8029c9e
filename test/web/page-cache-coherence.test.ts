import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { upsertPapers } from '../../src/store/papers.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { sessionClient, startWeb, type WebHarness } from '../support/web.js';

/** Fetches `path` until `ok` holds of its text or `ms` pass; returns the last text. */
async function eventually(url: string, ok: (text: string) => boolean, ms: number): Promise<{ text: string; afterMs: number }> {
  const started = Date.now();
  for (;;) {
    const text = await (await fetch(url)).text();
    if (ok(text) || Date.now() - started > ms) return { text, afterMs: Date.now() - started };
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`cached pages follow writes of other processes (${dialect.name})`, () => {
    let web: WebHarness;
    /** Another process on the same store: a CLI import, a second `serve`. */
    let other: Store;
    beforeAll(async () => {
      web = await startWeb(dialect);
      other = openStore(web.config.databaseUrl);
    });
    afterAll(async () => {
      await other?.close();
      await web?.close();
    });

    it("shows another process's change to a paper within a second, though its page is cached for a minute", async () => {
      const paper = buildRecord({ title: 'The first title of this paper' });
      await upsertPapers(web.store, [paper]);
      const pageUrl = `${web.url}/papers/${paper.id}`;
      // Rendered once and cached for anonymous readers.
      expect(await (await fetch(pageUrl)).text()).toContain('The first title of this paper');
      expect(await (await fetch(pageUrl)).text()).toContain('The first title of this paper');

      await upsertPapers(other, [{ ...paper, version: 2, title: 'A revised title, imported elsewhere', updatedAt: '2024-02-01T00:00:00.000Z', versions: [...(paper.versions ?? []), { version: 2, submittedAt: '2024-02-01T00:00:00.000Z', size: '120kb' }] }]);
      const seen = await eventually(pageUrl, (text) => text.includes('A revised title, imported elsewhere'), 3_000);
      expect(seen.text).toContain('A revised title, imported elsewhere');
      expect(seen.afterMs).toBeLessThan(1_000);
    });
  });
}

describe('the front door (signed-out GETs of cached pages, answered before routing)', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWeb(dialects[0]!);
  });
  afterAll(async () => {
    await web?.close();
  });

  it('answers a repeat with the same status, headers and body the application sent first', async () => {
    const paper = buildRecord({ title: 'A page for the front door' });
    await upsertPapers(web.store, [paper]);
    const url = `${web.url}/papers/${paper.id}`;
    const first = await fetch(url);
    const firstBody = await first.text();
    const hitsBefore = web.app.pageCache.hits;
    const again = await fetch(url);
    expect(await again.text()).toBe(firstBody);
    expect(web.app.pageCache.hits).toBe(hitsBefore + 1);
    const headers = (r: Response) => [...r.headers].filter(([k]) => k !== 'date' && k !== 'keep-alive').sort();
    expect(headers(again)).toEqual(headers(first));
    expect(again.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(again.headers.get('vary')).toBe('Accept, Accept-Encoding');
  });

  it('lets through what may differ from the cached page: Markdown, HEAD, a signed-in reader', async () => {
    const paper = buildRecord({ title: 'Negotiated variants' });
    await upsertPapers(web.store, [paper]);
    const url = `${web.url}/papers/${paper.id}`;
    await fetch(url);
    const markdown = await fetch(url, { headers: { accept: 'text/markdown' } });
    expect(markdown.headers.get('content-type')).toContain('text/markdown');
    expect(await markdown.text()).toContain('# Negotiated variants');
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const reader = await sessionClient(web, 'front-door-reader@example.org');
    const signedIn = await reader.get(`/papers/${paper.id}`);
    expect(signedIn.headers.get('cache-control')).toBe('private, no-store');
  });
});
