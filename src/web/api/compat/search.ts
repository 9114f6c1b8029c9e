import type { FastifyReply, FastifyRequest } from 'fastify';
import { searchPapers } from '../../../search/paper-search.js';
import { cardsByIds } from '../../../store/feed.js';
import type { WebDeps } from '../../pages/page.js';
import { parseInput } from './http.js';
import { compatSources } from './load.js';
import { presentItem } from './presenters.js';
import { paperSearchQuery } from './schemas.js';

/**
 * GET /api/papers/search?q=&limit=: Items, best match first, through the one search function
 * every surface uses. An empty `q` finds nothing; an index still building answers 503.
 */
export function searchPapersHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const query = parseInput(paperSearchQuery, req.query);
    if (query.q.trim() === '') return reply.send([]);
    const result = await searchPapers(deps, { q: query.q, limit: query.limit });
    if (result.status !== 'ok') {
      // 5 s: the index of a fresh server is built in seconds to about two minutes (1M papers).
      return reply.code(503).header('retry-after', '5').send({ error: result.message ?? `search is ${result.status}` });
    }
    // Hidden papers have no card: a hit the index has not dropped yet is skipped here.
    const cards = await cardsByIds(deps.store, result.hits.map((hit) => hit.id));
    return reply.send((await compatSources(deps.store, cards, deps.config.baseUrl)).map(presentItem));
  };
}
