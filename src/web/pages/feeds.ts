/**
 * Feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) of the lists the site shows: today's papers,
 * trending, a day, an arXiv category, a search. Each reads the same loader as its page; the
 * writers are in src/web/feeds/.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { addDays, isCalendarDate } from '../../domain/dates.js';
import { InvalidInputError } from '../../domain/errors.js';
import { dayPeriod } from '../../domain/feed-periods.js';
import { isCategory } from '../../domain/text.js';
import { SEARCH_MODES, SEARCH_SORTS, searchPapers } from '../../search/paper-search.js';
import { collectionPath } from '../../domain/collection-rules.js';
import { rowIdOf } from '../http/query-params.js';
import { readableCollection } from '../collection-writes.js';
import { collectionItems } from '../../store/collections.js';
import { abstractsByIds, cardsByIds, latestFeedDay, latestPapersInCategory, papersOnDays, type PaperCard } from '../../store/feed.js';
import { parseInput } from '../api/compat/http.js';
import { FORMATS } from '../feeds/formats.js';
import { feedItem, feedText, feedUrls, isFeedFormat, newestDate, type FeedDocument, type FeedFormat } from '../feeds/item.js';
import { trendingCards } from './feed.js';
import { todayUtc, type WebDeps } from './page.js';

/** 50 items: a day's first page on the site, and what a reader shows without scrolling far. */
const FEED_SIZE = 50;
/** A category feed looks back 30 days from the latest day with papers: enough for a quiet category, and a bound on the index walk. */
const CATEGORY_DAYS = 30;
/** The /search page reads at most 500 characters of a query. */
const QUERY_MAX = 500;
/** 5 s: the index of a fresh server is built in seconds to about two minutes (1M papers). */
const SEARCH_RETRY_SECONDS = '5';
/** As anonymous pages: any cache may keep a copy but asks again each time; the ETag makes that a 304. */
const CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** What a handler loads; `serveFeed` turns it into a document in the asked format. */
interface FeedSpec {
  title: string;
  description: string;
  /** The feed's path without extension, and its query string (with `?`) if any. */
  path: string;
  search?: string;
  /** The page this feed mirrors. */
  homePath: string;
  cards: PaperCard[];
  /** `updated` of an empty feed. */
  emptyUpdated: Date;
}

type Loader<R> = (req: R) => Promise<FeedSpec>;

/** GET /feeds/daily.EXT: the latest day with papers, as on the home page. */
export function dailyFeedHandler(deps: WebDeps) {
  return feedRoute<FastifyRequest<{ Params: { ext: string } }>>(deps, (req) => req.params.ext, async () => {
    const today = todayUtc(deps.now());
    const day = await latestFeedDay(deps.store, today);
    const cards = day ? (await papersOnDays(deps.store, { from: day, to: day, limit: FEED_SIZE, offset: 0 })).cards : [];
    const label = day ? dayPeriod(day).label : 'no papers yet';
    return { title: "Paperboy: today's papers", description: `The day's research papers, most upvoted first (${label}).`, path: '/feeds/daily', homePath: '/papers', cards, emptyUpdated: dayStart(today) };
  });
}

/** GET /feeds/trending.EXT: the /trending list. */
export function trendingFeedHandler(deps: WebDeps) {
  return feedRoute<FastifyRequest<{ Params: { ext: string } }>>(deps, (req) => req.params.ext, async () => {
    const { cards, until } = await trendingCards(deps);
    return { title: 'Paperboy: trending papers', description: `Papers of the week up to ${until} gaining upvotes and discussion.`, path: '/feeds/trending', homePath: '/trending', cards, emptyUpdated: dayStart(until) };
  });
}

/** GET /feeds/date/YYYY-MM-DD.EXT: a day's papers, most upvoted first, as on /papers/date/YYYY-MM-DD. */
export function dateFeedHandler(deps: WebDeps) {
  return feedRoute<FastifyRequest<{ Params: { file: string } }>>(deps, (req) => splitFile(req.params.file).ext, async (req) => {
    const period = dayPeriod(splitFile(req.params.file).name);
    const today = todayUtc(deps.now());
    if (period.from > today) throw new InvalidInputError(`${period.key} is in the future (today is ${today} UTC)`, 'invalid_date');
    const { cards } = await papersOnDays(deps.store, { from: period.from, to: period.to, limit: FEED_SIZE, offset: 0 });
    return { title: `Paperboy: papers of ${period.label}`, description: `Research papers of ${period.label}, most upvoted first.`, path: `/feeds/date/${period.key}`, homePath: `/papers/date/${period.key}`, cards, emptyUpdated: dayStart(period.from) };
  });
}

/**
 * GET /feeds/category/CAT.EXT: the newest papers listing that arXiv category, over the 30 days
 * up to the latest day with papers. A category neither followed (ARXIV_CATEGORIES) nor seen in
 * that window is a 404: a typo should not look like a quiet feed.
 */
export function categoryFeedHandler(deps: WebDeps) {
  return feedRoute<FastifyRequest<{ Params: { file: string } }>>(deps, (req) => splitFile(req.params.file).ext, async (req) => {
    const category = splitFile(req.params.file).name;
    if (!isCategory(category)) throw new InvalidInputError(`"${category.slice(0, 40)}" is not an arXiv category (e.g. cs.CL, math.AG, hep-th)`, 'invalid_category');
    const today = todayUtc(deps.now());
    const end = (await latestFeedDay(deps.store, today)) ?? today;
    const cards = await latestPapersInCategory(deps.store, category, { from: addDays(end, -CATEGORY_DAYS), to: end, limit: FEED_SIZE });
    if (cards.length === 0 && !deps.config.arxiv.categories.includes(category)) {
      throw new InvalidInputError(`no papers in category ${category} in the ${CATEGORY_DAYS} days up to ${end} (categories are case-sensitive, e.g. cs.CL)`, 'not_found');
    }
    return { title: `Paperboy: ${category}`, description: `The newest papers in ${category}.`, path: `/feeds/category/${category}`, homePath: '/papers', cards, emptyUpdated: dayStart(end) };
  });
}

/**
 * GET /feeds/collection/ID.EXT: a public collection's papers in its owner's order (a private
 * one is a 404, as an id that never existed; no session is read here, so not even its owner's).
 */
export function collectionFeedHandler(deps: WebDeps) {
  return feedRoute<FastifyRequest<{ Params: { file: string } }>>(deps, (req) => splitFile(req.params.file).ext, async (req) => {
    const name = splitFile(req.params.file).name;
    const id = rowIdOf(name);
    if (id === undefined) throw new InvalidInputError(`no collection ${name.slice(0, 20)}`, 'not_found');
    const c = await readableCollection(deps, id, null);
    const cards = (await collectionItems(deps.store, c.id)).slice(0, COLLECTION_FEED_SIZE).map((i) => i.card);
    const description = c.description || `Papers collected by ${c.ownerShownName}.`;
    return { title: `Paperboy: ${c.title}`, description, path: `/feeds/collection/${c.id}`, homePath: collectionPath(c), cards, emptyUpdated: new Date(c.createdAt) };
  });
}

/** A collection's feed carries its first 200 papers: readers poll, and a 2,000-paper feed is megabytes. */
const COLLECTION_FEED_SIZE = 200;

const QUERY_NEEDED = 'give words to search for, e.g. ?q=sparse+attention';
const searchQuery = z.object({
  q: z.string({ error: QUERY_NEEDED }).trim().min(1, QUERY_NEEDED).max(QUERY_MAX, `at most ${QUERY_MAX} characters`),
  mode: z.enum(SEARCH_MODES).optional(),
  sort: z.enum(SEARCH_SORTS).optional(),
  category: z.string().trim().max(40).optional(),
  from: z.string().trim().max(10).optional(),
  to: z.string().trim().max(10).optional(),
  min_upvotes: z.string().regex(/^\d{1,7}$/, 'a whole number').optional(),
  has_code: z.enum(['1', '0']).optional(),
});

/** The search parameters a feed keeps (those of /search), as a query string with `?`; '' without a query. */
export function searchFeedQuery(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(searchQuery.shape)) {
    const v = query[key];
    if (typeof v === 'string' && v.trim() !== '') params.set(key, v);
  }
  return params.has('q') ? `?${params.toString()}` : '';
}

/**
 * GET /feeds/search.EXT?q=...: matches through the site's search, newest feed day first unless
 * `sort` says otherwise (a reader polls a saved search for what is new). Same parameters as /search.
 */
export function searchFeedHandler(deps: WebDeps) {
  return feedRoute<FastifyRequest<{ Params: { ext: string }; Querystring: Record<string, unknown> }>>(deps, (req) => req.params.ext, async (req) => {
    const query = parseInput(searchQuery, req.query);
    // Papers already listed for a coming day wait for it, as on the feed pages.
    const today = todayUtc(deps.now());
    const to = query.to && !(isCalendarDate(query.to) && query.to > today) ? query.to : today;
    const result = await searchPapers(deps, {
      q: query.q, mode: query.mode, sort: query.sort ?? 'date', limit: FEED_SIZE, category: query.category || undefined,
      from: query.from || undefined, to, minUpvotes: query.min_upvotes ? Number(query.min_upvotes) : undefined, hasCode: query.has_code === '1',
    });
    if (result.status !== 'ok') throw new SearchNotReady(result.message ?? `search is ${result.status}`);
    // Hidden papers have no card: a hit the index has not dropped yet is skipped here.
    const cards = await cardsByIds(deps.store, result.hits.map((hit) => hit.id));
    const search = searchFeedQuery(req.query);
    return { title: `Paperboy: search "${query.q}"`, description: `Papers matching "${query.q}".`, path: '/feeds/search', search, homePath: `/search${search}`, cards, emptyUpdated: dayStart(today) };
  });
}

/** The search index is still being built (or down): a 503 with Retry-After, not an empty feed a reader would keep. */
class SearchNotReady extends Error {}

/**
 * The common path of every feed route: the extension picks the format (unknown: 404), the
 * response is cached per URL like an anonymous list page (dropped on every change it may show), and an ETag of
 * the body turns a repeated poll into a 304.
 */
function feedRoute<R extends FastifyRequest>(deps: WebDeps, extOf: (req: R) => string, load: Loader<R>) {
  return async (req: R, reply: FastifyReply) => {
    const ext = extOf(req);
    if (!isFeedFormat(ext)) throw new InvalidInputError(`no feed format "${ext.slice(0, 20)}": use .rss, .atom or .json`, 'not_found');
    let body = deps.cache.get(req.url)?.html;
    if (!body) {
      const ticket = deps.cache.renderTicket();
      try {
        body = Buffer.from(FORMATS[ext].render(await feedDocument(deps, await load(req))));
      } catch (err) {
        if (!(err instanceof SearchNotReady)) throw err;
        return reply.code(503).header('retry-after', SEARCH_RETRY_SECONDS).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(err.message);
      }
      deps.cache.set(req.url, { html: body, status: 200 }, ticket);
    }
    return sendFeed(req, reply, ext, body);
  };
}

async function feedDocument(deps: WebDeps, spec: FeedSpec): Promise<FeedDocument> {
  const base = deps.config.baseUrl;
  const abstracts = await abstractsByIds(deps.store, spec.cards.map((c) => c.id));
  const items = spec.cards.map((card) => feedItem(card, abstracts.get(card.id), base));
  // Titles can quote a search query: cleaned as item text is.
  return { title: feedText(spec.title), description: feedText(spec.description), homePageUrl: `${base}${spec.homePath}`, feedUrls: feedUrls(base, spec.path, spec.search), updated: newestDate(items, spec.emptyUpdated), items };
}

function sendFeed(req: FastifyRequest, reply: FastifyReply, format: FeedFormat, body: Buffer): FastifyReply {
  // 128 bits of SHA-256 of the bytes sent: a strong validator, equal exactly when the feed is.
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  reply.header('etag', etag).header('cache-control', CACHE_CONTROL);
  if (matchesEtag(req.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.code(200).type(FORMATS[format].contentType).send(body);
}

/** RFC 9110 13.1.2: If-None-Match compares weakly, lists several tags, or is `*`. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

/** `cs.CL.rss` -> name `cs.CL`, ext `rss` (categories hold dots, so the last one splits). */
function splitFile(file: string): { name: string; ext: string } {
  const dot = file.lastIndexOf('.');
  return dot < 0 ? { name: file, ext: '' } : { name: file.slice(0, dot), ext: file.slice(dot + 1) };
}

function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}
