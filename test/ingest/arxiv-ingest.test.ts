import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { failedSources, runArxivIngestion } from '../../src/ingest/arxiv-ingest.js';
import { latestRuns } from '../../src/store/ingest-runs.js';
import { checkpointStore } from '../../src/store/checkpoints.js';
import { findPaper } from '../../src/store/papers.js';
import { storeStats } from '../../src/store/stats.js';
import { arxivFixtures, type ArxivServer, startArxivServer, testArxivClient } from '../support/arxiv-server.js';
import { dialects, type TestStore } from '../support/stores.js';

let arxiv: ArxivServer;
beforeAll(async () => {
  arxiv = await startArxivServer();
});
afterAll(async () => {
  await arxiv.close();
});

/** The fixtures describe 2026-03-10: run as of the next day, so the first harvest reaches them. */
const now = new Date('2026-03-11T12:00:00Z');

function configFor(server: ArxivServer) {
  return loadConfig({ ARXIV_OAI_URL: server.oaiUrl, ARXIV_API_URL: server.apiUrl, ARXIV_RSS_URL: server.rssUrl, ARXIV_CATEGORIES: 'cs.CL' });
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`arXiv ingestion into ${dialect.name}`, () => {
    let t: TestStore;
    beforeEach(async () => {
      t = await dialect.create();
      arxiv.requests.length = 0;
      arxiv.configure({ unavailable: undefined, rssFeed: 'weekday' });
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it('daily run: the announcement feed fixes the days, the OAI harvest adds versions; a re-run changes nothing', async () => {
      const config = configFor(arxiv);
      const first = await runArxivIngestion(t.store, testArxivClient(), config, { now });
      expect(first.announcedOn).toBe(arxivFixtures.rssDay);
      expect(first.added).toBeGreaterThanOrEqual(arxivFixtures.oaiRawIds.length);
      expect(first.rejected).toBe(arxivFixtures.oaiRawRejected.length);
      expect(first.deleted).toBe(arxivFixtures.oaiRawDeleted.length);
      // First request is the feed of the followed categories, then arXiv's sets (the category exists), then the OAI chain for cs.CL.
      expect(arxiv.requests[0]?.path).toBe('/rss/cs.CL');
      expect(arxiv.requests[1]?.query).toEqual({ verb: 'ListSets' });
      expect(arxiv.requests[2]?.query).toMatchObject({ verb: 'ListRecords', metadataPrefix: 'arXivRaw', set: 'cs:cs:CL' });
      expect(arxiv.requests[2]?.query.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // The feed's replacements of papers neither the store nor the harvest has: asked of the API last.
      expect(first.sources.map((s) => [s.source, s.error])).toEqual([['rss', null], ['oai:cs.CL', null], ['api', null]]);
      expect(arxiv.requests.at(-1)?.query.id_list?.split(',').sort()).toEqual(['2601.05555', '2602.11111']);

      for (const id of arxivFixtures.oaiRawIds) expect(await findPaper(t.store, id), id).toBeDefined();
      const multi = await findPaper(t.store, '2603.01234');
      expect(multi?.versions.length).toBeGreaterThan(1);
      expect(multi?.version).toBe(multi?.versions.at(-1)?.version);
      const stats = await storeStats(t.store);
      expect(stats.latestFeedDate).toBe(arxivFixtures.rssDay);

      const cp = await checkpointStore(t.store).get('oai:arXivRaw:cs:cs:CL');
      expect(JSON.parse(cp ?? '{}')).toEqual({ nextFrom: arxivFixtures.oaiFirstResponseDate.slice(0, 10) });

      arxiv.requests.length = 0;
      const second = await runArxivIngestion(t.store, testArxivClient(), config, { now });
      expect(second.added).toBe(0);
      expect(second.updated).toBe(0);
      // The set list is kept in the store for a week: the second run does not ask again.
      expect(arxiv.requests.filter((r) => r.query.verb === 'ListSets')).toEqual([]);
      expect(arxiv.requests[1]?.query.from).toBe(arxivFixtures.oaiFirstResponseDate.slice(0, 10));
      expect((await storeStats(t.store)).changeSeq).toBe(stats.changeSeq);
    });

    it('papers announced new or cross land on the announcement day; replacements keep the day they had', async () => {
      const { upsertPapers } = await import('../../src/store/papers.js');
      // 2602.11111 was announced in February; today's feed lists its v2 as a replacement.
      await upsertPapers(t.store, [{ source: 'arxiv-rss', id: '2602.11111', version: 1, title: 'Earlier', announcedOn: '2026-02-17', announceType: 'new' }]);
      await runArxivIngestion(t.store, testArxivClient(), configFor(arxiv), { now });
      expect((await findPaper(t.store, '2603.03003'))?.feedDate).toBe(arxivFixtures.rssDay);
      expect((await findPaper(t.store, '2603.07712'))?.feedDate).toBe(arxivFixtures.rssDay);
      const replaced = await findPaper(t.store, '2602.11111');
      expect(replaced?.version).toBe(2);
      expect(replaced?.feedDate).toBe('2026-02-17');
      // A replacement of a paper we never saw is stored, but not as news of today.
      expect((await findPaper(t.store, '2601.05555'))?.announcedOn).toBeNull();
    });

    it('a replacement of a paper never seen lands on a day in the same run: its first submission from the API', async () => {
      arxiv.configure({ apiSynthesize: true });
      try {
        await runArxivIngestion(t.store, testArxivClient(), configFor(arxiv), { now });
      } finally {
        arxiv.configure({ apiSynthesize: false });
      }
      const api = arxiv.requests.filter((r) => r.path === '/api/query');
      // One request for the replacements still without a day after the harvest.
      expect(api.map((r) => r.query.id_list?.split(',').sort())).toEqual([['2601.05555', '2602.11111']]);
      const paper = await findPaper(t.store, '2601.05555');
      expect(paper?.version).toBe(3);
      expect(paper?.announcedOn).toBeNull();
      // Published Mon 2026-03-02 12:00 UTC (the synthetic entry): in Tuesday's listing (announcement-calendar.ts).
      expect(paper?.feedDate).toBe('2026-03-03');
    });

    it('fetches single papers through the API and reports the unknown ones', async () => {
      const result = await runArxivIngestion(t.store, testArxivClient(), configFor(arxiv), { ids: ['2603.02001', 'hep-th/9901001', '2609.99999'] });
      expect(result.added).toBe(2);
      expect(result.notFound).toEqual(['2609.99999']);
      expect((await findPaper(t.store, 'hep-th/9901001'))?.title).toBeTruthy();
    });

    it('backfill: harvests a given range under its own checkpoint, without the feed', async () => {
      const result = await runArxivIngestion(t.store, testArxivClient(), configFor(arxiv), { from: '2026-03-01', until: '2026-03-10' });
      expect(result.added).toBe(arxivFixtures.oaiRawIds.length);
      expect(arxiv.requests.some((r) => r.path.startsWith('/rss'))).toBe(false);
      expect(arxiv.requests.find((r) => r.query.verb === 'ListRecords')?.query).toMatchObject({ from: '2026-03-01', until: '2026-03-10' });
    });

    it('an interrupted first harvest resumes at its saved token on the next run', async () => {
      const [token] = arxivFixtures.oaiRawTokens;
      arxiv.configure({ unavailable: { count: 50, retryAfter: '0', match: (r) => r.query.resumptionToken === token } });
      const cut = await runArxivIngestion(t.store, testArxivClient(), configFor(arxiv), { now });
      expect(cut.sources.find((s) => s.source === 'oai:cs.CL')?.error).toMatch(/HTTP 503/);
      arxiv.configure({ unavailable: undefined });
      arxiv.requests.length = 0;
      const later = new Date(now.getTime() + 86_400_000);
      await runArxivIngestion(t.store, testArxivClient(), configFor(arxiv), { now: later });
      const oai = arxiv.requests.filter((r) => r.query.verb === 'ListRecords');
      expect(oai[0]?.query).toEqual({ verb: 'ListRecords', resumptionToken: token });
      for (const id of arxivFixtures.oaiRawIds) expect(await findPaper(t.store, id), id).toBeDefined();
    });

    it('each source runs on its own: the feed failing does not stop the harvest, and the run keeps each outcome', async () => {
      arxiv.configure({ unavailable: { count: 100, retryAfter: '0', match: (r) => r.path.startsWith('/rss') } });
      const result = await runArxivIngestion(t.store, testArxivClient({ maxRetries: 0 }), configFor(arxiv), { now });
      expect(result.sources.map((s) => s.source)).toEqual(['rss', 'oai:cs.CL']);
      expect(result.sources[0]?.error).toMatch(/HTTP 503/);
      expect(result.sources[1]).toMatchObject({ error: null, added: arxivFixtures.oaiRawIds.length });
      expect(failedSources(result)).toMatch(/^rss: .*HTTP 503/);
      for (const id of arxivFixtures.oaiRawIds) expect(await findPaper(t.store, id), id).toBeDefined();
      const [run] = await latestRuns(t.store);
      expect(run).toMatchObject({ kind: 'arxiv', added: arxivFixtures.oaiRawIds.length, error: expect.stringMatching(/^rss: /) });
      expect(run?.sources?.map((s) => [s.source, s.error === null])).toEqual([['rss', false], ['oai:cs.CL', true]]);
    });

    it('an unknown category fails its own harvest with a message naming it (ListSets, kept a week in the store); the others run', async () => {
      const result = await runArxivIngestion(t.store, testArxivClient(), configFor(arxiv), { now, categories: ['cs.XX', 'cs.CL'] });
      const xx = result.sources.find((s) => s.source === 'oai:cs.XX');
      expect(xx?.error).toMatch(/unknown arXiv category "cs\.XX"/);
      expect(result.sources.find((s) => s.source === 'oai:cs.CL')?.error).toBeNull();
      for (const id of arxivFixtures.oaiRawIds) expect(await findPaper(t.store, id), id).toBeDefined();
      expect(arxiv.requests.filter((r) => r.query.set === 'cs:cs:XX')).toEqual([]);
      // A kept list that lacks the set is asked again once before the category is called unknown.
      arxiv.requests.length = 0;
      const again = await runArxivIngestion(t.store, testArxivClient(), configFor(arxiv), { now, categories: ['cs.XX'] });
      expect(again.sources.find((s) => s.source === 'oai:cs.XX')?.error).toMatch(/unknown arXiv category "cs\.XX"/);
      expect(arxiv.requests.filter((r) => r.query.verb === 'ListSets')).toHaveLength(1);
    });

    it('survives a 503 with Retry-After 0 (own backoff) and stores everything once', async () => {
      arxiv.configure({ unavailable: { count: 2, retryAfter: '0' } });
      const result = await runArxivIngestion(t.store, testArxivClient(), configFor(arxiv), { now });
      expect(arxiv.requests.filter((r) => r.status === 503)).toHaveLength(2);
      expect(result.added).toBeGreaterThanOrEqual(arxivFixtures.oaiRawIds.length);
    });
  });
}
