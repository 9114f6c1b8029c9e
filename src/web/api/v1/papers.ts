import { z } from 'zod';
import { tryParseArxivId } from '../../../domain/arxiv-id.js';
import { bibtexFor } from '../../../domain/bibtex.js';
import { LIMITS } from '../../../domain/community-rules.js';
import { addDays } from '../../../domain/dates.js';
import { InvalidInputError } from '../../../domain/errors.js';
import { dayPeriod, type FeedPeriod, monthPeriod, weekPeriod } from '../../../domain/feed-periods.js';
import { SUBMIT_WAIT_MS } from '../../../ingest/submit-paper.js';
import { cardsByIds, type PaperCard } from '../../../store/feed.js';
import { upvotedKeysOnDays } from '../../../store/feed-pages.js';
import { paperIdsByFeedDay } from '../../../store/paper-listing.js';
import { findPaper } from '../../../store/papers.js';
import { ALREADY_HERE, QUEUED, SUBMISSION_LIMIT_MESSAGE, SUBMISSION_RETRY_SECONDS, submitAs } from '../../write-limits.js';
import type { PaperState } from '../../../domain/paper-state.js';
import { RateLimitedError } from '../../http/rate-limit.js';
import { todayUtc, type WebDeps } from '../../pages/page.js';
import { datedCursor, decodeCursor, encodeCursor, upvotedCursor } from './cursor.js';
import { defineRoute, nextLink } from './http.js';
import { presentPaper, presentPaperDetail } from './presenters.js';
import { cursorParam, errorSchema, idParams, limitParam, paperDetailSchema, paperPageSchema, submitQueuedSchema, submitResultSchema } from './schemas.js';

/** `/api/v1/papers/…`: a day, a week, a month; one paper; its BibTeX; submitting one. */

const periodQuery = z.strictObject({
  sort: z.enum(['upvotes', 'date'], { error: 'must be upvotes or date' }).optional().transform((v) => v ?? 'upvotes').meta({ description: '`upvotes`: most upvoted first, then the latest to join (the site\'s order; default). `date`: newest feed day first, then by id descending.' }),
  limit: limitParam(100, 50),
  cursor: cursorParam,
});

const PERIODS = {
  date: { parse: dayPeriod, name: 'a day', example: '2026-11-27', format: 'YYYY-MM-DD' },
  week: { parse: weekPeriod, name: 'an ISO week (Monday to Sunday)', example: '2026-W48', format: 'YYYY-Www' },
  month: { parse: monthPeriod, name: 'a month', example: '2026-11', format: 'YYYY-MM' },
} as const;

function periodRoute(kind: keyof typeof PERIODS) {
  const p = PERIODS[kind];
  return defineRoute({
    tag: 'Papers',
    summary: `Papers of ${p.name}`,
    description: `The papers whose feed day falls in ${p.name} (\`${p.format}\`), as the site lists them, with cursor paging: pass \`next_cursor\` as \`cursor\` until it is null. Pages hold their place when new papers arrive. A period starting after today (UTC) is a 400; one running past today stops at today.`,
    params: z.object({ [kind]: z.string().max(40).meta({ description: `${p.format}, e.g. ${p.example}` }) }),
    query: periodQuery,
    responses: { 200: { description: 'One page of papers', schema: paperPageSchema }, 400: { description: 'Bad period, parameter or cursor', schema: errorSchema } },
    example: `/api/v1/papers/${kind}/${p.example}?limit=20`,
    async handler(call) {
      const period = p.parse((call.params as Record<string, string>)[kind]!);
      const today = todayUtc(call.deps.now());
      if (period.from > today) throw new InvalidInputError(`${kind}: ${period.key} is in the future (today is ${today} UTC)`, 'invalid_parameter');
      const { cards, next } = await periodPage(call.deps, { ...period, to: period.to > today ? today : period.to }, call.query);
      nextLink(call, next);
      const { kind: k, key, from, to, label, prev, next: following } = period;
      return { body: { period: { kind: k, key, from, to, label, prev, next: following }, sort: call.query.sort, papers: cards.map((c) => presentPaper(c, call.deps.config.baseUrl)), next_cursor: next } };
    },
  });
}

export const papersOfDay = periodRoute('date');
export const papersOfWeek = periodRoute('week');
export const papersOfMonth = periodRoute('month');

type PeriodQuery = z.output<typeof periodQuery>;

/** One page of a period in either order; one row more than asked tells whether a next page exists. */
async function periodPage(deps: WebDeps, period: Pick<FeedPeriod, 'from' | 'to'>, query: PeriodQuery): Promise<{ cards: PaperCard[]; next: string | null }> {
  if (query.sort === 'upvotes') {
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, upvotedCursor);
    const keys = await upvotedKeysOnDays(deps.store, { from: period.from, to: period.to, after: after && { upvotes: after[1], joinedAt: after[2], id: after[3] }, limit: query.limit + 1 });
    const shown = keys.slice(0, query.limit);
    const last = shown.at(-1);
    return { cards: await cardsByIds(deps.store, shown.map((k) => k.id)), next: keys.length > query.limit && last ? encodeCursor(['u', last.upvotes, last.joinedAt, last.id]) : null };
  }
  // Newest day first is the order of the (feed_date, id) index read backwards: the listing of
  // all papers (src/store/paper-listing.ts), started just after the period's last day.
  const after = query.cursor === undefined ? { feedDate: addDays(period.to, 1), id: '' } : decodeCursor(query.cursor, datedCursor);
  const start = Array.isArray(after) ? { feedDate: after[1], id: after[2] } : after;
  const keys = (await paperIdsByFeedDay(deps.store, { after: start, limit: query.limit + 1 })).filter((k) => k.feedDate >= period.from && k.feedDate <= period.to);
  const shown = keys.slice(0, query.limit);
  const last = shown.at(-1);
  return { cards: await cardsByIds(deps.store, shown.map((k) => k.id)), next: keys.length > query.limit && last ? encodeCursor(['d', last.feedDate, last.id]) : null };
}

/**
 * The visible paper behind any id form, with its full record. A malformed id is a 400 saying
 * why; an unknown or moderator-hidden one a 404 (hidden papers are absent from the API).
 */
export async function visiblePaper(deps: WebDeps, raw: string): Promise<{ card: PaperCard; paper: PaperState }> {
  const parsed = tryParseArxivId(raw);
  if (typeof parsed === 'string') throw new InvalidInputError(`id: ${parsed}`, 'invalid_id');
  const [card] = await cardsByIds(deps.store, [parsed.id]);
  const paper = card && (await findPaper(deps.store, parsed.id));
  if (!card || !paper) throw new InvalidInputError(`no paper ${parsed.id} here (submit it with POST /api/v1/papers)`, 'not_found');
  return { card, paper };
}

const notFound = { description: 'Malformed id (400) or no such visible paper (404)', schema: errorSchema };

export const paperById = defineRoute({
  tag: 'Papers',
  summary: 'One paper',
  description: 'A paper by any id form; the answer always carries the canonical id. Hidden papers are 404.',
  params: idParams,
  responses: { 200: { description: 'The paper', schema: paperDetailSchema }, 400: notFound, 404: notFound },
  example: '/api/v1/papers/arXiv:2401.00001v2',
  async handler(call) {
    const { card, paper } = await visiblePaper(call.deps, call.params.id);
    return { body: presentPaperDetail(card, paper, call.deps.config.baseUrl) };
  },
});

/** `text/x-bibtex`: what reference managers and `curl > refs.bib` expect; browsers show it as text. */
export const BIBTEX_TYPE = 'text/x-bibtex; charset=utf-8';

export const paperBibtex = defineRoute({
  tag: 'BibTeX',
  summary: "One paper's BibTeX",
  description: 'A `@misc` entry as arXiv exports it (eprint, archivePrefix, primaryClass, DOI and journal when known).',
  params: idParams,
  responses: { 200: { description: 'BibTeX', contentType: BIBTEX_TYPE }, 400: notFound, 404: notFound },
  example: '/api/v1/papers/2401.00001.bib',
  async handler(call) {
    const { paper } = await visiblePaper(call.deps, call.params.id);
    return { body: `${bibtexFor(paper)}\n`, contentType: BIBTEX_TYPE };
  },
});

export const submitPaperRoute = defineRoute({
  tag: 'Writes',
  summary: 'Submit a paper',
  description: `Adds a paper from arXiv by any id form: it joins today's feed, credited to you (${LIMITS.submissionsPerDay} a day). A paper already here is not added again: your submission becomes your upvote (\`exists\`, no credit). When arXiv does not answer within ${SUBMIT_WAIT_MS / 1000} s, the submission is queued (202, \`Location\` the paper's URL, 404 until it is added) and finished in the background, credited to you; your profile shows its state.`,
  auth: true,
  body: z.strictObject({ id: z.string({ error: 'id: an arXiv id or URL is required' }).max(300).meta({ description: 'An arXiv id or URL' }) }),
  responses: {
    200: { description: 'Already here: your upvote was added', schema: submitResultSchema },
    201: { description: 'Added', schema: submitResultSchema },
    202: { description: 'arXiv did not answer in time: queued', schema: submitQueuedSchema },
    400: { description: 'Malformed id, or arXiv has no such paper', schema: errorSchema },
    401: { description: 'No valid token', schema: errorSchema },
    429: { description: 'Daily submission limit or write rate limit', schema: errorSchema },
  },
  example: '/api/v1/papers',
  exampleBody: { id: 'arXiv:2401.00001' },
  async handler(call) {
    const outcome = await submitAs(call.deps, call.identity!.user.id, call.body.id, 'submit');
    if (outcome.status === 'limited') {
      // An hour: the oldest of the day's submissions leaves the 24-hour window within the day; checking hourly is enough.
      throw new RateLimitedError(SUBMISSION_LIMIT_MESSAGE, SUBMISSION_RETRY_SECONDS);
    }
    if (outcome.status === 'queued') {
      call.reply.header('location', `/api/v1/papers/${outcome.id}`);
      const r = outcome.request;
      return { status: 202, body: { status: 'queued', paper_id: outcome.id, message: QUEUED, attempts: r.attempts, error: r.error } };
    }
    const { card, paper } = await visiblePaper(call.deps, outcome.id);
    const body = { status: outcome.status, paper: presentPaperDetail(card, paper, call.deps.config.baseUrl) };
    return outcome.status === 'added' ? { status: 201, body } : { status: 200, body: { ...body, upvoted: outcome.upvoted, message: ALREADY_HERE } };
  },
});
