/**
 * A real local HTTP server (127.0.0.1, random port) that speaks arXiv's three protocols from the
 * fixtures in test/fixtures/arxiv, so ingestion tests exercise real sockets, real retries and
 * real paging without touching the network.
 *
 *   const arxiv = await startArxivServer();
 *   const client = testArxivClient(); // or new ArxivHttpClient({ intervalMs: 20, ... })
 *   for await (const page of harvestOai(client, { baseUrl: arxiv.oaiUrl, ... })) ...
 *   expect(arxiv.requests.map((r) => r.query)).toEqual([...]);
 *   await arxiv.close();
 *
 * Routes:
 * - `GET /oai?verb=ListRecords&metadataPrefix=arXivRaw[&set&from&until]` -> the 3-page arXivRaw chain
 *   (follow-ups: `verb` + `resumptionToken` only); `metadataPrefix=arXiv` -> one arXiv-format page.
 *   Records are not filtered: `from` after / `until` before the fixtures' datestamps, or a set no
 *   fixture record belongs to, gives `noRecordsMatch`. Wrong arguments give `badArgument`. A set arXiv
 *   does not have gives arXiv's `noRecordsMatch` "Set argument doesn't match any sets".
 * - `GET /oai?verb=ListSets` -> every arXiv set (groups, archives, categories) in one page.
 * - `GET /api/query?id_list=a,b&max_results=N` -> an Atom feed of the fixture entries with those
 *   ids (either format's fixtures; the feed header follows `apiFormat`). Unknown ids are absent;
 *   a malformed id (or one in `apiRejectIds`) gives HTTP 400 and arXiv's error feed.
 * - `stall: true` holds every request open without an answer until close().
 * - `oaiChain` replaces the arXivRaw chain with a made-up one of any length, each page held a
 *   while (an ingestion that is mid-way for seconds); see OaiChain.
 * - `GET /rss/<cats>` and `/atom/<cats>` -> the listing feed of Tue 2026-03-10 (or an empty weekend
 *   feed with `rssFeed: 'weekend'`); an unknown archive gives HTTP 400 with an error feed.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArxivHttpClient, type ArxivHttpOptions } from '../../src/ingest/arxiv-http.js';
import { answerApi, answerOai, answerOaiChain, answerRss, loadApiFixtures, loadOaiFixtures, type OaiChain } from './arxiv-server-routes.js';

export { type OaiChain, oaiChainIds } from './arxiv-server-routes.js';

export interface ArxivServerOptions {
  /** Answer the first `count` requests that `match` (default: every request) with HTTP 503. */
  unavailable?: { count: number; retryAfter?: string | null; match?: (req: RecordedRequest) => boolean };
  /** For the next `cutMidBody` requests (any route): send headers and the start of a body, then cut the connection. */
  cutMidBody?: number;
  /** Answer the next request carrying this resumption token with badResumptionToken (once). */
  expireTokenOnce?: string;
  /** Answer every ListRecords with noRecordsMatch (a day without changes). */
  oaiEmpty?: boolean;
  /** Header style of API feeds: '2026' (default) or 'legacy'. */
  apiFormat?: '2026' | 'legacy';
  /** API: invent an entry for any well-formed id without a fixture (large backfills). */
  apiSynthesize?: boolean;
  /** API: ids answered with the 400 error feed although well-formed. */
  apiRejectIds?: string[];
  /** RSS: serve the weekday feed (default) or the empty weekend feed. */
  rssFeed?: 'weekday' | 'weekend';
  /** Accept every request and never answer it (a stalled arXiv); close() cuts the connections. */
  stall?: boolean;
  /** OAI ListRecords: a made-up arXivRaw chain instead of the fixture pages (see oaiChainIds). */
  oaiChain?: OaiChain;
}

export interface RecordedRequest {
  method: string;
  /** Path without query, e.g. `/oai`. */
  path: string;
  /** The raw query string including `?`, as sent. */
  search: string;
  /** Decoded query arguments in the order sent. */
  params: Array<[string, string]>;
  /** Decoded query arguments as an object (last value wins). */
  query: Record<string, string>;
  /** Date.now() when the request arrived: assert on spacing between requests. */
  at: number;
  /** The User-Agent header (which process asked, when each sets its own ARXIV_CONTACT). */
  userAgent: string;
  status: number;
}

export interface ArxivServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** OAI-PMH base URL (`${url}/oai`). */
  oaiUrl: string;
  /** API query URL (`${url}/api/query`). */
  apiUrl: string;
  /** RSS base URL (`${url}`: the client appends `/rss/<cats>`). */
  rssUrl: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Changes options for the following requests. */
  configure(patch: Partial<ArxivServerOptions>): void;
  close(): Promise<void>;
}

/** Facts about the fixtures, for assertions in ingestion tests. */
export const arxivFixtures = {
  /** Valid records of the arXivRaw chain, in order (3 pages). */
  oaiRawIds: ['2603.01234', 'hep-th/9901001', 'math/0309136', '2603.02001', '2603.03003', '2603.03005', '2603.04100', '0706.1234', '2512.14002'],
  /** Rejections in the chain: an invalid id, a missing title, a record without any id. */
  oaiRawRejected: ['oai:arXiv.org:2613.00001', 'oai:arXiv.org:2603.03004', 'record 3 of page 2'],
  oaiRawDeleted: ['2602.09999'],
  oaiRawTokens: ['5316482|1001', '5316482|2002'],
  /** responseDate of the chain's first page; nextFrom after a full harvest is its date. */
  oaiFirstResponseDate: '2026-03-10T02:15:07Z',
  oaiArxivIds: ['2603.05050', 'cond-mat/0207415'],
  api2026Ids: ['2603.01234', '2603.02001', 'hep-th/9901001', '2601.00077'],
  apiLegacyIds: ['1203.4567', 'math/0309136'],
  rssDay: '2026-03-10',
} as const;

/**
 * The client tests use: 20 ms between requests (arXiv wants 3 s), 3 retries, 50 ms first backoff,
 * so a whole retry sequence stays well under a second.
 */
export function testArxivClient(overrides: Partial<ArxivHttpOptions> = {}): ArxivHttpClient {
  return new ArxivHttpClient({ intervalMs: 20, maxRetries: 3, backoffMs: 50, timeoutMs: 5000, userAgent: 'paperboy-test', ...overrides });
}

/** Starts the server; close() it in afterAll/afterEach. */
export async function startArxivServer(initial: ArxivServerOptions = {}): Promise<ArxivServer> {
  const options: ArxivServerOptions = { ...initial };
  const oai = loadOaiFixtures();
  const api = loadApiFixtures();
  const requests: RecordedRequest[] = [];

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params = [...url.searchParams.entries()];
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET', path: url.pathname, search: url.search, params,
      query: Object.fromEntries(params), at: Date.now(), userAgent: req.headers['user-agent'] ?? '', status: 0,
    };
    requests.push(recorded);
    const send = (status: number, body: string, type: string, headers: Record<string, string> = {}) => {
      recorded.status = status;
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, ...headers });
      res.end(body);
    };
    if (options.stall) return;
    const down = options.unavailable;
    if (down && down.count > 0 && (down.match?.(recorded) ?? true)) {
      down.count--;
      const retry = down.retryAfter ?? null;
      return send(503, `<html><body>\n<h1>Retry after ${retry ?? 'a while'}</h1>\n</body></html>\n`, 'text/html', retry === null ? {} : { 'retry-after': retry });
    }
    if (options.cutMidBody) {
      options.cutMidBody--;
      recorded.status = 200;
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': '100000' });
      res.write('<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">\n');
      setTimeout(() => res.socket?.destroy(), 10);
      return;
    }
    if (url.pathname === '/oai' && options.oaiChain && url.searchParams.get('verb') === 'ListRecords') {
      const body = answerOaiChain(url.searchParams, options.oaiChain);
      return void setTimeout(() => { if (!res.destroyed) send(200, body, 'text/xml'); }, options.oaiChain.delayMs ?? 0);
    }
    if (url.pathname === '/oai') return send(200, answerOai(url.searchParams, options, oai), 'text/xml');
    if (url.pathname === '/api/query') {
      const out = answerApi(url.searchParams, options, api);
      return send(out.status, out.body, 'application/atom+xml');
    }
    const feed = answerRss(url.pathname, options);
    if (feed) return send(feed.status, feed.body, feed.type);
    return send(404, 'not found', 'text/plain');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    oaiUrl: `${base}/oai`,
    apiUrl: `${base}/api/query`,
    rssUrl: base,
    requests,
    configure: (patch) => Object.assign(options, patch),
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}
