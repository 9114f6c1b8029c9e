import { parseFeed } from '@rowanmanning/feed-parser';
import FeedParser from 'feedparser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperCard } from '../../src/store/feed.js';
import { hidePaper } from '../../src/store/moderation.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { renderAtom } from '../../src/web/feeds/atom.js';
import { feedItem, feedUrls, type FeedDocument } from '../../src/web/feeds/item.js';
import { renderJsonFeed } from '../../src/web/feeds/json-feed.js';
import { renderRss } from '../../src/web/feeds/rss.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { startWeb, type WebHarness, type WebResponse } from '../support/web.js';

const NOW = new Date('2026-11-28T15:00:00Z');
/** Every control character XML 1.0 forbids (PostgreSQL cannot store U+0000: the writer tests below carry it). */
const FORBIDDEN = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => !'\t\n\r'.includes(c)).join('');
const HOSTILE_TITLE = `Beyond <script>alert("t")</script> & ]]> ${FORBIDDEN.slice(1)} 🚀 $\\mathcal{O}(n^2)$ <b>bold</b>`;
const HOSTILE_ABSTRACT = `We show $a < b$ & $\\frac{1}{2} > 0$; ]]> <script>alert(1)</script> ${FORBIDDEN.slice(1)} emoji 🧪 "quoted" 'apos' \\textbf{x}`;
/** What a reader must show: the same text, forbidden characters gone, whitespace folded. */
const TITLE_TEXT = 'Beyond <script>alert("t")</script> & ]]> 🚀 $\\mathcal{O}(n^2)$ <b>bold</b>';
const ABSTRACT_TEXT = `We show $a < b$ & $\\frac{1}{2} > 0$; ]]> <script>alert(1)</script> emoji 🧪 "quoted" 'apos' \\textbf{x}`;
const CONTENT_TYPES = { rss: 'application/rss+xml; charset=utf-8', atom: 'application/atom+xml; charset=utf-8', json: 'application/feed+json; charset=utf-8' } as const;
const FORMATS = ['rss', 'atom', 'json'] as const;
type Format = (typeof FORMATS)[number];
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** What the tests compare across formats. */
interface Parsed {
  title: string;
  self: string | null;
  updated: Date | null;
  items: { id: string; url: string | null; title: string; content: string; published: Date | null; authors: string[]; categories: string[] }[];
}

/** RSS and Atom: strict well-formedness, feedparser in strict SAX mode, then @rowanmanning/feed-parser for the fields. */
async function parseXmlFeed(xml: string, format: 'rss' | 'atom'): Promise<Parsed> {
  expect(XMLValidator.validate(xml)).toBe(true);
  const strict = await strictParse(xml);
  expect(strict.meta['#type']).toBe(format);
  const feed = parseFeed(xml);
  const parsed: Parsed = {
    title: feed.title ?? '',
    self: feed.self,
    updated: feed.updated,
    items: feed.items.map((i) => ({
      id: i.id ?? '',
      url: i.url,
      title: i.title ?? '',
      // RSS descriptions are HTML: the abstract comes HTML-escaped, a reader shows it decoded.
      content: format === 'rss' ? decodeHtml(i.description ?? '') : (i.content ?? ''),
      published: i.published,
      authors: i.authors.map((a) => a.name ?? ''),
      categories: i.categories.map((c) => c.term ?? c.label ?? ''),
    })),
  };
  expect(strict.items.map((i) => i.guid)).toEqual(parsed.items.map((i) => i.id));
  // feedparser strips HTML elements from every title (its normalization); the text around them is the same.
  expect(strict.items.map((i) => i.title)).toEqual(parsed.items.map((i) => i.title.replace(/<\/?(?:script|b)>/g, '')));
  return parsed;
}

function strictParse(xml: string): Promise<{ meta: FeedParser.Meta; items: FeedParser.Item[] }> {
  return new Promise((resolve, reject) => {
    const parser = new FeedParser({ strict: true });
    const items: FeedParser.Item[] = [];
    parser.on('error', reject);
    parser.on('readable', () => {
      for (let item = parser.read(); item; item = parser.read()) items.push(item);
    });
    parser.on('end', () => resolve({ meta: parser.meta, items }));
    parser.end(xml);
  });
}

function decodeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** JSON Feed 1.1: the required fields and the types the spec gives the ones we send. */
function parseJsonFeed(text: string): Parsed {
  const feed = JSON.parse(text) as Record<string, unknown>;
  expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
  expect(typeof feed.title).toBe('string');
  expect(Array.isArray(feed.items)).toBe(true);
  for (const key of ['home_page_url', 'feed_url']) expect(String(feed[key])).toMatch(/^https?:\/\/[^/]+\//);
  const items = feed.items as Record<string, unknown>[];
  for (const item of items) {
    expect(typeof item.id).toBe('string');
    expect(typeof item.content_text === 'string' || typeof item.content_html === 'string').toBe(true);
    for (const key of ['date_published', 'date_modified']) expect(String(item[key])).toMatch(RFC3339);
    for (const a of (item.authors ?? []) as Record<string, unknown>[]) expect(typeof a.name).toBe('string');
    expect(Array.isArray(item.tags ?? [])).toBe(true);
  }
  return {
    title: feed.title as string,
    self: feed.feed_url as string,
    updated: null,
    items: items.map((i) => ({
      id: i.id as string, url: i.url as string, title: i.title as string, content: i.content_text as string, published: new Date(i.date_published as string),
      authors: ((i.authors ?? []) as { name: string }[]).map((a) => a.name), categories: (i.tags ?? []) as string[],
    })),
  };
}

async function parse(text: string, format: Format): Promise<Parsed> {
  return format === 'json' ? parseJsonFeed(text) : parseXmlFeed(text, format);
}

describe('feed writers', () => {
  const card: PaperCard = {
    id: 'hep-th/9901001', version: 1, title: `${FORBIDDEN}${HOSTILE_TITLE}\uD800 \uDFFF\uFFFE`, authors: ['Ada & <Lovelace>', `Null${FORBIDDEN}`], primaryCategory: 'hep-th', categories: ['hep-th', 'cs.CL'],
    githubUrl: null, projectUrl: null, upvotes: 1, comments: 0, submittedBy: null, submitterName: null, feedDate: '1999-01-04', dailyAt: null, submittedAt: '1999-01-01T00:00:00.000Z', teaser: null, thumbnail: null, media: null, githubStars: null,
  };
  const base = 'https://papers.example.org';
  const item = feedItem(card, `${FORBIDDEN}${HOSTILE_ABSTRACT}`, base);
  const doc: FeedDocument = {
    title: 'T & <t>', description: 'D ]]>', homePageUrl: `${base}/papers`, feedUrls: feedUrls(base, '/feeds/search', '?q=a&b=<c>'), updated: item.published, items: [item],
  };

  it('strips every character XML 1.0 forbids and keeps the rest as text, emoji and math included', () => {
    expect(item.title).toBe(TITLE_TEXT);
    expect(item.content).toBe(ABSTRACT_TEXT);
    expect(item.authors).toEqual(['Ada & <Lovelace>', 'Null']);
    expect(item.id).toBe(`${base}/papers/hep-th/9901001`);
    expect(item.published.toISOString()).toBe('1999-01-04T00:00:00.000Z');
    for (const out of [renderRss(doc), renderAtom(doc), renderJsonFeed(doc)]) {
      expect(out).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('writes well-formed RSS and Atom that strict parsers read back to the same text', async () => {
    for (const format of ['rss', 'atom'] as const) {
      const xml = format === 'rss' ? renderRss(doc) : renderAtom(doc);
      expect(xml).not.toContain('<script');
      expect(xml).not.toContain(']]>');
      expect(xml).not.toContain('<Lovelace>');
      const parsed = await parseXmlFeed(xml, format);
      expect(parsed.title).toBe('T & <t>');
      expect(parsed.self).toBe(doc.feedUrls[format]);
      expect(parsed.items[0]!.title).toBe(TITLE_TEXT);
      expect(parsed.items[0]!.content).toBe(ABSTRACT_TEXT);
      expect(parsed.items[0]!.authors).toEqual(['Ada & <Lovelace>', 'Null']);
      expect(parsed.items[0]!.categories).toEqual(['hep-th', 'cs.CL']);
      expect(parsed.items[0]!.published?.toISOString()).toBe('1999-01-04T00:00:00.000Z');
    }
    expect(renderRss(doc)).toContain('<pubDate>Mon, 04 Jan 1999 00:00:00 GMT</pubDate>');
    expect(renderAtom(doc)).toContain('<updated>1999-01-04T00:00:00Z</updated>');
  });

  it('keeps text that looks like an entity as that text', () => {
    // The lenient parser decodes entities in text once more than XML does: an exact XML reader checks this one.
    const literal: FeedDocument = { ...doc, items: [{ ...item, title: 'A &amp; B &#x26;', content: 'x &lt;y&gt; &amp;' }] };
    const reader = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: false });
    const atom = reader.parse(renderAtom(literal)) as { feed: { entry: { title: { '#text': string }; content: { '#text': string } } } };
    expect(atom.feed.entry.title['#text']).toBe('A &amp; B &#x26;');
    expect(atom.feed.entry.content['#text']).toBe('x &lt;y&gt; &amp;');
    const rss = reader.parse(renderRss(literal)) as { rss: { channel: { item: { title: string; description: string } } } };
    expect(rss.rss.channel.item.title).toBe('A &amp; B &#x26;');
    expect(decodeHtml(rss.rss.channel.item.description)).toBe('x &lt;y&gt; &amp;');
    expect((JSON.parse(renderJsonFeed(literal)) as { items: { content_text: string }[] }).items[0]!.content_text).toBe('x &lt;y&gt; &amp;');
  });

  it('writes JSON Feed 1.1 with the same text', () => {
    const parsed = parseJsonFeed(renderJsonFeed(doc));
    expect(parsed.items[0]!.title).toBe(TITLE_TEXT);
    expect(parsed.items[0]!.content).toBe(ABSTRACT_TEXT);
    expect(parsed.self).toBe('https://papers.example.org/feeds/search.json?q=a&b=<c>');
  });
});

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`feeds (${dialect.name})`, () => {
    let web: WebHarness;
    /** The search feed asked before the index was started. */
    let whileBuilding: WebResponse;
    const paperUrl = (id: string) => `${web.url}/papers/${id}`;
    /** Each feed kind: its path (without extension), query, and the ids it lists (in this order when `ordered`). */
    const KINDS: { path: string; query: string; ids: string[]; ordered: boolean }[] = [
      { path: '/feeds/daily', query: '', ids: ['2611.00002', '2611.00001'], ordered: true },
      { path: '/feeds/trending', query: '', ids: ['2611.00002', '2611.00001', '2611.00003', 'hep-th/9901001'], ordered: false },
      { path: '/feeds/category/cs.CL', query: '', ids: ['2611.00001', '2611.00003'], ordered: true },
      { path: '/feeds/category/hep-th', query: '', ids: ['hep-th/9901001'], ordered: true },
      { path: '/feeds/date/2026-11-25', query: '', ids: ['2611.00003'], ordered: true },
      { path: '/feeds/search', query: '?q=attention', ids: ['2611.00002', '2611.00003'], ordered: false },
    ];

    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
      await upsertPapers(web.store, [
        buildRecord({ id: '2611.00001', title: HOSTILE_TITLE, abstract: HOSTILE_ABSTRACT, authors: ['Ada & Co', 'Émile Zola'], categories: ['cs.CL', 'cs.LG'], dailyAt: '2026-11-27T10:00:00.000Z', upvotes: 5 }),
        buildRecord({ id: '2611.00002', title: 'Sparse attention at scale', abstract: 'Attention, made sparse.', categories: ['cs.LG'], dailyAt: '2026-11-27T09:00:00.000Z', upvotes: 40 }),
        buildRecord({ id: '2611.00003', title: 'Attention on an earlier day', abstract: 'Nothing hostile.', categories: ['cs.CL'], dailyAt: '2026-11-25T09:00:00.000Z', upvotes: 2 }),
        buildRecord({ id: 'hep-th/9901001', title: 'Strings, old style id', abstract: 'Strings.', categories: ['hep-th'], dailyAt: '2026-11-26T09:00:00.000Z' }),
        buildRecord({ id: '2611.00005', title: 'Hidden attention spam', categories: ['cs.CL'], dailyAt: '2026-11-27T11:00:00.000Z', upvotes: 99 }),
        buildRecord({ id: '2611.00006', title: 'Attention paper of tomorrow', categories: ['cs.CL'], dailyAt: '2026-11-29T09:00:00.000Z' }),
      ]);
      const mod = await findOrCreateUser(web.store, 'mod@example.org', 'mod');
      await hidePaper(web.store, mod.id, '2611.00005', 'spam');
      whileBuilding = await web.client().get('/feeds/search.rss?q=attention');
      await web.search.start();
    });
    afterAll(() => web?.close());

    it('serves every feed kind in RSS, Atom and JSON Feed, valid and listing the same papers', async () => {
      const c = web.client();
      for (const kind of KINDS) {
        const byFormat = new Map<Format, Parsed>();
        for (const format of FORMATS) {
          const where = `${kind.path}.${format}${kind.query}`;
          const res = await c.get(where);
          expect(res.status, `${where}: ${res.text.slice(0, 200)}`).toBe(200);
          expect(res.headers.get('content-type'), where).toBe(CONTENT_TYPES[format]);
          const parsed = await parse(res.text, format);
          expect(parsed.self, where).toBe(`${web.url}${kind.path}.${format}${kind.query}`);
          const ids = parsed.items.map((i) => i.id);
          if (kind.ordered) expect(ids, where).toEqual(kind.ids.map(paperUrl));
          else expect([...ids].sort(), where).toEqual(kind.ids.map(paperUrl).sort());
          for (const item of parsed.items) {
            expect(item.url).toBe(item.id);
            expect(item.published?.getTime(), where).toBeGreaterThan(Date.UTC(2026, 10, 24));
            expect(item.authors.length).toBeGreaterThan(0);
            expect(item.categories.length).toBeGreaterThan(0);
          }
          if (format !== 'json') expect(parsed.updated?.toISOString(), where).toBe(new Date(Math.max(...parsed.items.map((i) => i.published!.getTime()))).toISOString());
          byFormat.set(format, parsed);
        }
        const [rss, atom, json] = FORMATS.map((f) => byFormat.get(f)!);
        expect(atom!.items.map((i) => i.id)).toEqual(rss!.items.map((i) => i.id));
        expect(json!.items.map((i) => i.id)).toEqual(rss!.items.map((i) => i.id));
        expect(json!.items.map((i) => i.title)).toEqual(rss!.items.map((i) => i.title));
      }
    });

    it('keeps hostile titles and abstracts as text in every format', async () => {
      const c = web.client();
      for (const format of FORMATS) {
        const res = await c.get(`/feeds/daily.${format}`);
        if (format !== 'json') {
          expect(res.text).not.toContain('<script');
          expect(res.text).not.toContain('<b>');
          expect(res.text).not.toContain(']]>');
        }
        const item = (await parse(res.text, format)).items.find((i) => i.id === paperUrl('2611.00001'))!;
        expect(item.title).toBe(TITLE_TEXT);
        expect(item.content).toBe(ABSTRACT_TEXT);
        expect(item.authors).toEqual(['Ada & Co', 'Émile Zola']);
        expect(item.categories).toEqual(['cs.CL', 'cs.LG']);
      }
    });

    it('keeps a hostile search query as text in the feed title and self link', async () => {
      const q = `attention ]]> <script>alert(1)</script> & 🚀`;
      // Control characters are refused at the edge, for every route (src/web/http/control-characters.ts).
      expect((await web.client().get(`/feeds/search.rss?q=${encodeURIComponent(`${q} \u0001\u001F`)}`)).status).toBe(400);
      for (const format of FORMATS) {
        const res = await web.client().get(`/feeds/search.${format}?q=${encodeURIComponent(q)}`);
        expect(res.status, format).toBe(200);
        if (format !== 'json') expect(res.text).not.toContain('<script');
        const parsed = await parse(res.text, format);
        expect(parsed.title).toBe('Paperboy: search "attention ]]> <script>alert(1)</script> & 🚀"');
        expect(parsed.self).toBe(`${web.url}/feeds/search.${format}?q=${new URLSearchParams({ q }).toString().slice(2)}`);
      }
    });

    it('writes RFC 822 dates in RSS and RFC 3339 in Atom', async () => {
      const rss = (await web.client().get('/feeds/date/2026-11-25.rss')).text;
      for (const m of rss.matchAll(/<(?:pubDate|lastBuildDate)>([^<]+)</g)) expect(m[1]).toMatch(RFC822);
      expect(rss).toContain('<pubDate>Wed, 25 Nov 2026 09:00:00 GMT</pubDate>');
      const atom = (await web.client().get('/feeds/date/2026-11-25.atom')).text;
      for (const m of atom.matchAll(/<(?:updated|published)>([^<]+)</g)) expect(m[1]).toMatch(RFC3339);
    });

    it('keeps GUIDs stable across requests and formats, and answers If-None-Match with 304', async () => {
      const c = web.client();
      const first = await c.get('/feeds/daily.rss');
      const again = await c.get('/feeds/daily.rss');
      expect(again.text).toBe(first.text);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]{22}"$/);
      expect(again.headers.get('etag')).toBe(etag);
      expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
      const notModified = await c.get('/feeds/daily.rss', { 'if-none-match': `"other", W/${etag}` });
      expect(notModified.status).toBe(304);
      expect(notModified.text).toBe('');
      expect((await c.get('/feeds/daily.atom', { 'if-none-match': etag })).status).toBe(200);
      const guids = [...first.text.matchAll(/<guid isPermaLink="true">([^<]+)</g)].map((m) => m[1]);
      expect(guids).toEqual([paperUrl('2611.00002'), paperUrl('2611.00001')]);
    });

    it('serves empty but valid feeds for a day without papers and a followed category without recent ones', async () => {
      for (const path of ['/feeds/date/2026-11-24', '/feeds/category/cs.AI']) {
        for (const format of FORMATS) {
          const res = await web.client().get(`${path}.${format}`);
          expect(res.status, path).toBe(200);
          expect((await parse(res.text, format)).items).toEqual([]);
        }
      }
    });

    it('advertises the feeds in the head of the daily, day, trending and search pages', async () => {
      const c = web.client();
      const pages: [string, string][] = [
        ['/', '/feeds/daily'],
        ['/papers', '/feeds/daily'],
        ['/trending', '/feeds/trending'],
        ['/papers/date/2026-11-25', '/feeds/date/2026-11-25'],
        ['/search?q=attention&category=cs.CL', '/feeds/search'],
      ];
      for (const [page, feed] of pages) {
        const html = (await c.get(page)).text;
        const head = html.slice(0, html.indexOf('</head>'));
        const links = [...head.matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)"/g)].map((m) => ({ type: m[1]!, title: m[2]!, href: m[3]!.replace(/&amp;/g, '&') }));
        expect(links.map((l) => l.type), page).toEqual(['application/rss+xml', 'application/atom+xml', 'application/feed+json']);
        for (const link of links) {
          expect(link.href.startsWith(`${web.url}${feed}.`), `${page}: ${link.href}`).toBe(true);
          const res = await c.get(link.href.slice(web.url.length));
          expect(res.status, link.href).toBe(200);
        }
      }
      const search = (await c.get('/search?q=attention&category=cs.CL')).text;
      expect(search).toContain(`href="${web.url}/feeds/search.atom?q=attention&amp;category=cs.CL"`);
      const ids = (await parse((await c.get('/feeds/search.json?q=attention&category=cs.CL')).text, 'json')).items.map((i) => i.id);
      expect(ids).toEqual([paperUrl('2611.00003')]);
      for (const page of ['/papers/week/2026-W48', '/search', '/search?q=attention&from=2026-13-01', '/papers/2611.00002']) expect((await c.get(page)).text, page).not.toContain('rel="alternate"');
    });

    it('answers bad input with 400 and unknown feeds with 404, never 500', async () => {
      const c = web.client();
      const cases: [string, number, string][] = [
        ['/feeds/daily.xml', 404, 'use .rss, .atom or .json'],
        ['/feeds/daily.', 404, 'use .rss'],
        ['/feeds/daily.rss.xml', 404, 'use .rss'],
        ['/feeds/trending.html', 404, 'use .rss'],
        ['/feeds/weekly.rss', 404, 'no page'],
        ['/feeds/date/2026-11-25', 404, 'use .rss'],
        ['/feeds/date/2026-13-45.rss', 400, 'use YYYY-MM-DD'],
        ['/feeds/date/2026-02-30.atom', 400, 'use YYYY-MM-DD'],
        ['/feeds/date/%3Cscript%3E.json', 400, 'is not a date'],
        ['/feeds/date/2026-12-01.rss', 400, 'in the future'],
        ['/feeds/category/%3Cscript%3Ealert(1)%3C%2Fscript%3E.rss', 400, 'not an arXiv category'],
        ['/feeds/category/CS.CL.rss', 400, 'not an arXiv category'],
        ['/feeds/category/zz.QQ.atom', 404, 'no papers in category zz.QQ'],
        ['/feeds/category/cs.cl.json', 404, 'no papers in category cs.cl'],
        ['/feeds/category/cs.CL', 404, 'use .rss'],
        ['/feeds/search.rss', 400, 'give words to search for'],
        ['/feeds/search.rss?q=', 400, 'give words to search for'],
        ['/feeds/search.atom?q=%20%20', 400, 'give words to search for'],
        ['/feeds/search.json?q=a&q=b', 400, 'q'],
        [`/feeds/search.rss?q=${'x'.repeat(501)}`, 400, 'at most 500'],
        ['/feeds/search.rss?q=attention&category=%3Cb%3E', 400, 'not an arXiv category'],
        ['/feeds/search.rss?q=attention&from=2026-13-01', 400, 'not a date'],
        ['/feeds/search.rss?q=attention&mode=psychic', 400, 'mode'],
        ['/feeds/search.rss?q=attention&min_upvotes=-1', 400, 'min_upvotes'],
        ['/feeds/search.xml?q=attention', 404, 'use .rss'],
      ];
      for (const [path, status, message] of cases) {
        const res = await c.get(path);
        expect(res.status, path).toBe(status);
        expect(res.text, path).toContain(message);
        expect(res.text, path).not.toContain('<script>alert');
      }
    });

    it('answers the search feed with 503 and Retry-After while the index is being built, and does not cache that', async () => {
      expect(whileBuilding.status).toBe(503);
      expect(whileBuilding.headers.get('retry-after')).toBe('5');
      expect(whileBuilding.text).toContain('being built');
      expect((await web.client().get('/feeds/search.rss?q=attention')).status).toBe(200);
    });

    it('lists hidden papers and papers of coming days in no feed', async () => {
      const c = web.client();
      for (const kind of KINDS) {
        const text = (await c.get(`${kind.path}.json${kind.query}`)).text;
        expect(text).not.toContain('2611.00005');
        expect(text).not.toContain('2611.00006');
      }
    });
  });
}
