import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceDaysBack } from '../../src/domain/announcement-calendar.js';
import { finishRun, latestRuns, startRun } from '../../src/store/ingest-runs.js';
import { findOrCreateUser, setAdmin } from '../../src/store/users.js';
import { storeStats } from '../../src/store/stats.js';
import { type ArxivServer, arxivFixtures, startArxivServer } from '../support/arxiv-server.js';
import { dialects } from '../support/stores.js';
import { sessionClient, startWeb, type WebHarness } from '../support/web.js';

const NOW = new Date('2026-11-28T15:00:00Z');
const minutesBefore = (m: number) => new Date(NOW.getTime() - m * 60_000);
const COUNTS = { added: 0, updated: 0, unchanged: 0, rejected: 0 };

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`the empty home page says what the arXiv ingestion is doing (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
    });
    afterAll(() => web?.close());

    /** Each state under its own address: anonymous pages are cached for 5 s. */
    let visit = 0;
    const home = async () => {
      const res = await web.client().get(`/?v=${++visit}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('No papers yet');
      expect(res.text).toContain('<code>npx paperboy ingest arxiv --days 3</code>');
      expect(res.text).toContain('<code>npx paperboy import FILE.jsonl</code>');
      return res.text;
    };

    it('without any run, only the commands', async () => {
      const text = await home();
      expect(text).not.toContain('Bringing in');
      expect(text).not.toContain('failed');
    });

    it('while a run is in progress, since when; when it failed, its error on one line', async () => {
      const id = await startRun(web.store, 'arxiv', minutesBefore(12));
      expect(await home()).toContain('Bringing in the latest papers from arXiv (started 12 min ago); this page fills as they arrive.');

      await finishRun(web.store, id, COUNTS, 'arXiv did not answer: connect ECONNREFUSED 127.0.0.1:2\n    at TCPConnectWrap', minutesBefore(11));
      const failed = await home();
      expect(failed).not.toContain('Bringing in');
      expect(failed).toContain('The last arXiv ingestion (12 min ago) failed: arXiv did not answer: connect ECONNREFUSED 127.0.0.1:2 at TCPConnectWrap. Check the network, then try the commands below.');

      // A submission's API run is not the catch-up: the page still reports the arXiv run.
      await startRun(web.store, 'arxiv-api', minutesBefore(1));
      expect(await home()).toContain('The last arXiv ingestion (12 min ago) failed');

      await startRun(web.store, 'arxiv', minutesBefore(0));
      expect(await home()).toContain('Bringing in the latest papers from arXiv (started just now)');
    });
  });
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`a moderator brings in the last days from the empty home page (${dialect.name})`, () => {
    let arxiv: ArxivServer;
    let web: WebHarness;
    beforeAll(async () => {
      arxiv = await startArxivServer();
      web = await startWeb(dialect, { now: () => NOW, env: { ARXIV_OAI_URL: arxiv.oaiUrl, ARXIV_API_URL: arxiv.apiUrl, ARXIV_RSS_URL: arxiv.rssUrl } });
    });
    afterAll(async () => {
      await web?.close();
      await arxiv?.close();
    });

    it('only moderators get the button, its POST needs the CSRF token, and the run fills the page', async () => {
      const reader = await sessionClient(web, 'reader@example.org');
      expect((await reader.get('/')).text).not.toContain('Bring in the last 3 days from arXiv');
      expect((await reader.post('/ingest/arxiv', { _csrf: reader.cookies.get('pb_csrf')! })).status).toBe(403);

      const mod = await sessionClient(web, 'mod@example.org');
      await setAdmin(web.store, (await findOrCreateUser(web.store, 'mod@example.org', 'mod')).id, true);
      const page = (await mod.get('/')).text;
      expect(page).toContain('<button type="submit">Bring in the last 3 days from arXiv</button>');
      expect((await mod.post('/ingest/arxiv', { _csrf: 'not-the-token' })).status).toBe(403);
      expect(arxiv.requests.length).toBe(0);

      const res = await mod.post('/ingest/arxiv', { _csrf: mod.cookies.get('pb_csrf')! });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/');
      // The run goes on in the background; the store says when it is done.
      await expect.poll(async () => (await latestRuns(web.store)).find((r) => r.kind === 'arxiv')?.finishedAt ?? null, { timeout: 60_000, interval: 50 }).not.toBeNull();
      const run = (await latestRuns(web.store)).find((r) => r.kind === 'arxiv')!;
      expect(run.error).toBeNull();
      expect(run.added).toBeGreaterThan(0);
      expect((await storeStats(web.store)).papers).toBe(run.added);
      expect(arxiv.requests.some((q) => q.path.startsWith('/rss/'))).toBe(true);
      // Three days before the latest announcement day by the site's clock (NOW), as `--days 3` reaches.
      expect(new Set(arxiv.requests.filter((q) => q.path === '/oai' && q.query.verb === 'ListRecords').map((q) => q.query.from))).toEqual(new Set([announceDaysBack(NOW, 3)]));
      const home = await mod.get('/');
      expect(home.text).not.toContain('No papers yet');
      expect(arxivFixtures.rssDay).toBe('2026-03-10');
      expect(home.text).toContain('Tue 10 Mar 2026');
    });
  });
}
