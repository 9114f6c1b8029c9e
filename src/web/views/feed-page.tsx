import { formatDay } from '../../domain/date-format.js';
import { isoWeekOf, monthPeriod, weekPeriod, type FeedPeriod } from '../../domain/feed-periods.js';
import type { PaperCard } from '../../store/feed.js';
import { Layout, type PageContext } from './layout.js';
import { categoryPath, PaperList } from './paper-card.js';
import { ViewToggle } from './view-toggle.js';
import { FollowButton } from './follow-button.js';

/** A page of a day-by-day list of cards, with its neighbours: the feed, a category, Following. */
export interface PagedCards {
  cards: PaperCard[];
  total: number;
  page: number;
  pages: number;
  /** The rank of the page's first card. */
  start: number;
  /** The nearest periods with papers, for the previous/next links. */
  prev: string | null;
  next: string | null;
  voted: Set<string>;
}

export interface FeedView extends PagedCards {
  period: FeedPeriod;
  /** Is this the site's front page ("today")? */
  isToday: boolean;
  /** A category view (`/papers/category/cs.CL/…`): only papers listing it. */
  category: string | null;
  /** `?code=1`: only papers with a code repository. */
  hasCode?: boolean;
  /** The period's categories with their paper counts, most first (the filter chips). */
  categories: { category: string; papers: number }[];
  /** A category view: does the signed-in reader follow the category (undefined when signed out). */
  following?: boolean | undefined;
}

/** Filter chips shown before "more": the day's main categories; the rest are one click away on the stats page. */
const CHIPS = 12;

/** `/papers/{kind}/{key}`, or the same period of a category view. */
export function periodPath(kind: FeedPeriod['kind'], key: string, category: string | null = null): string {
  return category ? `${categoryPath(category)}/${kind}/${key}` : `/papers/${kind}/${key}`;
}

/** A neighbour period's short name: "Thu 26 Nov", "Week 47", "October 2026". */
export function shortLabel(kind: FeedPeriod['kind'], key: string): string {
  if (kind === 'date') return formatDay(key, { year: false });
  if (kind === 'week') return `Week ${Number(weekPeriod(key).key.slice(6))}`;
  return monthPeriod(key).label;
}

export function FeedPage({ ctx, view }: { ctx: PageContext; view: FeedView }) {
  const { period, category, cards, total, page, pages } = view;
  // The has-code filter holds while the reader moves between periods and categories.
  const keep = view.hasCode ? '?code=1' : '';
  const what = category ?? (view.isToday ? 'Daily papers' : null);
  const heading = what ? `${what} · ${period.label}` : period.label;
  const periodWord = period.kind === 'date' ? 'day' : period.kind;
  const description = `Research papers${category ? ` in ${category}` : ''} of ${period.label}, ranked by upvotes.`;
  return (
    <Layout ctx={ctx} title={heading} section="daily" description={description}>
      <div class="period">
        <h1>{heading}</h1>
        <nav class="step" aria-label={`Previous and next ${periodWord}`}>
          {view.prev ? <a href={periodPath(period.kind, view.prev, category) + keep} rel="prev">← {shortLabel(period.kind, view.prev)}</a> : <span aria-hidden="true" class="muted">←</span>}
          {view.next ? <a href={periodPath(period.kind, view.next, category) + keep} rel="next">{shortLabel(period.kind, view.next)} →</a> : <span aria-hidden="true" class="muted">→</span>}
        </nav>
      </div>
      <div class="toolbar">
        <nav class="tabs" aria-label="Period">
          <a href={periodPath('date', period.kind === 'date' ? period.from : period.to, category) + keep} aria-current={period.kind === 'date' ? 'page' : undefined}>Day</a>
          <a href={periodPath('week', weekOf(period), category) + keep} aria-current={period.kind === 'week' ? 'page' : undefined}>Week</a>
          <a href={periodPath('month', period.from.slice(0, 7), category) + keep} aria-current={period.kind === 'month' ? 'page' : undefined}>Month</a>
          {ctx.user ? <a href="/papers/following">Following</a> : null}
          {ctx.user ? <a href="/for-you">For you</a> : null}
        </nav>
        <form class="picker" method="get" action="/papers/date" aria-label={`Go to a ${periodWord}`}>
          <input type="hidden" name="kind" value={period.kind} />
          {category ? <input type="hidden" name="category" value={category} /> : null}
          <label class="vh" for="day-picker">{period.kind === 'date' ? 'Day' : `A day in the ${periodWord}`}</label>
          <input id="day-picker" type="date" name="d" value={period.from} data-autosubmit="" />
          <button class="secondary" type="submit">Go</button>
        </form>
        <a class="code-filter" href={codeFilterHref(ctx.path, !view.hasCode)} aria-current={view.hasCode ? 'true' : undefined} rel="nofollow">Has code</a>
        <ViewToggle ctx={ctx} />
      </div>
      {category ? <FollowButton ctx={ctx} kind="category" target={category} following={view.following} back={ctx.path} label={category} /> : null}
      <CategoryChips view={view} />
      <p class="muted count">
        {total === 1 ? '1 paper' : `${total.toLocaleString('en-US')} papers`}
        {pages > 1 ? ` · page ${page} of ${pages}` : ''}
      </p>
      {cards.length === 0 ? <div class="notice">No papers {view.hasCode ? 'with code ' : ''}{category ? `in ${category} ` : ''}{period.kind === 'date' ? 'on this day' : `in this ${period.kind}`}.{page > 1 ? ' This page is past the end.' : ''}</div> : null}
      <PaperList ctx={ctx} cards={cards} voted={view.voted} start={view.start} options={{ showDay: period.kind !== 'date' }} />
      <Pager page={page} pages={pages} href={(p) => `?page=${p}${view.hasCode ? '&code=1' : ''}`} />
    </Layout>
  );
}

/** The same page with the has-code filter on or off (back to its first page). */
function codeFilterHref(path: string, on: boolean): string {
  return `${path.split('?')[0]}${on ? '?code=1' : ''}`;
}

/** The week a period is in (a month: the week of its last day, where the newest papers are). */
function weekOf(period: FeedPeriod): string {
  return isoWeekOf(period.kind === 'date' ? period.from : period.to);
}

/** The categories of the period as links to their views, with counts; the current one marked. */
function CategoryChips({ view }: { view: FeedView }) {
  const keep = view.hasCode ? '?code=1' : '';
  const shown = view.categories.slice(0, CHIPS);
  if (shown.length < 2 && !view.category) return null;
  const { period } = view;
  return (
    <nav class="chips filter" aria-label="Categories">
      <a href={periodPath(period.kind, period.key) + keep} aria-current={view.category === null ? 'page' : undefined}>All</a>
      {shown.map((c) => (
        <a href={periodPath(period.kind, period.key, c.category) + keep} aria-current={view.category === c.category ? 'page' : undefined}>
          {c.category} <span class="n">{c.papers.toLocaleString('en-US')}</span>
        </a>
      ))}
    </nav>
  );
}

/**
 * Pages of a ranked list: "more", not "older" or "newer". `open`: the number of pages is not
 * known (a relevance ranking), so the pager says the page without "of N".
 */
export function Pager({ page, pages, href = (p: number) => `?page=${p}`, open = false }: { page: number; pages: number; href?: (page: number) => string; open?: boolean }) {
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label="Pages">
      <span>{page > 1 ? <a href={href(page - 1)} rel="prev">← Previous page</a> : null}</span>
      <span class="muted">Page {page}{open ? '' : ` of ${pages}`}</span>
      <span>{page < pages ? <a href={href(page + 1)} rel="next">More papers →</a> : null}</span>
    </nav>
  );
}

export function TrendingPage({ ctx, cards, voted, days, until }: { ctx: PageContext; cards: PaperCard[]; voted: Set<string>; days: number; until: string }) {
  return (
    <Layout ctx={ctx} title="Trending papers" section="trending" description="Papers gaining upvotes and discussion now.">
      <div class="period">
        <h1>Trending</h1>
        <ViewToggle ctx={ctx} />
      </div>
      <p class="muted">Papers of the {days} days up to {formatDay(until)}, by upvotes and comments weighed against age. <a href="/trending/stars">Trending by GitHub stars</a></p>
      {cards.length === 0 ? <div class="notice">Nothing trending yet: no papers in these {days} days.</div> : null}
      <PaperList ctx={ctx} cards={cards} voted={voted} options={{ showDay: true }} />
    </Layout>
  );
}
