import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { InvalidInputError } from '../../domain/errors.js';
import { highlight, type Range } from '../../search/highlight.js';
import { MAX_OFFSET, SEARCH_MODES, SEARCH_SORTS, searchPapers } from '../../search/paper-search.js';
import { pageNumber } from '../../domain/paging.js';
import { parseQuery } from '../../search/query.js';
import { abstractsByIds, cardsByIds } from '../../store/feed.js';
import { authorQueryKeys } from '../../domain/author-names.js';
import { authorsNamed } from '../../store/authors.js';
import { markRanges } from '../render/highlight.js';
import { SearchPage, type SearchView } from '../views/search-page.js';
import { feedLinks } from '../feeds/formats.js';
import { votedSet } from './feed.js';
import { searchFeedQuery } from './feeds.js';
import { pageContext, sendPage, type WebDeps } from './page.js';

type Query = { q?: string; mode?: string; sort?: string; category?: string; from?: string; to?: string; min_upvotes?: string; has_code?: string; prefix?: string; page?: string };

const SHOWN = 30;
/** Author pages offered above the results: a name shared by a few people, not a directory. */
const AUTHORS_SHOWN = 3;
/** Search pages go as deep as the engine ranks (MAX_OFFSET results). */
const LAST_PAGE = Math.floor(MAX_OFFSET / SHOWN);

/** GET /search: hybrid, keyword or meaning search with filters, highlighted matches and search-as-you-type. */
export function searchHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
    const started = performance.now();
    const query = req.query;
    const q = String(query.q ?? '').slice(0, 500);
    const view: SearchView = {
      q, mode: SEARCH_MODES.find((m) => m === query.mode) ?? 'hybrid', sort: SEARCH_SORTS.find((s) => s === query.sort) ?? 'relevance',
      category: String(query.category ?? '').trim().slice(0, 40), from: String(query.from ?? ''), to: String(query.to ?? ''), minUpvotes: String(query.min_upvotes ?? ''), hasCode: query.has_code === '1',
      results: [], voted: new Set(), notice: null, answeredBy: null, matching: null, page: Math.min(LAST_PAGE, pageNumber(query.page)), more: false, start: 1, pageQuery: '',
    };
    view.start = (view.page - 1) * SHOWN + 1;
    view.pageQuery = pageQueryOf(query);
    const ctx = pageContext(req, reply, deps);
    const prefix = query.prefix === '1';
    let status = 200;
    if (view.minUpvotes && !/^\d{1,7}$/.test(view.minUpvotes)) {
      view.notice = 'minimum upvotes must be a whole number';
      status = 400;
    } else if (q.trim()) {
      // First page only: one lookup on the authors' unique name index, skipped for what cannot be a name.
      if (view.page === 1) view.authors = await authorsNamed(deps.store, authorQueryKeys(q), AUTHORS_SHOWN);
      try {
        // One more than a page: is there a next page?
        const request = { q, mode: view.mode, sort: view.sort, limit: SHOWN + 1, offset: view.start - 1, count: !prefix, prefix, category: view.category || undefined, from: view.from || undefined, to: view.to || undefined, minUpvotes: view.minUpvotes ? Number(view.minUpvotes) : undefined, hasCode: view.hasCode };
        const result = await searchPapers(deps, request);
        view.notice = result.status === 'ok' ? null : (result.message ?? null);
        // Only a fallback the reader should know of (meaning search asked, keywords answered) is said.
        view.answeredBy = result.status === 'ok' && result.mode !== view.mode && result.message ? result.message : null;
        view.matching = result.matching ?? null;
        view.more = result.hits.length > SHOWN && view.page < LAST_PAGE;
        view.results = await presentResults(deps, q, prefix, result.hits.slice(0, SHOWN).map((h) => h.id));
        view.voted = await votedSet(deps, req, view.results.map((r) => r.card));
      } catch (err) {
        if (!(err instanceof InvalidInputError)) throw err;
        view.notice = err.message;
        status = 400;
      }
    }
    // The same search as a feed (src/web/pages/feeds.ts), offered when this one answered.
    if (status === 200 && q.trim()) ctx.feeds = feedLinks(deps.config.baseUrl, '/feeds/search', `Paperboy: search "${q.trim()}"`, searchFeedQuery(query));
    // The time is for tools and logs (Server-Timing shows in the browser's network panel), not the page.
    reply.header('server-timing', `search;dur=${(performance.now() - started).toFixed(1)}`);
    reply.header('cache-control', 'no-store');
    return sendPage(reply, h(SearchPage, { ctx, view }), status);
  };
}

/** The search's query string without `page` and without empty fields: the pager's links. */
function pageQueryOf(query: Query): string {
  const params = new URLSearchParams();
  for (const name of ['q', 'mode', 'sort', 'category', 'from', 'to', 'min_upvotes', 'has_code'] as const) {
    const v = query[name];
    if (typeof v === 'string' && v !== '') params.set(name, v);
  }
  return params.toString();
}

/** Cards with the query's matches marked (the engine's own matching: same tokens, stems, phrases and prefix). */
async function presentResults(deps: WebDeps, q: string, prefix: boolean, ids: string[]): Promise<SearchView['results']> {
  const cards = await cardsByIds(deps.store, ids);
  const parsed = parseQuery(q, { prefix });
  const abstracts = await abstractsByIds(deps.store, cards.map((c) => c.id));
  return cards.map((card) => {
    const abstract = abstracts.get(card.id) ?? '';
    const text = excerpt(abstract, highlight(parsed, abstract));
    return {
      card,
      titleHtml: card.title.includes('$') ? null : markRanges(card.title, highlight(parsed, card.title)),
      excerptHtml: markRanges(text, highlight(parsed, text)),
    };
  });
}

/** About 240 characters of the abstract around its first match. */
function excerpt(abstract: string, matches: readonly Range[]): string {
  if (abstract.length <= 240) return abstract;
  const start = Math.max(0, (matches[0]?.[0] ?? 0) - 80);
  const cut = abstract.slice(start, start + 240).replace(/^\S*\s/, start > 0 ? '' : '$&');
  return `${start > 0 ? '…' : ''}${cut}${start + 240 < abstract.length ? '…' : ''}`;
}
