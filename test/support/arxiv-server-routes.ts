/**
 * The answers of the fake arXiv server (arxiv-server.ts), one section per protocol, built from
 * the fixtures in test/fixtures/arxiv.
 */
import { readFileSync } from 'node:fs';
import type { ArxivServerOptions } from './arxiv-server.js';

const FIXTURES = new URL('../fixtures/arxiv/', import.meta.url);
const fixture = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8');

/** The id forms arXiv's API accepts; anything else gets the error feed. */
const API_ID = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/;
/** The feed service answers 400 for an archive it does not know (`xx.YY`). */
const RSS_CATEGORY = /^(?:astro-ph|cond-mat|cs|econ|eess|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math|math-ph|nlin|nucl-ex|nucl-th|physics|q-bio|q-fin|quant-ph|stat)(?:\.[A-Za-z-]+)?$/;

// ---- OAI-PMH ----

export interface OaiFixtures {
  firstRaw: string;
  arxivPage: string;
  /** resumptionToken -> the page it asks for */
  byToken: Map<string, string>;
  /** earliest and latest datestamp, and every setSpec, of the chain's records */
  minDatestamp: string;
  maxDatestamp: string;
  setSpecs: string[];
  /** The ListSets answer (every arXiv set: groups, archives, categories) and its set specs. */
  listSets: string;
  knownSets: Set<string>;
}

export function loadOaiFixtures(): OaiFixtures {
  const pages = [1, 2, 3].map((n) => fixture(`oai/listrecords-raw-page${n}.xml`));
  const byToken = new Map<string, string>();
  pages.forEach((page, i) => {
    const token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(page)?.[1];
    const next = pages[i + 1];
    if (token && next) byToken.set(token, next);
  });
  const all = pages.join('\n');
  const listSets = fixture('oai/listsets.xml');
  const datestamps = [...all.matchAll(/<datestamp>([^<]+)<\/datestamp>/g)].map((m) => m[1] ?? '').sort();
  return {
    firstRaw: pages[0] ?? '',
    arxivPage: fixture('oai/listrecords-arxiv.xml'),
    byToken,
    minDatestamp: datestamps[0] ?? '',
    maxDatestamp: datestamps.at(-1) ?? '',
    setSpecs: [...new Set([...all.matchAll(/<setSpec>([^<]+)<\/setSpec>/g)].map((m) => m[1] ?? ''))],
    listSets,
    knownSets: new Set([...listSets.matchAll(/<setSpec>([^<]+)<\/setSpec>/g)].map((m) => m[1] ?? '')),
  };
}

export function answerOai(q: URLSearchParams, options: ArxivServerOptions, f: OaiFixtures): string {
  const verb = q.get('verb');
  if (verb === 'ListSets') return [...q.keys()].some((k) => k !== 'verb') ? oaiError('badArgument', 'The request includes illegal arguments.') : f.listSets;
  if (verb !== 'ListRecords') return oaiError('badVerb', `Illegal verb: ${verb ?? '(none)'}`);
  const token = q.get('resumptionToken');
  if (token !== null) {
    // resumptionToken is an exclusive argument: nothing but the verb may come with it.
    if ([...q.keys()].some((k) => k !== 'verb' && k !== 'resumptionToken')) return oaiError('badArgument', 'resumptionToken is an exclusive argument');
    if (token === options.expireTokenOnce) {
      options.expireTokenOnce = undefined;
      return oaiError('badResumptionToken', 'The value of the resumptionToken argument is invalid or expired.');
    }
    return f.byToken.get(token) ?? oaiError('badResumptionToken', 'The value of the resumptionToken argument is invalid or expired.');
  }
  const allowed = new Set(['verb', 'metadataPrefix', 'set', 'from', 'until']);
  if ([...q.keys()].some((k) => !allowed.has(k))) return oaiError('badArgument', 'The request includes illegal arguments.');
  const prefix = q.get('metadataPrefix');
  if (!prefix) return oaiError('badArgument', 'Missing required argument metadataPrefix.');
  if (prefix !== 'arXivRaw' && prefix !== 'arXiv') return oaiError('cannotDisseminateFormat', `Format ${prefix} is not supported.`);
  const from = q.get('from');
  const until = q.get('until');
  for (const d of [from, until]) if (d !== null && !/^\d{4}-\d{2}-\d{2}$/.test(d)) return oaiError('badArgument', `Illegal date ${d}.`);
  const set = q.get('set');
  // arXiv's answer to a set it does not have (recorded 2015, still the same): noRecordsMatch, not badArgument.
  if (set !== null && !f.knownSets.has(set)) return oaiError('noRecordsMatch', `Set argument doesn't match any sets. The setSpec was '${set}'`);
  const empty = options.oaiEmpty
    || (from !== null && from > f.maxDatestamp)
    || (until !== null && until < f.minDatestamp)
    || (set !== null && !f.setSpecs.some((s) => s === set || s.startsWith(`${set}:`)));
  if (empty) return oaiError('noRecordsMatch', 'The combination of the values of the from, until, set and metadataPrefix arguments results in an empty list.');
  return prefix === 'arXiv' ? f.arxivPage : f.firstRaw;
}

/**
 * A made-up arXivRaw chain: `pages` pages of `perPage` records with ids `2603.<first + n>`
 * (category cs.LG, datestamp 2026-03-09), each answer held `delayMs`. Arguments other than the
 * token are not checked. Once its last page was served, a new harvest gets noRecordsMatch (the
 * day's records were all delivered), so scheduled runs after it find nothing new.
 */
export interface OaiChain {
  first: number;
  pages: number;
  perPage: number;
  delayMs?: number;
  /** Set by the server when the last page went out. */
  done?: boolean;
}

/** Every id of the chain, in order. */
export function oaiChainIds(chain: OaiChain): string[] {
  return Array.from({ length: chain.pages * chain.perPage }, (_, n) => `2603.${chain.first + n}`);
}

export function answerOaiChain(q: URLSearchParams, chain: OaiChain): string {
  const token = q.get('resumptionToken');
  const page = token === null ? 0 : Number(/^chain\d+\|(\d+)$/.exec(token)?.[1] ?? NaN);
  if (!Number.isInteger(page) || page < 0 || page >= chain.pages) return oaiError('badResumptionToken', 'The value of the resumptionToken argument is invalid or expired.');
  if (token === null && chain.done) return oaiError('noRecordsMatch', 'The combination of the values of the from, until, set and metadataPrefix arguments results in an empty list.');
  const ids = oaiChainIds(chain).slice(page * chain.perPage, (page + 1) * chain.perPage);
  const last = page === chain.pages - 1;
  if (last) chain.done = true;
  const size = chain.pages * chain.perPage;
  const records = ids.map((id) => `<record>
<header>
 <identifier>oai:arXiv.org:${id}</identifier>
 <datestamp>2026-03-09</datestamp>
 <setSpec>cs:cs:LG</setSpec>
</header>
<metadata>
 <arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/">
 <id>${id}</id><submitter>Test Author</submitter><version version="v1"><date>Mon, 2 Mar 2026 17:42:10 GMT</date><size>100kb</size><source_type>D</source_type></version><title>Made-up paper ${id} of a long harvest</title><authors>Test Author</authors><categories>cs.LG</categories><license>http://creativecommons.org/licenses/by/4.0/</license><abstract>A record the test server invents for ${id}.</abstract></arXivRaw>
</metadata>
</record>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<responseDate>2026-03-10T02:15:07Z</responseDate>
<request verb="ListRecords">https://oaipmh.arxiv.org/oai</request>
<ListRecords>
${records.join('\n')}
<resumptionToken cursor="${page * chain.perPage}" completeListSize="${size}">${last ? '' : `chain${chain.first}|${page + 1}`}</resumptionToken>
</ListRecords>
</OAI-PMH>
`;
}

function oaiError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
<responseDate>${new Date().toISOString().slice(0, 19)}Z</responseDate>
<request>https://oaipmh.arxiv.org/oai</request>
<error code="${code}">${escapeXml(message)}</error>
</OAI-PMH>
`;
}

// ---- API ----

export interface ApiFixtures {
  headers: Record<'2026' | 'legacy', string>;
  /** id without version -> the entry's XML */
  entries: Map<string, string>;
}

export function loadApiFixtures(): ApiFixtures {
  const entries = new Map<string, string>();
  const headers = { '2026': '', legacy: '' };
  for (const [format, file] of [['2026', 'api/feed-2026.xml'], ['legacy', 'api/feed-legacy.xml']] as const) {
    const xml = fixture(file);
    headers[format] = xml.slice(0, xml.indexOf('<entry>')).trimEnd();
    for (const m of xml.matchAll(/<entry>[\s\S]*?<\/entry>/g)) {
      const id = /<id>https?:\/\/arxiv\.org\/abs\/(.+?)(?:v\d+)?<\/id>/.exec(m[0])?.[1];
      if (id) entries.set(id, m[0]);
    }
  }
  return { headers, entries };
}

export function answerApi(q: URLSearchParams, options: ArxivServerOptions, f: ApiFixtures): { status: number; body: string } {
  const ids = (q.get('id_list') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const bad = ids.find((id) => !API_ID.test(id) || options.apiRejectIds?.includes(id));
  if (bad !== undefined) return { status: 400, body: apiError(bad) };
  const max = Number(q.get('max_results') ?? '10');
  const found = ids
    .map((id) => f.entries.get(id.replace(/v\d+$/, '')) ?? (options.apiSynthesize ? syntheticEntry(id) : undefined))
    .filter((e): e is string => e !== undefined)
    .slice(0, Number.isFinite(max) ? max : 10);
  const header = f.headers[options.apiFormat ?? '2026']
    .replace(/(<opensearch:totalResults[^>]*>)\d+/, `$1${found.length}`)
    .replace(/(<opensearch:itemsPerPage[^>]*>)\d+/, `$1${found.length}`);
  return { status: 200, body: `${header}\n  ${found.join('\n  ')}\n</feed>\n` };
}

function apiError(id: string): string {
  const anchor = `incorrect_id_format_for_${id}`;
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/</id>
  <title>arXiv Search Results</title>
  <updated>${new Date().toISOString().slice(0, 19)}Z</updated>
  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>
  <opensearch:totalResults>1</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <entry>
    <id>https://arxiv.org/api/errors#${escapeXml(anchor)}</id>
    <title>Error</title>
    <updated>${new Date().toISOString().slice(0, 19)}Z</updated>
    <link href="https://arxiv.org/api/errors#${escapeXml(anchor)}" rel="alternate" type="text/html"/>
    <summary>incorrect id format for ${escapeXml(id)}</summary>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
</feed>
`;
}

function syntheticEntry(id: string): string {
  const bare = id.replace(/v\d+$/, '');
  return `<entry>
    <id>http://arxiv.org/abs/${bare}v1</id>
    <title>Synthetic paper ${bare}</title>
    <updated>2026-03-02T12:00:00Z</updated>
    <link href="https://arxiv.org/abs/${bare}v1" rel="alternate" type="text/html"/>
    <summary>Made up by the test server for ${bare}.</summary>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <published>2026-03-02T12:00:00Z</published>
    <arxiv:primary_category term="cs.LG"/>
    <author>
      <name>Test Author</name>
    </author>
  </entry>`;
}

// ---- RSS ----

/** `/rss/<cats>` or `/atom/<cats>`: the weekday or weekend feed; null for other paths. */
export function answerRss(path: string, options: ArxivServerOptions): { status: number; body: string; type: string } | null {
  const feed = /^\/(rss|atom)\/([^/]+)$/.exec(path);
  if (!feed) return null;
  const cats = decodeURIComponent(feed[2] ?? '').split('+');
  if (!cats.every((c) => RSS_CATEGORY.test(c))) return { status: 400, body: rssError(cats.join('+')), type: 'application/rss+xml' };
  if (feed[1] === 'atom') return { status: 200, body: fixture('rss/cs-cl-2026-03-10.atom.xml'), type: 'application/atom+xml' };
  const name = options.rssFeed === 'weekend' ? 'rss/cs-cl-weekend.xml' : 'rss/cs-cl-2026-03-10.xml';
  return { status: 200, body: fixture(name), type: 'application/rss+xml' };
}

function rssError(query: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
  <channel>
    <title>Feed error for query: https://rss.arxiv.org/rss/${escapeXml(query)}</title>
    <link>http://rss.arxiv.org/rss/${escapeXml(query)}</link>
    <description>Invalid archive or category: ${escapeXml(query)}</description>
  </channel>
</rss>
`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
