import { sql } from 'kysely';
import { addDays } from '../domain/dates.js';
import type { Store } from './database.js';
import { shownName } from './users.js';

/**
 * What the public /stats page charts: papers per feed day by primary category, local upvotes and
 * comments per day, the most active submitters and the top categories, over a window of days
 * that ends at the latest feed day. Day bounds are computed here and compared as ISO strings, and
 * vote and comment days are the first ten characters of their UTC timestamps (`substr`, the
 * same in SQLite and PostgreSQL), so no query uses a dialect's date functions.
 */

/** Days, both ends included, as `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

export interface CategoryDayCount {
  day: string;
  /** The papers' primary category; null for papers without one. */
  category: string | null;
  papers: number;
}

export interface DayCount {
  day: string;
  count: number;
}

export interface SubmitterCount {
  handle: string;
  /** The display name, else the handle. */
  name: string;
  papers: number;
}

export interface CategoryCount {
  category: string;
  papers: number;
}

export interface SiteActivity {
  range: DayRange;
  papersByDay: CategoryDayCount[];
  upvotesByDay: DayCount[];
  commentsByDay: DayCount[];
  topSubmitters: SubmitterCount[];
  topCategories: CategoryCount[];
}

/** The stats page looks back 90 days: a season of a field, about 60 feed days. */
export const ACTIVITY_DAYS = 90;
/** Submitters and categories listed. */
export const TOP_LISTED = 10;

/** The `days` days up to the latest feed day on or before `today`; null while the store has no papers. */
export async function activityRange(store: Store, today: string, days = ACTIVITY_DAYS): Promise<DayRange | null> {
  const row = await store.db.selectFrom('papers').select((eb) => eb.fn.max('feed_date').as('d')).where('feed_date', '<=', today).executeTakeFirst();
  const to = row?.d ?? null;
  return to === null ? null : { from: addDays(to, -(days - 1)), to };
}

/** Everything the stats page shows, over the window ending at the latest feed day; null for an empty store. */
export async function siteActivity(store: Store, today: string, options: { days?: number; top?: number } = {}): Promise<SiteActivity | null> {
  const range = await activityRange(store, today, options.days);
  if (!range) return null;
  const papersByDay = await papersPerDayByCategory(store, range);
  return {
    range,
    papersByDay,
    upvotesByDay: await upvotesPerDay(store, range),
    commentsByDay: await commentsPerDay(store, range),
    topSubmitters: await topSubmitters(store, range, options.top ?? TOP_LISTED),
    topCategories: topCategories(papersByDay, options.top ?? TOP_LISTED),
  };
}

/**
 * Visible papers per feed day and primary category, by day then category. All papers of the
 * window are counted from the (feed_date, primary_category) index alone; the few hidden ones
 * (a moderator's decision, rare) are counted apart and taken off, which is cheaper than joining
 * every paper of the window to its activity row.
 */
export async function papersPerDayByCategory(store: Store, range: DayRange): Promise<CategoryDayCount[]> {
  const all = await store.db
    .selectFrom('papers')
    .select(['feed_date', 'primary_category', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('feed_date', '>=', range.from)
    .where('feed_date', '<=', range.to)
    .groupBy(['feed_date', 'primary_category'])
    .execute();
  const key = (day: string | null, category: string | null) => `${day ?? ''}\u0000${category ?? '\u0000'}`;
  const hiddenBy = new Map<string, number>();
  for (const r of await hiddenPapersIn(store, range)) hiddenBy.set(key(r.feed_date, r.primary_category), (hiddenBy.get(key(r.feed_date, r.primary_category)) ?? 0) + 1);
  return all
    .map((r) => ({ day: r.feed_date ?? '', category: r.primary_category, papers: Number(r.n) - (hiddenBy.get(key(r.feed_date, r.primary_category)) ?? 0) }))
    .filter((r) => r.papers > 0)
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : (a.category ?? '') < (b.category ?? '') ? -1 : (a.category ?? '') > (b.category ?? '') ? 1 : 0));
}

/**
 * Hidden papers of the range. Found from the activity rows (a moderator's decision, so a few),
 * then looked up by id: walking every paper of the range to its activity row took 90 ms at 100k papers.
 */
async function hiddenPapersIn(store: Store, range: DayRange): Promise<{ feed_date: string | null; primary_category: string | null }[]> {
  const ids = (await store.db.selectFrom('paper_activity').select('paper_id').where('hidden_at', 'is not', null).execute()).map((r) => r.paper_id);
  const found: { feed_date: string | null; primary_category: string | null }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    found.push(...(await store.db.selectFrom('papers').select(['feed_date', 'primary_category']).where('id', 'in', ids.slice(i, i + 500)).where('feed_date', '>=', range.from).where('feed_date', '<=', range.to).execute()));
  }
  return found;
}

/** The first ten characters of an ISO timestamp: its UTC day. Written out, not bound, so GROUP BY matches the select on PostgreSQL. */
const DAY_OF_CREATED = sql<string>`substr(created_at, 1, 10)`;

/** Local upvotes cast per UTC day in the range (the votes that still stand: an unvote removes its row). */
export async function upvotesPerDay(store: Store, range: DayRange): Promise<DayCount[]> {
  const rows = await store.db
    .selectFrom('votes')
    .select([DAY_OF_CREATED.as('day'), (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('created_at', '>=', range.from)
    .where('created_at', '<', addDays(range.to, 1))
    .groupBy(DAY_OF_CREATED)
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ day: r.day, count: Number(r.n) }));
}

/** Comments written per UTC day in the range, not counting deleted or hidden ones. */
export async function commentsPerDay(store: Store, range: DayRange): Promise<DayCount[]> {
  const rows = await store.db
    .selectFrom('comments')
    .select([DAY_OF_CREATED.as('day'), (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('created_at', '>=', range.from)
    .where('created_at', '<', addDays(range.to, 1))
    .where('deleted_at', 'is', null)
    .where('hidden_at', 'is', null)
    .groupBy(DAY_OF_CREATED)
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ day: r.day, count: Number(r.n) }));
}

/** Users who submitted the most visible papers in the range (by submission time), banned users left out; ties by handle. */
export async function topSubmitters(store: Store, range: DayRange, limit: number): Promise<SubmitterCount[]> {
  const rows = await store.db
    .selectFrom('paper_activity as a')
    .innerJoin('users as u', 'u.id', 'a.submitted_by')
    .select(['u.name', 'u.display_name', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('a.submitted_at', '>=', range.from)
    .where('a.submitted_at', '<', addDays(range.to, 1))
    .where('a.hidden_at', 'is', null)
    .where('u.banned_at', 'is', null)
    .groupBy(['u.id', 'u.name', 'u.display_name'])
    .orderBy('n', 'desc')
    .orderBy('u.name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ handle: r.name, name: shownName(r.name, r.display_name), papers: Number(r.n) }));
}

/** The categories with the most papers in these rows, most first, ties by name; papers without a category are left out. */
export function topCategories(rows: readonly CategoryDayCount[], limit: number): CategoryCount[] {
  const totals = new Map<string, number>();
  for (const r of rows) if (r.category !== null) totals.set(r.category, (totals.get(r.category) ?? 0) + r.papers);
  return [...totals]
    .map(([category, papers]) => ({ category, papers }))
    .sort((a, b) => b.papers - a.papers || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0))
    .slice(0, limit);
}

export interface UpvotesOverTime {
  paperId: string;
  /** Upvotes counted elsewhere before import: where the line starts. */
  baseline: number;
  /** Local upvotes per UTC day, days without votes absent, oldest first. */
  days: DayCount[];
}

/** One paper's local upvotes per day and its imported baseline, for the paper page's sparkline (reads the votes_paper index). */
export async function upvotesOverTime(store: Store, paperId: string): Promise<UpvotesOverTime> {
  const paper = await store.db.selectFrom('papers').select('upvotes_baseline').where('id', '=', paperId).executeTakeFirst();
  const rows = await store.db
    .selectFrom('votes')
    .select([DAY_OF_CREATED.as('day'), (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('paper_id', '=', paperId)
    .groupBy(DAY_OF_CREATED)
    .orderBy('day')
    .execute();
  return { paperId, baseline: Number(paper?.upvotes_baseline ?? 0), days: rows.map((r) => ({ day: r.day, count: Number(r.n) })) };
}
