import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseOaiResponse } from '../../src/ingest/sources/oai-pmh.js';
import { arxivFixtures, oaiChainIds, startArxivServer, type ArxivServer } from '../support/arxiv-server.js';

// The fake arXiv other suites build on: its documented answers, checked through plain fetch.
let arxiv: ArxivServer;
beforeAll(async () => {
  arxiv = await startArxivServer();
});
afterAll(() => arxiv.close());
beforeEach(() => {
  arxiv.requests.length = 0;
});

async function get(path: string): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(`${arxiv.url}${path}`);
  return { status: res.status, body: await res.text(), headers: res.headers };
}
const oaiCode = async (query: string) => {
  const parsed = parseOaiResponse((await get(`/oai?${query}`)).body);
  return parsed?.kind === 'error' ? parsed.code : parsed?.kind;
};

describe('startArxivServer', () => {
  it('listens on 127.0.0.1 and exposes the three base URLs', () => {
    expect(arxiv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect([arxiv.oaiUrl, arxiv.apiUrl, arxiv.rssUrl]).toEqual([`${arxiv.url}/oai`, `${arxiv.url}/api/query`, arxiv.url]);
  });

  it('answers OAI-PMH requests the way arXiv does', async () => {
    expect(await oaiCode('verb=ListRecords&metadataPrefix=arXivRaw&set=cs:cs:CL')).toBe('records');
    expect(await oaiCode('verb=ListRecords&metadataPrefix=arXivRaw&set=physics')).toBe('records');
    expect(await oaiCode('verb=ListRecords&metadataPrefix=arXivRaw&set=cs:cs:DL')).toBe('noRecordsMatch');
    expect(await oaiCode('verb=ListRecords&metadataPrefix=arXivRaw&from=2026-03-10')).toBe('noRecordsMatch');
    expect(await oaiCode('verb=ListRecords&metadataPrefix=arXivRaw&until=2026-03-05')).toBe('noRecordsMatch');
    expect(await oaiCode('verb=ListRecords&metadataPrefix=oai_dc')).toBe('cannotDisseminateFormat');
    expect(await oaiCode('verb=ListRecords')).toBe('badArgument');
    expect(await oaiCode('verb=ListRecords&metadataPrefix=arXivRaw&from=yesterday')).toBe('badArgument');
    expect(await oaiCode(`verb=ListRecords&metadataPrefix=arXivRaw&resumptionToken=${encodeURIComponent(arxivFixtures.oaiRawTokens[0])}`)).toBe('badArgument');
    expect(await oaiCode(`verb=ListRecords&resumptionToken=${encodeURIComponent(arxivFixtures.oaiRawTokens[0])}`)).toBe('records');
    expect(await oaiCode('verb=ListRecords&resumptionToken=nope')).toBe('badResumptionToken');
    expect(await oaiCode('verb=Identify')).toBe('badVerb');
  });

  it('records every request with its arguments, time and status', async () => {
    await get('/oai?verb=ListRecords&metadataPrefix=arXivRaw&set=cs');
    expect(arxiv.requests).toEqual([{
      method: 'GET', path: '/oai', search: '?verb=ListRecords&metadataPrefix=arXivRaw&set=cs',
      params: [['verb', 'ListRecords'], ['metadataPrefix', 'arXivRaw'], ['set', 'cs']],
      query: { verb: 'ListRecords', metadataPrefix: 'arXivRaw', set: 'cs' }, at: expect.any(Number), userAgent: expect.any(String), status: 200,
    }]);
  });

  it('serves a made-up OAI chain of any length, each page held a while, then no records for a new harvest', async () => {
    const chain = { first: 30000, pages: 2, perPage: 3, delayMs: 150 };
    arxiv.configure({ oaiChain: chain });
    const t0 = Date.now();
    const first = await get('/oai?verb=ListRecords&metadataPrefix=arXivRaw&set=cs:cs:LG');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect([...first.body.matchAll(/<id>([^<]+)<\/id>/g)].map((m) => m[1])).toEqual(['2603.30000', '2603.30001', '2603.30002']);
    expect(first.body).toContain('completeListSize="6">chain30000|1</resumptionToken>');
    const last = await get('/oai?verb=ListRecords&resumptionToken=chain30000|1');
    expect(oaiChainIds(chain).slice(3).every((id) => last.body.includes(`<id>${id}</id>`))).toBe(true);
    expect(last.body).toContain('completeListSize="6"></resumptionToken>');
    expect((await get('/oai?verb=ListRecords&metadataPrefix=arXivRaw&set=cs:cs:LG')).body).toContain('noRecordsMatch');
    arxiv.configure({ oaiChain: undefined });
  });

  it('answers 503 with Retry-After for the configured requests only', async () => {
    arxiv.configure({ unavailable: { count: 1, retryAfter: '7', match: (r) => r.path === '/api/query' } });
    expect((await get('/oai?verb=ListRecords&metadataPrefix=arXiv')).status).toBe(200);
    const down = await get('/api/query?id_list=2603.01234');
    expect([down.status, down.headers.get('retry-after')]).toEqual([503, '7']);
    expect((await get('/api/query?id_list=2603.01234')).status).toBe(200);
  });

  it('answers a malformed API id with HTTP 400 and the error feed', async () => {
    const res = await get('/api/query?id_list=abc&max_results=1');
    expect(res.status).toBe(400);
    expect(res.body).toContain('<summary>incorrect id format for abc</summary>');
  });
});
