import { isoWeekOf, type FeedPeriod } from '../../domain/feed-periods.js';
import type { PaperCard } from '../../store/feed.js';
import { Layout, type PageContext } from './layout.js';
import { PaperList } from './paper-card.js';

export interface FeedView {
  period: FeedPeriod;
  /** Is this the site's front page ("today")? */
  isToday: boolean;
  cards: PaperCard[];
  total: number;
  page: number;
  pageSize: number;
  /** The nearest periods with papers, for the previous/next links. */
  prev: string | null;
  next: string | null;
  voted: Set<string>;
}

export function FeedPage({ ctx, view }: { ctx: PageContext; view: FeedView }) {
  const { period, cards, total, page, pageSize } = view;
  const base = `/papers/${period.kind}`;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const heading = view.isToday ? `Daily papers · ${period.label}` : period.label;
  return (
    <Layout ctx={ctx} title={heading} section="daily" description={`Research papers of ${period.label}, ranked by upvotes.`}>
      <div class="period">
        <h1>{heading}</h1>
        <form method="get" action="/papers/date" role="search" aria-label="Go to a day">
          <label class="skip" for="day-picker">Day</label>
          <input id="day-picker" type="date" name="d" value={period.from} data-autosubmit="" />
          <button class="secondary" type="submit">Go</button>
        </form>
      </div>
      <nav class="tabs" aria-label="Period">
        <a href={`/papers/date/${period.from}`} aria-current={period.kind === 'date' ? 'page' : undefined}>Day</a>
        <a href={`/papers/week/${isoWeekOf(period.from)}`} aria-current={period.kind === 'week' ? 'page' : undefined}>Week</a>
        <a href={`/papers/month/${period.from.slice(0, 7)}`} aria-current={period.kind === 'month' ? 'page' : undefined}>Month</a>
      </nav>
      <p class="muted">
        {total === 1 ? '1 paper' : `${total.toLocaleString('en-US')} papers`}
        {pages > 1 ? ` · page ${page} of ${pages}` : ''}
      </p>
      {cards.length === 0 ? <div class="notice">No papers {period.kind === 'date' ? 'on this day' : `in this ${period.kind}`}.{page > 1 ? ' This page is past the end.' : ''}</div> : null}
      <PaperList ctx={ctx} cards={cards} voted={view.voted} start={(page - 1) * pageSize + 1} />
      <nav class="pager" aria-label="Pages and periods">
        <span>
          {view.prev ? <a href={`${base}/${view.prev}`} rel="prev">← {view.prev}</a> : null}
          {page > 1 ? <> · <a href={`?page=${page - 1}`}>newer page</a></> : null}
        </span>
        <span>
          {page < pages ? <><a href={`?page=${page + 1}`}>next page</a> · </> : null}
          {view.next ? <a href={`${base}/${view.next}`} rel="next">{view.next} →</a> : null}
        </span>
      </nav>
    </Layout>
  );
}

export function TrendingPage({ ctx, cards, voted, days, until }: { ctx: PageContext; cards: PaperCard[]; voted: Set<string>; days: number; until: string }) {
  return (
    <Layout ctx={ctx} title="Trending papers" section="trending" description="Papers gaining upvotes and discussion now.">
      <h1>Trending</h1>
      <p class="muted">Papers of the {days} days up to {until}, by upvotes and comments weighed against age.</p>
      {cards.length === 0 ? <div class="notice">Nothing trending yet: no papers in these {days} days.</div> : null}
      <PaperList ctx={ctx} cards={cards} voted={voted} />
    </Layout>
  );
}
