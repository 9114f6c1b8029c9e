import { z } from 'zod';
import { trendingCards } from '../../pages/feed.js';
import { defineRoute } from './http.js';
import { presentPaper } from './presenters.js';
import { errorSchema, limitParam, trendingSchema } from './schemas.js';

/**
 * `/api/v1/trending`: the list /trending shows, from the page's own loader (at most its 50). A
 * ranking that moves with the clock has no stable pages: one list, `limit` long.
 */
export const trending = defineRoute({
  tag: 'Papers',
  summary: 'Trending papers',
  description: 'Papers of the 7 days up to the latest day with papers (`until`), ranked by upvotes and comments against age (the formula of src/domain/ranking.ts), as /trending shows them.',
  query: z.strictObject({ limit: limitParam(50, 50) }),
  responses: { 200: { description: 'The ranking', schema: trendingSchema }, 400: { description: 'Bad parameter', schema: errorSchema } },
  example: '/api/v1/trending?limit=10',
  async handler(call) {
    const { cards, until } = await trendingCards(call.deps);
    return { body: { until, papers: cards.slice(0, call.query.limit).map((c) => presentPaper(c, call.deps.config.baseUrl)) } };
  },
});
