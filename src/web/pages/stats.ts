import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { siteActivity } from '../../store/site-activity.js';
import { StatsPage } from '../views/stats-page.js';
import { cachedPage, pageContext, todayUtc, type WebDeps } from './page.js';

/**
 * What the cached /stats page is filed under in place of a paper id. No paper has it (arXiv ids
 * never start with a slash), so a vote or a new paper does not drop the page: counts over 90
 * days can be a minute stale (the cache's TTL), and the page's queries (~150 ms at 100k papers)
 * then run once a minute at most, not after every vote on a busy site.
 */
const STATS_CACHE_KEY = '/stats';

/** `/stats`: papers per day by category, upvotes and comments per day, top categories and submitters. */
export function statsHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) =>
    cachedPage(req, reply, deps, async () => {
      const activity = await siteActivity(deps.store, todayUtc(deps.now()));
      return { page: h(StatsPage, { ctx: pageContext(req, reply, deps), activity }) };
    }, STATS_CACHE_KEY);
}
