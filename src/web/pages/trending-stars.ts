import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { addDays } from '../../domain/dates.js';
import { cardsByIds, latestFeedDay } from '../../store/feed.js';
import { papersByStarVelocity, VELOCITY_DAYS } from '../../store/repos.js';
import { StarsTrendingPage } from '../views/trending-stars-page.js';
import { votedSet } from './feed.js';
import { cachedPage, pageContext, todayUtc, type WebDeps } from './page.js';

/** Papers of the last 30 days (up to the latest day with papers) whose code gains stars. */
export const STARS_WINDOW_DAYS = 30;
const SHOWN = 50;

/**
 * `/trending/stars`: papers ranked by star velocity, the stars their best repository gained in
 * the last 7 days: stars now minus the day's count 7 days ago (when Paperboy has no count that
 * old, its first count), the largest among a paper's repositories (src/store/repos.ts).
 */
export function starsTrendingHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) =>
    cachedPage(req, reply, deps, async () => {
      const ctx = pageContext(req, reply, deps);
      const today = todayUtc(deps.now());
      const end = (await latestFeedDay(deps.store, today)) ?? today;
      const ranked = await papersByStarVelocity(deps.store, { from: addDays(end, -STARS_WINDOW_DAYS), to: end, today, limit: SHOWN });
      const cards = await cardsByIds(deps.store, ranked.map((r) => r.id));
      const velocity = new Map(ranked.map((r) => [r.id, r.velocity]));
      return { page: h(StarsTrendingPage, { ctx, cards, velocity, voted: await votedSet(deps, req, cards), days: STARS_WINDOW_DAYS, velocityDays: VELOCITY_DAYS, until: end }) };
    });
}
