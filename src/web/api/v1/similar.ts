import { z } from 'zod';
import { similarCards } from '../../../search/stored-similar.js';
import { defineRoute } from './http.js';
import { visiblePaper } from './papers.js';
import { presentPaper } from './presenters.js';
import { errorSchema, idParams, intParam, similarSchema } from './schemas.js';

/** `/api/v1/papers/{id}/similar`: what the paper page lists under "Similar papers". */
export const similar = defineRoute({
  tag: 'Search',
  summary: 'Papers similar to one',
  description: "The paper's nearest papers by meaning fused with those sharing its rarest words. Empty while the search index is being built.",
  params: idParams,
  query: z.strictObject({ limit: intParam(1, 50, 10, 'Papers, 1-50') }),
  responses: { 200: { description: 'Similar papers, most similar first', schema: similarSchema }, 400: { description: 'Malformed id or bad parameter', schema: errorSchema }, 404: { description: 'No such visible paper', schema: errorSchema } },
  example: '/api/v1/papers/2401.00001/similar?limit=5',
  async handler(call) {
    const { card } = await visiblePaper(call.deps, call.params.id);
    const similar = await similarCards(call.deps, card.id, call.query.limit);
    return { body: { id: card.id, papers: similar.map((s) => ({ ...presentPaper(s.card, call.deps.config.baseUrl), score: s.score })) } };
  },
});
