import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { InvalidInputError } from '../../domain/errors.js';
import { highlight, type Range } from '../../search/highlight.js';
import { SEARCH_MODES, SEARCH_SORTS, searchPapers } from '../../search/paper-search.js';
import { parseQuery } from '../../search/query.js';
import { abstractsByIds, cardsByIds } from '../../store/feed.js';
import { markRanges } from '../render/highlight.js';
import { SearchPage, type SearchView } from '../views/search-page.js';
import { feedLinks } from '../feeds/formats.js';
import { votedSet } from './feed.js';
import { searchFeedQuery } from './feeds.js';
import { pageContext, sendPage, type WebDeps } from './page.js';

type Query = { q?: string; mode?: string; sort?: string; category?: string; from?: string; to?: string; min_upvotes?: string; prefix?: string };

const SHOWN = 30;

/** GET /search: hybrid, keyword or meaning search with filters, highlighted matches and search-as-you-type. */
export function searchHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
    const started = performance.now();
    const query = req.query;
    const q = String(query.q ?? '').slice(0, 500);
    const view: SearchView = {
      q, mode: SEARCH_MODES.find((m) => m === query.mode) ?? 'hybrid', sort: SEARCH_SORTS.find((s) => s === query.sort) ?? 'relevance',
      category: String(query.category ?? '').trim().slice(0, 40), from: String(query.from ?? ''), to: String(query.to ?? ''), minUpvotes: String(query.min_upvotes ?? ''),
      results: [], voted: new Set(), notice: null, tookMs: 0, answeredBy: null,
    };
    const ctx = pageContext(req, reply, deps);
    const prefix = query.prefix === '1';
    let status = 200;
    if (view.minUpvotes && !/^\d{1,7}$/.test(view.minUpvotes)) {
      view.notice = 'minimum upvotes must be a whole number';
      status = 400;
    } else if (q.trim()) {
      try {
        const request = { q, mode: view.mode, sort: view.sort, limit: SHOWN, prefix, category: view.category || undefined, from: view.from || undefined, to: view.to || undefined, minUpvotes: view.minUpvotes ? Number(view.minUpvotes) : undefined };
        const result = await searchPapers(deps, request);
        view.notice = result.status === 'ok' ? null : (result.message ?? null);
        view.answeredBy = result.status === 'ok' && result.mode !== view.mode ? (result.message ?? `answered by keywords`) : null;
        view.results = await presentResults(deps, q, prefix, result.hits.map((h) => h.id));
        view.voted = await votedSet(deps, req, view.results.map((r) => r.card));
      } catch (err) {
        if (!(err instanceof InvalidInputError)) throw err;
        view.notice = err.message;
        status = 400;
      }
    }
    // The same search as a feed (src/web/pages/feeds.ts), offered when this one answered.
    if (status === 200 && q.trim()) ctx.feeds = feedLinks(deps.config.baseUrl, '/feeds/search', `Paperboy: search "${q.trim()}"`, searchFeedQuery(query));
    view.tookMs = performance.now() - started;
    reply.header('cache-control', 'no-store');
    return sendPage(reply, h(SearchPage, { ctx, view }), status);
  };
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
