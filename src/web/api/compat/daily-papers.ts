import type { FastifyReply, FastifyRequest } from 'fastify';
import { addDays } from '../../../domain/dates.js';
import { InvalidInputError } from '../../../domain/errors.js';
import { dayPeriod, monthPeriod, weekPeriod } from '../../../domain/feed-periods.js';
import { enteredFeedAt, rankTrending } from '../../../domain/ranking.js';
import { latestFeedDay, papersOnDays, papersSubmittedBy, trendingPapers, type PaperCard } from '../../../store/feed.js';
import { findUserByName } from '../../../store/users.js';
import { todayUtc, type WebDeps } from '../../pages/page.js';
import { parseInput, setNextLink } from './http.js';
import { compatSources } from './load.js';
import { presentItem } from './presenters.js';
import { dailyPapersQuery } from './schemas.js';

/** Trending looks back 7 days and ranks the 2,000 most upvoted of them, as the /trending page does (src/web/pages/feed.ts). */
const TRENDING_DAYS = 7;
const TRENDING_CANDIDATES = 2_000;
/** A submitter's papers are read whole up to here: 10 submissions a day is 3,650 a year. */
const SUBMITTED_CAP = 5_000;

type Query = ReturnType<typeof dailyPapersQuery.parse>;
type Range = { from: string; to: string };

/**
 * GET /api/daily_papers: the feed as the public API lists it. A day, week or month lists that
 * period most upvoted first (the site's own order); no period lists the latest day with papers
 * (the home page); `sort=trending` ranks as /trending does; `submitter` lists what a user submitted.
 */
export function dailyPapersHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const query = parseInput(dailyPapersQuery, req.query);
    const today = todayUtc(deps.now());
    const period = periodOf(query, today);
    const offset = query.p * query.limit;
    const { cards, more } = await selectCards(deps, query, period, today, offset);
    if (more) setNextLink(reply, deps.config.baseUrl, req, { p: String(query.p + 1) });
    return reply.send((await compatSources(deps.store, cards, deps.config.baseUrl)).map(presentItem));
  };
}

/** The period asked for, cut at today (a paper estimated for tomorrow waits for tomorrow); null for none. */
function periodOf(query: Query, today: string): Range | null {
  const given = (['date', 'week', 'month'] as const).filter((k) => query[k] !== undefined);
  if (given.length > 1) throw new InvalidInputError(`give one of date, week or month, not ${given.join(' and ')}`, 'invalid_parameter');
  const kind = given[0];
  if (!kind) return null;
  const value = query[kind]!;
  const period = kind === 'date' ? dayPeriod(value) : kind === 'week' ? weekPeriod(value) : monthPeriod(value);
  if (period.from > today) throw new InvalidInputError(`${kind}: ${value} is in the future (today is ${today} UTC)`, 'invalid_parameter');
  return { from: period.from, to: period.to > today ? today : period.to };
}

async function selectCards(deps: WebDeps, query: Query, period: Range | null, today: string, offset: number): Promise<{ cards: PaperCard[]; more: boolean }> {
  const page = (all: PaperCard[]) => ({ cards: all.slice(offset, offset + query.limit), more: all.length > offset + query.limit });
  if (query.submitter !== undefined) {
    const user = await findUserByName(deps.store, query.submitter);
    if (!user) return { cards: [], more: false };
    const submitted = (await papersSubmittedBy(deps.store, user.id, SUBMITTED_CAP)).filter((c) => !period || (c.feedDate !== null && c.feedDate >= period.from && c.feedDate <= period.to));
    return page(query.sort === 'trending' ? ranked(submitted, deps.now()) : submitted);
  }
  if (query.sort === 'trending') {
    const window = period ?? (await trendingWindow(deps, today));
    const { cards, ranked: total } = await trendingPapers(deps.store, { ...window, cap: TRENDING_CANDIDATES, offset, take: query.limit }, deps.now());
    return { cards, more: total > offset + query.limit };
  }
  const day = period ?? (await latestDay(deps, today));
  if (!day) return { cards: [], more: false };
  const { cards, total } = await papersOnDays(deps.store, { ...day, limit: query.limit, offset });
  return { cards, more: total > offset + query.limit };
}

function ranked(cards: PaperCard[], now: Date): PaperCard[] {
  return rankTrending(cards.map((c) => ({ ...c, enteredAt: enteredFeedAt(c) })), now);
}

/** The week up to the latest day with papers, so an imported archive still has a trending list. */
async function trendingWindow(deps: WebDeps, today: string): Promise<Range> {
  const end = (await latestFeedDay(deps.store, today)) ?? today;
  return { from: addDays(end, -TRENDING_DAYS), to: end };
}

async function latestDay(deps: WebDeps, today: string): Promise<Range | null> {
  const day = await latestFeedDay(deps.store, today);
  return day ? { from: day, to: day } : null;
}
