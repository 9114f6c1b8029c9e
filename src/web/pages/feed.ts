import type { FastifyReply, FastifyRequest } from 'fastify';
import { addDays, isCalendarDate } from '../../domain/dates.js';
import { dayPeriod, isoWeekOf, monthPeriod, periodKeyOf, weekPeriod, type FeedPeriod } from '../../domain/feed-periods.js';
import { InvalidInputError } from '../../domain/errors.js';
import { categoryCounts, latestFeedDay, neighbourDays, papersOnDays, trendingPapers, type PaperCard } from '../../store/feed.js';
import { pageNumber, pageSlice } from '../../domain/paging.js';
import { isCategory } from '../../domain/text.js';
import { latestRuns } from '../../store/ingest-runs.js';
import { votedPaperIds } from '../../store/votes.js';
import { EmptyStorePage } from '../views/empty-store.js';
import { FeedPage, periodPath, TrendingPage } from '../views/feed-page.js';
import { feedLinks } from '../feeds/formats.js';
import { MessagePage } from '../views/layout.js';
import { cachedPage, pageContext, todayUtc, type WebDeps } from './page.js';
import { h } from 'preact';
import { followState } from './follow-state.js';

/** 50 cards a page: a day's top papers at a glance, and about 100 kB of HTML. */
const PAGE_SIZE = 50;
/** A remainder of up to 10 cards joins the page before rather than making a page of its own. */
const PAGE_ABSORB = 10;
/** Trending looks back a week: with gravity 1.8, older papers cannot rank anyway. */
const TRENDING_DAYS = 7;
/** Candidates ranked for trending: the most upvoted of the window (ranking all of a week's ~7,000 papers would rank zeros). */
const TRENDING_CANDIDATES = 2_000;
const TRENDING_SHOWN = 50;

type PeriodKind = FeedPeriod['kind'];
const PARSERS: Record<PeriodKind, (v: string) => FeedPeriod> = { date: dayPeriod, week: weekPeriod, month: monthPeriod };

/** `/` and `/papers`: the latest day with papers. */
export function homeHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: { page?: string; code?: string } }>, reply: FastifyReply) =>
    cachedPage(req, reply, deps, async () => {
      const ctx = { ...pageContext(req, reply, deps), feeds: feedLinks(deps.config.baseUrl, '/feeds/daily', "Paperboy: today's papers") };
      const day = await latestFeedDay(deps.store, todayUtc(deps.now()));
      if (!day) {
        // The latest arXiv run says whether papers are on their way (`serve` catches up at start) or why not.
        const run = (await latestRuns(deps.store)).find((r) => r.kind === 'arxiv');
        return { page: h(EmptyStorePage, { ctx, run, now: deps.now() }) };
      }
      return { page: h(FeedPage, { ctx, view: await feedView(req, deps, dayPeriod(day), true) }) };
    });
}

/** `/papers/date/:value`, `/papers/week/:value`, `/papers/month/:value`, and the same under `/papers/category/:category/`. */
export function periodHandler(deps: WebDeps, kind: PeriodKind) {
  return async (req: FastifyRequest<{ Params: { value: string; category?: string }; Querystring: { page?: string; code?: string } }>, reply: FastifyReply) =>
    cachedPage(req, reply, deps, async () => {
      const ctx = pageContext(req, reply, deps);
      let period: FeedPeriod;
      let category: string | null;
      try {
        category = categoryParam(req.params.category);
        period = PARSERS[kind](req.params.value);
      } catch (err) {
        if (!(err instanceof InvalidInputError)) throw err;
        return { page: h(MessagePage, { ctx, title: 'Bad address', error: true }, err.message), status: 400 };
      }
      const feeds = category
        ? feedLinks(deps.config.baseUrl, `/feeds/category/${category}`, `Paperboy: latest in ${category}`)
        : period.kind === 'date' ? feedLinks(deps.config.baseUrl, `/feeds/date/${period.key}`, `Paperboy: papers of ${period.label}`) : undefined;
      return { page: h(FeedPage, { ctx: { ...ctx, feeds }, view: await feedView(req, deps, period, false, category) }) };
    });
}

/** `/papers/category/:category`: the latest day with papers in it. */
export function categoryHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { category: string }; Querystring: { page?: string; code?: string } }>, reply: FastifyReply) =>
    cachedPage(req, reply, deps, async () => {
      const ctx = pageContext(req, reply, deps);
      let category: string;
      try {
        category = categoryParam(req.params.category)!;
      } catch (err) {
        if (!(err instanceof InvalidInputError)) throw err;
        return { page: h(MessagePage, { ctx, title: 'Bad address', error: true }, err.message), status: 400 };
      }
      const day = await latestFeedDay(deps.store, todayUtc(deps.now()), category);
      if (!day) return { page: h(MessagePage, { ctx, title: `No papers in ${category}` }, `Paperboy has no paper listed in ${category} yet.`), status: 404 };
      const feeds = feedLinks(deps.config.baseUrl, `/feeds/category/${category}`, `Paperboy: latest in ${category}`);
      return { page: h(FeedPage, { ctx: { ...ctx, feeds }, view: await feedView(req, deps, dayPeriod(day), false, category) }) };
    });
}

function categoryParam(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (!isCategory(raw)) throw new InvalidInputError(`"${raw.slice(0, 40)}" is not an arXiv category (e.g. cs.CL)`, 'invalid_category');
  return raw;
}

/** `/papers/date?d=YYYY-MM-DD&kind=week&category=cs.CL`: the date picker's form target; a week view's picker goes to the picked day's week. */
export function datePickerHandler() {
  return async (req: FastifyRequest<{ Querystring: { d?: string; kind?: string; category?: string } }>, reply: FastifyReply) => {
    const d = (req.query.d ?? '').trim();
    const category = req.query.category && isCategory(req.query.category) ? req.query.category : null;
    const kind = req.query.kind === 'week' || req.query.kind === 'month' ? req.query.kind : 'date';
    if (kind !== 'date' && isCalendarDate(d)) return reply.redirect(periodPath(kind, kind === 'week' ? isoWeekOf(d) : d.slice(0, 7), category), 303);
    return reply.redirect(periodPath('date', encodeURIComponent(d || 'missing'), category), 303);
  };
}

export function trendingHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) =>
    cachedPage(req, reply, deps, async () => {
      const ctx = { ...pageContext(req, reply, deps), feeds: feedLinks(deps.config.baseUrl, '/feeds/trending', 'Paperboy: trending papers') };
      const { cards, until } = await trendingCards(deps);
      return { page: h(TrendingPage, { ctx, cards, voted: await votedSet(deps, req, cards), days: TRENDING_DAYS, until }) };
    });
}

/** What /trending lists, ranked; its feeds (src/web/pages/feeds.ts) read the same. */
export async function trendingCards(deps: WebDeps): Promise<{ cards: PaperCard[]; until: string }> {
  const now = deps.now();
  // The window ends at the latest day with papers: an imported archive or a store whose
  // ingestion paused still shows what was trending then, not an empty page.
  const end = (await latestFeedDay(deps.store, todayUtc(now))) ?? todayUtc(now);
  const { cards } = await trendingPapers(deps.store, { from: addDays(end, -TRENDING_DAYS), to: end, cap: TRENDING_CANDIDATES, offset: 0, take: TRENDING_SHOWN }, now);
  return { cards, until: end };
}

async function feedView(req: FastifyRequest<{ Querystring: { page?: string; code?: string } }>, deps: WebDeps, period: FeedPeriod, isToday: boolean, category: string | null = null) {
  const page = pageNumber(req.query.page);
  // `?code=1`: only papers with a code repository.
  const hasCode = req.query.code === '1';
  const today = todayUtc(deps.now());
  // Papers already listed for a coming day (a submission estimated for tomorrow) wait for it.
  const to = period.to > today ? today : period.to;
  // Read a page and the remainder it may take in; pageSlice says how much of it this page shows.
  const read = await papersOnDays(deps.store, { from: period.from, to, limit: PAGE_SIZE + PAGE_ABSORB, offset: (page - 1) * PAGE_SIZE, ...(category ? { category } : {}), ...(hasCode ? { hasCode } : {}) });
  const slice = pageSlice(read.total, page, PAGE_SIZE, PAGE_ABSORB);
  const cards = read.cards.slice(0, slice.limit);
  const around = await neighbourDays(deps.store, period.from, period.to, today, category ?? undefined);
  const categories = await categoryCounts(deps.store, period.from, to);
  const toKey = (day: string | null) => (day === null ? null : periodKeyOf(period.kind, day));
  return {
    period, isToday, category, hasCode, categories, cards, total: read.total, page, pages: slice.pages, start: slice.offset + 1,
    prev: toKey(around.prev), next: toKey(around.next), voted: await votedSet(deps, req, cards),
    following: category ? await followState(deps, req, 'category', category) : undefined,
  };
}

export async function votedSet(deps: WebDeps, req: FastifyRequest, cards: PaperCard[]): Promise<Set<string>> {
  return req.user ? votedPaperIds(deps.store, req.user.id, cards.map((c) => c.id)) : new Set();
}
