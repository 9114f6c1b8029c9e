import { z } from 'zod';
import { UpstreamError } from '../../../domain/errors.js';
import { type PaperSearchResult, searchPapers, SEARCH_MODES, SEARCH_SORTS } from '../../../search/paper-search.js';
import { cardsByIds } from '../../../store/feed.js';
import type { ApiCall } from './http.js';
import { decodeCursor, encodeCursor, searchCursor } from './cursor.js';
import { defineRoute, nextLink } from './http.js';
import { presentPaper } from './presenters.js';
import { cursorParam, errorSchema, intParam, limitParam, searchResultsSchema, textParam } from './schemas.js';

/** `/api/v1/search`: the site's search (searchPapers, every mode and filter), paged by cursor. */

/** searchPapers pages up to 10,000 results deep (MAX_OFFSET): deeper pages of a relevance ranking are noise. */
const MAX_DEPTH = 10_000;

const searchQuery = z.strictObject({
  q: textParam(500, 'Words, `"quoted phrases"`, arXiv ids'),
  mode: z.enum(SEARCH_MODES, { error: `must be one of ${SEARCH_MODES.join(', ')}` }).optional().meta({ description: '`hybrid` (words and meaning fused; default), `keyword` (exact words) or `semantic` (meaning only)' }),
  category: textParam(40, 'arXiv category, e.g. cs.CL').optional(),
  from: textParam(10, 'First feed day, YYYY-MM-DD').optional(),
  to: textParam(10, 'Last feed day, YYYY-MM-DD').optional(),
  min_upvotes: intParam(0, 1_000_000, 0, 'Only papers with at least this many upvotes').optional(),
  has_code: z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).optional().meta({ description: 'Only papers with code: a code link, or a repository named in the abstract or comments (among the 1,000 most relevant)' }),
  sort: z.enum(SEARCH_SORTS, { error: `must be one of ${SEARCH_SORTS.join(', ')}` }).optional().meta({ description: '`relevance` (default), `date` (newest feed day first) or `upvotes`' }),
  limit: limitParam(100, 20),
  cursor: cursorParam,
});

export const search = defineRoute({
  tag: 'Search',
  summary: 'Search papers',
  description: 'Titles, abstracts, authors and arXiv ids, by words and meaning. Filters apply inside the index. While the index is being built (seconds after a start), 503 with Retry-After.',
  query: searchQuery,
  responses: {
    200: { description: 'Hits, best first', schema: searchResultsSchema },
    400: { description: 'Bad parameter or cursor', schema: errorSchema },
    503: { description: 'The search index is being built', schema: errorSchema },
  },
  example: '/api/v1/search?q=sparse+attention&mode=hybrid&category=cs.CL&limit=10',
  async handler(call) {
    const q = call.query;
    const offset = q.cursor === undefined ? 0 : decodeCursor(q.cursor, searchCursor)[1];
    const limit = Math.min(q.limit, MAX_DEPTH - offset);
    // One hit more than the page: whether there is a next page.
    const result = await searchPapers(call.deps, { q: q.q, mode: q.mode, category: q.category, from: q.from, to: q.to, minUpvotes: q.min_upvotes, hasCode: q.has_code === 'true' || q.has_code === '1', sort: q.sort, offset, limit: limit + 1 });
    unavailable(call, result);
    const hits = result.hits.slice(0, limit);
    // Hidden papers have no card: a hit the index has not dropped yet is left out.
    const cards = await cardsByIds(call.deps.store, hits.map((h) => h.id));
    const scores = new Map(hits.map((h) => [h.id, h.score]));
    const next = result.hits.length > limit && offset + limit < MAX_DEPTH ? encodeCursor(['s', offset + limit]) : null;
    nextLink(call, next);
    return { body: { mode: result.mode, message: result.message ?? null, papers: cards.map((c) => ({ ...presentPaper(c, call.deps.config.baseUrl), score: scores.get(c.id)! })), next_cursor: next } };
  },
});

/** An index still building (or failed) is a 503 with Retry-After. */
export function unavailable(call: Pick<ApiCall<undefined, undefined, undefined>, 'reply'>, result: Pick<PaperSearchResult, 'status' | 'message'>): void {
  if (result.status === 'ok') return;
  // 5 s: a fresh server builds its index in seconds to about two minutes (1M papers).
  call.reply.header('retry-after', '5');
  throw new UpstreamError(result.message ?? `search is ${result.status}`, undefined, 'search_unavailable');
}
