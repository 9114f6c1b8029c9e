import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaperboyError, UpstreamError } from '../../src/domain/errors.js';
import type { SourceItem } from '../../src/domain/paper.js';
import type { ArxivHttpClient } from '../../src/ingest/arxiv-http.js';
import { harvestOai, incrementalFrom, readOaiCheckpoint, type HarvestOptions, type OaiCheckpointStore, type OaiPage } from '../../src/ingest/sources/oai-pmh.js';
import { arxivFixtures, startArxivServer, testArxivClient, type ArxivServer } from '../support/arxiv-server.js';

/** A checkpoint store in memory; `history` shows every value saved, in order. */
function memoryCheckpoints(): OaiCheckpointStore & { history: Array<string | null>; value(): string | null } {
  let current: string | null = null;
  const history: Array<string | null> = [];
  return {
    history,
    value: () => current,
    get: async () => current,
    set: async (_name, value) => {
      current = value;
      history.push(value);
    },
  };
}

const [TOKEN1, TOKEN2] = arxivFixtures.oaiRawTokens;
const ids = (items: SourceItem[]) => items.flatMap((i) => ('record' in i ? [i.record.id] : []));

let arxiv: ArxivServer;
let client: ArxivHttpClient;
let checkpoint: ReturnType<typeof memoryCheckpoints>;
let log: string[];
beforeEach(async () => {
  arxiv = await startArxivServer();
  log = [];
  client = testArxivClient({ log: (l) => log.push(l) });
  checkpoint = memoryCheckpoints();
});
afterEach(() => arxiv.close());

function options(extra: Partial<HarvestOptions> = {}): HarvestOptions {
  return { baseUrl: arxiv.oaiUrl, set: 'cs', from: '2026-03-05', checkpoint, checkpointName: 'oai:cs', log: (l) => log.push(l), ...extra };
}

async function harvestAll(opts: HarvestOptions): Promise<OaiPage[]> {
  const pages: OaiPage[] = [];
  for await (const page of harvestOai(client, opts)) pages.push(page);
  return pages;
}

describe('harvestOai: a complete list', () => {
  it('follows the resumption tokens through every page', async () => {
    const pages = await harvestAll(options());
    expect(pages).toHaveLength(3);
    expect(ids(pages.flatMap((p) => p.items))).toEqual(arxivFixtures.oaiRawIds);
    expect(pages.flatMap((p) => p.items.flatMap((i) => ('rejected' in i ? [i.rejected.at] : [])))).toEqual(arxivFixtures.oaiRawRejected);
    expect(pages.flatMap((p) => p.deleted)).toEqual(arxivFixtures.oaiRawDeleted);
    expect(pages.map((p) => [p.cursor, p.completeListSize])).toEqual([[0, 13], [undefined, undefined], [10, 13]]);
    expect(pages.map((p) => p.responseDate)).toEqual(['2026-03-10T02:15:07Z', '2026-03-10T02:15:41Z', '2026-03-11T00:00:03Z']);
  });

  it('sends all arguments first, then only verb and resumptionToken', async () => {
    await harvestAll(options({ until: '2026-03-09' }));
    expect(arxiv.requests.map((r) => r.params)).toEqual([
      [['verb', 'ListRecords'], ['metadataPrefix', 'arXivRaw'], ['set', 'cs'], ['from', '2026-03-05'], ['until', '2026-03-09']],
      [['verb', 'ListRecords'], ['resumptionToken', TOKEN1]],
      [['verb', 'ListRecords'], ['resumptionToken', TOKEN2]],
    ]);
    expect(arxiv.requests[1]?.search).toBe('?verb=ListRecords&resumptionToken=5316482%7C1001');
    // The client's 20 ms spacing holds between pages.
    for (let i = 1; i < arxiv.requests.length; i++) {
      expect((arxiv.requests[i]?.at ?? 0) - (arxiv.requests[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(15);
    }
  });

  it('records nextFrom = the date of the FIRST page\'s responseDate, capped by until', async () => {
    await harvestAll(options());
    expect(JSON.parse(checkpoint.value() ?? '')).toEqual({ nextFrom: arxivFixtures.oaiFirstResponseDate.slice(0, 10) });
    expect(incrementalFrom(checkpoint.value())).toBe('2026-03-10');

    const bounded = memoryCheckpoints();
    await harvestAll(options({ until: '2026-03-08', checkpoint: bounded }));
    expect(incrementalFrom(bounded.value())).toBe('2026-03-08');
  });

  it('without from, harvests incrementally from the checkpoint\'s nextFrom', async () => {
    await harvestAll(options());
    arxiv.requests.length = 0;
    const pages = await harvestAll(options({ from: undefined }));
    expect(arxiv.requests[0]?.query).toEqual({ verb: 'ListRecords', metadataPrefix: 'arXivRaw', set: 'cs', from: '2026-03-10' });
    // Nothing in the fixtures changed after 2026-03-09: the server answers noRecordsMatch.
    expect(pages).toEqual([]);
  });

  it('saves each token only after the consumer took the page', async () => {
    const seen: Array<string | null> = [];
    for await (const page of harvestOai(client, options())) {
      seen.push(checkpoint.value());
      expect(page.items.length).toBeGreaterThan(0);
    }
    expect(seen).toEqual([null, expect.stringContaining(JSON.stringify(TOKEN1)), expect.stringContaining(JSON.stringify(TOKEN2))]);
    expect(readOaiCheckpoint(seen[1] ?? null)).toMatchObject({ token: TOKEN1, startedAt: arxivFixtures.oaiFirstResponseDate, cursor: 0, completeListSize: 13 });
  });

  it('reads the arXiv metadata format', async () => {
    const pages = await harvestAll(options({ metadataPrefix: 'arXiv' }));
    expect(ids(pages.flatMap((p) => p.items))).toEqual(arxivFixtures.oaiArxivIds);
    expect(arxiv.requests[0]?.query.metadataPrefix).toBe('arXiv');
  });
});

describe('harvestOai: retries', () => {
  it('honours Retry-After: 1 on a 503, then succeeds', async () => {
    arxiv.configure({ unavailable: { count: 1, retryAfter: '1' } });
    const pages = await harvestAll(options());
    expect(pages).toHaveLength(3);
    const [first, second] = arxiv.requests;
    expect(first?.status).toBe(503);
    expect(second?.status).toBe(200);
    expect(second?.params).toEqual(first?.params);
    const waited = (second?.at ?? 0) - (first?.at ?? 0);
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(2500);
    expect(log.some((l) => /HTTP 503; retrying in 1 s/.test(l))).toBe(true);
  });

  it('backs off on its own after Retry-After: 0 (50 ms, then 100 ms)', async () => {
    arxiv.configure({ unavailable: { count: 2, retryAfter: '0' } });
    await harvestAll(options());
    const at = arxiv.requests.map((r) => r.at);
    expect(arxiv.requests.slice(0, 3).map((r) => r.status)).toEqual([503, 503, 200]);
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(45);
    expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(95);
    expect((at[2] ?? 0) - (at[0] ?? 0)).toBeLessThan(900);
  });

  it('retries when the connection breaks in the middle of a page', async () => {
    arxiv.configure({ cutMidBody: 1 });
    const pages = await harvestAll(options());
    expect(ids(pages.flatMap((p) => p.items))).toEqual(arxivFixtures.oaiRawIds);
    expect(arxiv.requests).toHaveLength(4);
    expect(log.some((l) => /network error/.test(l))).toBe(true);
  });
});

describe('harvestOai: interruptions', () => {
  it('resumes at the saved token after the consumer failed; every record arrives once', async () => {
    const stored: string[] = [];
    await expect(async () => {
      for await (const page of harvestOai(client, options())) {
        if (stored.length > 0) throw new Error('disk full'); // dies on page 2, before storing it
        stored.push(...ids(page.items));
      }
    }).rejects.toThrow('disk full');
    expect(readOaiCheckpoint(checkpoint.value())?.token).toBe(TOKEN1);

    arxiv.requests.length = 0;
    for await (const page of harvestOai(client, options())) stored.push(...ids(page.items));
    expect(arxiv.requests[0]?.params).toEqual([['verb', 'ListRecords'], ['resumptionToken', TOKEN1]]);
    expect(stored).toEqual(arxivFixtures.oaiRawIds);
    // nextFrom comes from the first page of the interrupted run, not the resumed one.
    expect(incrementalFrom(checkpoint.value())).toBe('2026-03-10');
    expect(log).toContain(`oai: resuming oai:cs at token ${TOKEN1}`);
  });

  it('keeps its place when arXiv stays down mid-list (retries exhausted), then resumes', async () => {
    arxiv.configure({ unavailable: { count: 4, retryAfter: '0', match: (r) => r.query.resumptionToken === TOKEN2 } });
    const stored: string[] = [];
    const failure = await (async () => {
      for await (const page of harvestOai(client, options())) stored.push(...ids(page.items));
    })().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ status: 503, message: expect.stringMatching(/gave up after 4 attempts/) });
    expect(readOaiCheckpoint(checkpoint.value())?.token).toBe(TOKEN2);

    for await (const page of harvestOai(client, options())) stored.push(...ids(page.items));
    expect(stored).toEqual(arxivFixtures.oaiRawIds);
  });

  it('restarts from the original from when a token expired (badResumptionToken)', async () => {
    arxiv.configure({ expireTokenOnce: TOKEN2 });
    const pages = await harvestAll(options());
    expect(arxiv.requests.map((r) => r.query.resumptionToken ?? `from=${r.query.from}`)).toEqual([
      'from=2026-03-05', TOKEN1, TOKEN2, 'from=2026-03-05', TOKEN1, TOKEN2,
    ]);
    // At-least-once: pages 1-2 come again; the store's upsert absorbs the repeats.
    expect(new Set(ids(pages.flatMap((p) => p.items)))).toEqual(new Set(arxivFixtures.oaiRawIds));
    expect(log.some((l) => l.includes(`token ${TOKEN2} rejected`) && l.includes('restarting from 2026-03-05'))).toBe(true);
    expect(incrementalFrom(checkpoint.value())).toBe('2026-03-10');
  });

  it('restarts a resumed harvest whose saved token has expired', async () => {
    await checkpoint.set('oai:cs', JSON.stringify({ token: 'stale|1', params: { metadataPrefix: 'arXivRaw', set: 'cs', from: '2026-03-05', until: null }, startedAt: '2026-03-09T02:00:00Z' }));
    const pages = await harvestAll(options());
    expect(arxiv.requests[0]?.query).toEqual({ verb: 'ListRecords', resumptionToken: 'stale|1' });
    expect(arxiv.requests[1]?.query.from).toBe('2026-03-05');
    expect(ids(pages.flatMap((p) => p.items))).toEqual(arxivFixtures.oaiRawIds);
    expect(incrementalFrom(checkpoint.value())).toBe('2026-03-09');
  });

  it('ignores a saved token that belongs to other arguments', async () => {
    await checkpoint.set('oai:cs', JSON.stringify({ token: TOKEN2, params: { metadataPrefix: 'arXivRaw', set: 'math', from: '2026-03-05', until: null }, startedAt: '2026-03-09T02:00:00Z' }));
    await harvestAll(options());
    expect(arxiv.requests[0]?.query.resumptionToken).toBeUndefined();
    expect(arxiv.requests).toHaveLength(3);
  });

  it('refuses a checkpoint it cannot read instead of harvesting everything', async () => {
    for (const bad of ['not json', '[1]', '{"token": 5}', '{"params": {"metadataPrefix": "oai_dc"}}']) {
      await checkpoint.set('oai:cs', bad);
      const err = await harvestAll(options()).catch((e: unknown) => e);
      expect(err, bad).toBeInstanceOf(PaperboyError);
      expect(err, bad).toMatchObject({ code: 'invalid_checkpoint' });
    }
    expect(arxiv.requests).toHaveLength(0);
  });
});

describe('harvestOai: OAI errors', () => {
  it('treats noRecordsMatch as an empty harvest and moves nextFrom to the response date', async () => {
    arxiv.configure({ oaiEmpty: true });
    const pages = await harvestAll(options());
    expect(pages).toEqual([]);
    expect(incrementalFrom(checkpoint.value())).toBe(new Date().toISOString().slice(0, 10));
  });

  it('a set arXiv does not have is an error naming it, not an empty harvest (arXiv says noRecordsMatch)', async () => {
    const err = await harvestAll(options({ set: 'cs:cs:XX' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ code: 'oai_unknown_set', message: expect.stringMatching(/arXiv has no set "cs:cs:XX".*doesn't match any sets/) });
    expect(checkpoint.value()).toBeNull();
  });

  it('throws other OAI errors with their code', async () => {
    const err = await harvestAll(options({ baseUrl: `${arxiv.oaiUrl}?extra=1` })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ code: 'oai_badArgument', message: expect.stringMatching(/^OAI-PMH badArgument: /) });
    expect(checkpoint.value()).toBeNull();
  });

  it('throws when the answer is not OAI-PMH at all', async () => {
    await expect(harvestAll(options({ baseUrl: `${arxiv.url}/nowhere` }))).rejects.toThrow(/HTTP 404, not an OAI-PMH response/);
  });

  it('rejects from/until that are not YYYY-MM-DD before any request', async () => {
    await expect(harvestAll(options({ from: '2026-3-5' }))).rejects.toThrow(/from must be YYYY-MM-DD/);
    expect(arxiv.requests).toHaveLength(0);
  });
});
