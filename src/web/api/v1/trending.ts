import { z } from 'zod';
import { addDays } from '../../../domain/dates.js';
import { enteredFeedAt, rankTrending } from '../../../domain/ranking.js';
import { latestFeedDay, papersForTrending } from '../../../store/feed.js';
import { todayUtc } from '../../pages/page.js';
import { defineRoute } from './http.js';
import { presentPaper } from './presenters.js';
import { errorSchema, limitParam, trendingSchema } from './schemas.js';

/** Trending looks back 7 days and ranks the 2,000 most upvoted of them, as /trending does (src/web/pages/feed.ts). */
const TRENDING_DAYS = 7;
const TRENDING_CANDIDATES = 2_000;

/** `/api/v1/trending`: what /trending shows. A ranking that moves with the clock has no stable pages: one list, `limit` long. */
export const trending = defineRoute({
  tag: 'Papers',
  summary: 'Trending papers',
  description: `Papers of the ${TRENDING_DAYS} days up to the latest day with papers, ranked by upvotes and comments against age (the formula of src/domain/ranking.ts), as /trending shows them.`,
  query: z.strictObject({ limit: limitParam(100, 50) }),
  responses: { 200: { description: 'The ranking', schema: trendingSchema }, 400: { description: 'Bad parameter', schema: errorSchema } },
  example: '/api/v1/trending?limit=10',
  async handler(call) {
    const now = call.deps.now();
    // The window ends at the latest day with papers: an archive or a paused ingestion still has a trending list.
    const to = (await latestFeedDay(call.deps.store, todayUtc(now))) ?? todayUtc(now);
    const from = addDays(to, -TRENDING_DAYS);
    const candidates = await papersForTrending(call.deps.store, from, to, TRENDING_CANDIDATES);
    const ranked = rankTrending(candidates.map((c) => ({ ...c, enteredAt: enteredFeedAt(c) })), now).slice(0, call.query.limit);
    return { body: { from, to, papers: ranked.map((c) => presentPaper(c, call.deps.config.baseUrl)) } };
  },
});
