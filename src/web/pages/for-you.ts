import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { safeNextPath } from '../../domain/community-rules.js';
import { InvalidInputError } from '../../domain/errors.js';
import { isCategory } from '../../domain/text.js';
import { type RecommendDeps, isFeedbackKind, recordFeedback } from '../../recommend/index.js';
import { forYouList, summarizeSignals } from '../../recommend/for-you.js';
import { cardsByIds, categoryCounts } from '../../store/feed.js';
import { follow, followsOf } from '../../store/follows.js';
import { clearAllFeedback, clearFeedback, userSignals } from '../../store/recommendation-signals.js';
import { ForYouHistoryPage } from '../views/for-you-history.js';
import { forYouPath, ForYouPage, type ForYouView } from '../views/for-you-page.js';
import { MessagePage } from '../views/layout.js';
import { requireUser } from './comments.js';
import { trendingCards } from './feed.js';
import { formField, pageContext, sendPage, todayUtc, wantsJson, type WebDeps } from './page.js';

/** Papers on the page: a day's best, or a week's. */
export const FOR_YOU_LIMIT = 30;
/** Cold start: categories and trending papers offered. */
const PICKER_CATEGORIES = 16;
const PICKER_SEEDS = 6;

/** The recommender's deps from the web's: the store, and vectors from the search index (none while it builds: categories and trending then). */
export function recommendDeps(deps: Pick<WebDeps, 'store' | 'search'>): RecommendDeps {
  return {
    store: deps.store,
    vectorOf: (id) => deps.search.index?.vectorOf(id) ?? null,
    readVector: (id, out, offset) => deps.search.index?.readVector(id, out, offset) ?? false,
  };
}

/** GET /for-you (?period=week): never cached, never shared (private, no-store); signed out, a sign-in prompt. */
export function forYouHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: { period?: string } }>, reply: FastifyReply) => {
    reply.header('cache-control', 'private, no-store');
    const ctx = pageContext(req, reply, deps);
    const period = req.query.period === undefined || req.query.period === 'day' ? 'day' : req.query.period === 'week' ? 'week' : null;
    if (period === null) return sendPage(reply, h(MessagePage, { ctx, title: 'Bad address', error: true }, 'period: day or week'), 400);
    if (!req.user) {
      return sendPage(reply, h(MessagePage, { ctx, title: 'For you' }, 'For you ranks the day\'s papers by what you upvote, save and follow. ', h('a', { href: `/login?next=${encodeURIComponent(forYouPath(period))}` }, 'Sign in'), ' to see yours.'));
    }
    const list = await forYouList(recommendDeps(deps), { userId: req.user.id, period, today: todayUtc(deps.now()), limit: FOR_YOU_LIMIT });
    const cards = new Map((await cardsByIds(deps.store, list.items.map((i) => i.paperId))).map((c) => [c.id, c]));
    const view: ForYouView = {
      period, range: list.range, coldStart: list.coldStart,
      items: list.items.flatMap((i) => { const card = cards.get(i.paperId); return card ? [{ card, reason: i.reason }] : []; }),
    };
    if (list.coldStart && list.range) view.picker = await picker(deps, req.user.id, list.range);
    return sendPage(reply, h(ForYouPage, { ctx, view }));
  };
}

async function picker(deps: WebDeps, userId: number, range: { from: string; to: string }): Promise<NonNullable<ForYouView['picker']>> {
  const week = range.from === range.to ? { from: addDaysIso(range.to, -6), to: range.to } : range;
  const [counts, follows, trending] = await Promise.all([categoryCounts(deps.store, week.from, week.to), followsOf(deps.store, userId), trendingCards(deps)]);
  const followed = new Set(follows.filter((f) => f.kind === 'category').map((f) => f.target));
  return {
    categories: counts.slice(0, PICKER_CATEGORIES).map((c) => ({ ...c, followed: followed.has(c.category) })),
    seeds: trending.cards.slice(0, PICKER_SEEDS),
  };
}

function addDaysIso(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function paperIdField(req: FastifyRequest): string {
  const id = (formField(req, 'paper_id') ?? '').trim();
  if (!id || id.length > 64) throw new InvalidInputError('paper_id: a paper id', 'invalid_paper_id');
  return id;
}

/** POST /for-you/feedback: `paper_id`, `kind` (not_interested | more_like_this), `back`. JSON for the page script, else back to the page. */
export function feedbackHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    const paperId = paperIdField(req);
    const kind = formField(req, 'kind');
    if (!isFeedbackKind(kind)) throw new InvalidInputError('kind: not_interested or more_like_this', 'invalid_kind');
    if ((await recordFeedback(deps, { userId: user.id, paperId, kind, now: deps.now() })) === 'unknown_paper') throw new InvalidInputError('no such paper', 'not_found');
    if (wantsJson(req)) return reply.header('cache-control', 'private, no-store').send({ paper_id: paperId, kind });
    return reply.redirect(safeNextPath(formField(req, 'back'), '/for-you'), 303);
  };
}

/** POST /for-you/feedback/undo: `paper_id`; takes one feedback back. */
export function undoFeedbackHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    await clearFeedback(deps.store, user.id, paperIdField(req));
    return reply.redirect(safeNextPath(formField(req, 'back'), '/for-you/history'), 303);
  };
}

/** POST /for-you/forget: "forget my history" (all feedback; public actions stay). */
export function forgetHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    await clearAllFeedback(deps.store, user.id);
    return reply.redirect('/for-you/history', 303);
  };
}

/** POST /for-you/categories: the cold-start picker's `category` boxes, followed. */
export function followCategoriesHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    const raw = (req.body as Record<string, unknown> | undefined)?.category;
    const picked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
    const bad = picked.filter((c) => !isCategory(c));
    if (bad.length || picked.length > 50) throw new InvalidInputError('category: arXiv categories (e.g. cs.RO)', 'invalid_category');
    for (const c of new Set(picked)) {
      if ((await follow(deps.store, user.id, 'category', c, deps.now())) === 'full') throw new InvalidInputError('you follow as many things as one can: unfollow some first', 'too_many_follows');
    }
    return reply.redirect(safeNextPath(formField(req, 'back'), '/for-you'), 303);
  };
}

/** GET /for-you/history: the owner's signals, feedback with undo, and "forget my history". */
export function historyHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.user) return reply.redirect('/login?next=%2Ffor-you%2Fhistory', 303);
    reply.header('cache-control', 'private, no-store');
    const summary = summarizeSignals(await userSignals(deps.store, req.user.id));
    return sendPage(reply, h(ForYouHistoryPage, { ctx: pageContext(req, reply, deps), summary }));
  };
}
