import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { isCalendarDate } from '../../domain/dates.js';
import { isCategory } from '../../domain/text.js';
import { highlight, type Range } from '../../search/highlight.js';
import { parseQuery } from '../../search/query.js';
import { abstractsByIds, cardsByIds } from '../../store/feed.js';
import { markRanges } from '../render/highlight.js';
import { SearchPage, type SearchView } from '../views/search-page.js';
import { votedSet } from './feed.js';
import { pageContext, sendPage, type WebDeps } from './page.js';

type Query = { q?: string; sort?: string; category?: string; from?: string; to?: string; min_upvotes?: string; prefix?: string };

/** Hits fetched before filters and other orders apply: filters narrow the 300 most relevant. */
const CANDIDATES = 300;
const SHOWN = 30;

/** GET /search: keyword search with filters, highlighted matches and search-as-you-type. */
export function searchHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
    const started = performance.now();
    const query = req.query;
    const q = (query.q ?? '').slice(0, 500);
    const view: SearchView = {
      q, sort: query.sort === 'date' || query.sort === 'upvotes' ? query.sort : 'relevance',
      category: (query.category ?? '').trim().slice(0, 40), from: query.from ?? '', to: query.to ?? '', minUpvotes: query.min_upvotes ?? '',
      results: [], voted: new Set(), notice: null, tookMs: 0,
    };
    const ctx = pageContext(req, reply, deps);
    const problem = badFilter(view);
    const index = deps.search.index;
    if (problem) view.notice = problem;
    else if (q.trim() && !index) view.notice = deps.search.error ? `Search is unavailable: ${deps.search.error}` : 'The search index is being built; try again in a few seconds.';
    else if (q.trim() && index) {
      const hits = index.search(q, { limit: CANDIDATES, prefix: query.prefix === '1' });
      let cards = await cardsByIds(deps.store, hits.map((hit) => hit.key));
      const min = Number(view.minUpvotes || 0);
      cards = cards.filter((c) => (!view.category || c.categories.includes(view.category)) && (!view.from || (c.feedDate ?? '') >= view.from) && (!view.to || (c.feedDate ?? '') <= view.to) && c.upvotes >= min);
      if (view.sort === 'date') cards.sort((a, b) => (b.feedDate ?? '').localeCompare(a.feedDate ?? ''));
      if (view.sort === 'upvotes') cards.sort((a, b) => b.upvotes - a.upvotes);
      cards = cards.slice(0, SHOWN);
      // Marks come from the engine's own matching: same tokens, stems, phrases and prefix.
      const parsed = parseQuery(q, { prefix: query.prefix === '1' });
      const abstracts = await abstractsByIds(deps.store, cards.map((c) => c.id));
      view.results = cards.map((card) => {
        const text = excerpt(abstracts.get(card.id) ?? '', highlight(parsed, abstracts.get(card.id) ?? ''));
        return {
          card,
          titleHtml: card.title.includes('$') ? null : markRanges(card.title, highlight(parsed, card.title)),
          excerptHtml: markRanges(text, highlight(parsed, text)),
        };
      });
      view.voted = await votedSet(deps, req, cards);
    }
    view.tookMs = performance.now() - started;
    reply.header('cache-control', 'no-store');
    return sendPage(reply, h(SearchPage, { ctx, view }), problem ? 400 : 200);
  };
}

function badFilter(v: SearchView): string | null {
  if (v.from && !isCalendarDate(v.from)) return `"${v.from.slice(0, 20)}" is not a date: use YYYY-MM-DD`;
  if (v.to && !isCalendarDate(v.to)) return `"${v.to.slice(0, 20)}" is not a date: use YYYY-MM-DD`;
  if (v.category && !isCategory(v.category)) return `"${v.category}" is not an arXiv category (e.g. cs.CL)`;
  if (v.minUpvotes && !/^\d{1,7}$/.test(v.minUpvotes)) return 'minimum upvotes must be a whole number';
  return null;
}

/** About 240 characters of the abstract around its first match. */
function excerpt(abstract: string, matches: readonly Range[]): string {
  if (abstract.length <= 240) return abstract;
  const start = Math.max(0, (matches[0]?.[0] ?? 0) - 80);
  const cut = abstract.slice(start, start + 240).replace(/^\S*\s/, start > 0 ? '' : '$&');
  return `${start > 0 ? '…' : ''}${cut}${start + 240 < abstract.length ? '…' : ''}`;
}
