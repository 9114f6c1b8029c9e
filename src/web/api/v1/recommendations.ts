import { z } from 'zod';
import { forYouList } from '../../../recommend/for-you.js';
import { FEEDBACK_KINDS, recordFeedback } from '../../../recommend/index.js';
import { reasonText } from '../../../recommend/reason-text.js';
import { cardsByIds } from '../../../store/feed.js';
import { clearFeedback } from '../../../store/recommendation-signals.js';
import { recommendDeps } from '../../pages/for-you.js';
import { todayUtc } from '../../pages/page.js';
import { defineRoute } from './http.js';
import { visiblePaper } from './papers.js';
import { presentPaper } from './presenters.js';
import { apiSchemas, errorSchema, idParams, limitParam, paperSchema } from './schemas.js';

/**
 * `/api/v1/me/…`: the token owner's own For you (src/recommend/): the ranking the /for-you page
 * shows, with reasons, and the feedback that changes it. Private: `Cache-Control: private,
 * no-store`, and only ever the caller's own data.
 */

const reasonSchema = z.object({
  kind: z.enum(['similar_to_upvoted', 'similar_to_collected', 'similar_to_commented', 'more_like_this', 'by_followed_author', 'from_followed_org', 'in_followed_category', 'in_your_categories', 'trending']),
  text: z.string().meta({ description: 'The reason in words, as the page shows it' }),
  paper_id: z.string().nullable().meta({ description: 'similar_to_* and more_like_this: the paper of yours it is like' }),
  title: z.string().nullable(),
  name: z.string().nullable().meta({ description: 'The followed author or org, or the category' }),
}).register(apiSchemas, { id: 'Reason', description: 'Why a paper is recommended to you.' });

const recommendationsSchema = z.object({
  period: z.enum(['day', 'week']),
  from: z.string().nullable(),
  to: z.string().nullable().meta({ description: 'The latest feed day ranked (null: no papers yet)' }),
  cold_start: z.boolean().meta({ description: 'Fewer than 5 signals: ranked by followed categories and trending' }),
  papers: z.array(paperSchema.extend({ reason: reasonSchema })),
}).register(apiSchemas, { id: 'Recommendations', description: 'Your For-you ranking, best first.' });

const feedbackSchema = z.object({ paper_id: z.string(), kind: z.enum(['not_interested', 'more_like_this']).nullable() })
  .register(apiSchemas, { id: 'Feedback', description: 'Your feedback on a paper after the request (null: none).' });

const authErrors = { 400: { description: 'Bad parameter', schema: errorSchema }, 401: { description: 'No valid token', schema: errorSchema } };

export const myRecommendations = defineRoute({
  tag: 'For you',
  summary: 'Your recommendations',
  description: 'The papers of the latest feed day (`period=day`) or of it and the six days before (`week`), ranked for you with a reason each; never papers you voted on or marked not interested.',
  auth: true,
  query: z.strictObject({ period: z.enum(['day', 'week']).default('day').meta({ description: 'day or week' }), limit: limitParam(100, 30) }),
  responses: { 200: { description: 'The ranking', schema: recommendationsSchema }, ...authErrors },
  example: '/api/v1/me/recommendations?period=week&limit=10',
  async handler(call) {
    call.reply.header('cache-control', 'private, no-store');
    const list = await forYouList(recommendDeps(call.deps), { userId: call.identity!.user.id, period: call.query.period, today: todayUtc(call.deps.now()), limit: call.query.limit });
    const cards = new Map((await cardsByIds(call.deps.store, list.items.map((i) => i.paperId))).map((c) => [c.id, c]));
    const papers = list.items.flatMap((i) => {
      const card = cards.get(i.paperId);
      if (!card) return [];
      const r = i.reason;
      return [{ ...presentPaper(card, call.deps.config.baseUrl), reason: { kind: r.kind, text: reasonText(r), paper_id: r.paperId ?? null, title: r.title ?? null, name: r.name ?? null } }];
    });
    return { body: { period: list.period, from: list.range?.from ?? null, to: list.range?.to ?? null, cold_start: list.coldStart, papers } };
  },
});

export const postFeedback = defineRoute({
  tag: 'For you',
  summary: 'Say "not interested" or "more like this"',
  description: 'Counts on your next ranking. A second feedback on the same paper replaces the first.',
  auth: true,
  body: z.strictObject({
    paper_id: z.string({ error: 'paper_id: an arXiv id is required' }).max(300).meta({ description: 'An arXiv id in any form' }),
    kind: z.enum(FEEDBACK_KINDS as ['not_interested', 'more_like_this'], { error: 'kind: not_interested or more_like_this' }),
  }),
  responses: { 200: { description: 'Your feedback now', schema: feedbackSchema }, ...authErrors, 404: { description: 'No such visible paper', schema: errorSchema } },
  example: '/api/v1/me/feedback',
  exampleBody: { paper_id: '2401.00001', kind: 'more_like_this' },
  async handler(call) {
    const { card } = await visiblePaper(call.deps, call.body.paper_id);
    await recordFeedback(call.deps, { userId: call.identity!.user.id, paperId: card.id, kind: call.body.kind, now: call.deps.now() });
    return { body: { paper_id: card.id, kind: call.body.kind } };
  },
});

export const deleteFeedback = defineRoute({
  tag: 'For you',
  summary: 'Take feedback back',
  description: 'Idempotent: without feedback on the paper, nothing changes.',
  auth: true,
  params: z.object({ paper_id: idParams.shape.id }),
  responses: { 200: { description: 'Your feedback now (none)', schema: feedbackSchema }, ...authErrors, 404: { description: 'No such visible paper', schema: errorSchema } },
  example: '/api/v1/me/feedback/2401.00001',
  async handler(call) {
    const { card } = await visiblePaper(call.deps, call.params.paper_id);
    await clearFeedback(call.deps.store, call.identity!.user.id, card.id);
    return { body: { paper_id: card.id, kind: null } };
  },
});
