import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { safeNextPath } from '../../domain/community-rules.js';
import { InvalidInputError } from '../../domain/errors.js';
import { dayPeriod, periodKeyOf, periodOf, type FeedPeriod } from '../../domain/feed-periods.js';
import { isCategory } from '../../domain/text.js';
import { pageNumber, pageSlice } from '../../domain/paging.js';
import { followedDays, followedPapersOnDays, followsOf, unfollow } from '../../store/follows.js';
import { followAs, followKind } from '../follow-target.js';
import { FollowingPage, followingPath } from '../views/following-page.js';
import { MessagePage } from '../views/layout.js';
import { requireUser } from './comments.js';
import { votedSet } from './feed.js';
import { formField, pageContext, sendPage, todayUtc, type WebDeps } from './page.js';

const PAGE_SIZE = 50;
const PAGE_ABSORB = 10;

/** POST /follow: `kind`, `target`, `back` (a local path to return to). */
export function followHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    await followAs(deps, user, formField(req, 'kind'), formField(req, 'target'));
    return reply.redirect(safeNextPath(formField(req, 'back'), followingPath()), 303);
  };
}

/** POST /unfollow: `kind`, `target`, `back`. Unfollowing what one does not follow changes nothing. */
export function unfollowHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    await unfollow(deps.store, user.id, followKind(formField(req, 'kind')), (formField(req, 'target') ?? '').trim());
    return reply.redirect(safeNextPath(formField(req, 'back'), followingPath()), 303);
  };
}

/**
 * GET /papers/following and /papers/following/{date,week,month}/:value: the signed-in user's
 * papers from what they follow, a day, an ISO week or a month at a time, as the main feed
 * (never cached). Without a value: the latest day with such papers.
 */
export function followingHandler(deps: WebDeps, kind: FeedPeriod['kind'] = 'date') {
  return async (req: FastifyRequest<{ Params: { value?: string }; Querystring: { page?: string } }>, reply: FastifyReply) => {
    if (!req.user) return reply.redirect(`/login?next=${encodeURIComponent(safeNextPath(req.url, '/papers/following'))}`, 303);
    reply.header('cache-control', 'private, no-store');
    const ctx = pageContext(req, reply, deps);
    const userId = req.user.id;
    const today = todayUtc(deps.now());
    let period: FeedPeriod | null;
    try {
      period = req.params.value === undefined ? null : periodOf(kind, req.params.value);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      return sendPage(reply, h(MessagePage, { ctx, title: 'Bad address', error: true }, err.message), 400);
    }
    if (!period) {
      const latest = (await followedDays(deps.store, userId, today)).latest;
      period = latest ? dayPeriod(latest) : null;
    }
    const follows = await followsOf(deps.store, userId);
    const page = pageNumber(req.query.page);
    // Papers already listed for a coming day wait for it, as on the main feed.
    const to = period && period.to > today ? today : period?.to;
    const read = period && to ? await followedPapersOnDays(deps.store, userId, { from: period.from, to, limit: PAGE_SIZE + PAGE_ABSORB, offset: (page - 1) * PAGE_SIZE }) : { cards: [], total: 0 };
    const slice = pageSlice(read.total, page, PAGE_SIZE, PAGE_ABSORB);
    const cards = read.cards.slice(0, slice.limit);
    const around = period ? await followedDays(deps.store, userId, today, period) : { prev: null, next: null };
    const toKey = (day: string | null) => (day === null || !period ? null : periodKeyOf(period.kind, day));
    const view = { period, cards, total: read.total, page, pages: slice.pages, start: slice.offset + 1, prev: toKey(around.prev), next: toKey(around.next), follows, voted: await votedSet(deps, req, cards) };
    return sendPage(reply, h(FollowingPage, { ctx, view }));
  };
}
