import type { Follow } from '../../store/follows.js';
import { isoWeekOf, type FeedPeriod } from '../../domain/feed-periods.js';
import { Pager, periodPath, shortLabel, type PagedCards } from './feed-page.js';
import { FollowButton } from './follow-button.js';
import { Layout, type PageContext } from './layout.js';
import { PaperList } from './paper-card.js';

export interface FollowingView extends PagedCards {
  /** The day, week or month shown; null when nothing followed has papers yet. */
  period: FeedPeriod | null;
  follows: Follow[];
}

const KIND_WORDS: Record<Follow['kind'], string> = { author: 'Author', org: 'Organization', category: 'Category', collection: 'Collection' };

export function followingPath(kind?: FeedPeriod['kind'], key?: string | null): string {
  return kind && key ? `/papers/following/${kind}/${key}` : '/papers/following';
}

/** `/papers/following`: a signed-in user's papers of a day, week or month from what they follow, and what they follow. */
export function FollowingPage({ ctx, view }: { ctx: PageContext; view: FollowingView }) {
  const { period } = view;
  const heading = period ? `Following · ${period.label}` : 'Following';
  const periodWord = period?.kind === 'date' ? 'day' : (period?.kind ?? 'day');
  // A day of a week or month: its last day (the latest papers), as the main feed's tabs do.
  const day = period ? (period.kind === 'date' ? period.from : period.to) : null;
  return (
    <Layout ctx={ctx} title={heading} section="daily" description="Papers from the authors, organizations, categories and collections you follow.">
      <div class="period">
        <h1>{heading}</h1>
        {period ? (
          <nav class="step" aria-label={`Previous and next ${periodWord}`}>
            {view.prev ? <a href={followingPath(period.kind, view.prev)} rel="prev">← {shortLabel(period.kind, view.prev)}</a> : <span aria-hidden="true" class="muted">←</span>}
            {view.next ? <a href={followingPath(period.kind, view.next)} rel="next">{shortLabel(period.kind, view.next)} →</a> : <span aria-hidden="true" class="muted">→</span>}
          </nav>
        ) : null}
      </div>
      <div class="toolbar">
        <nav class="tabs" aria-label="Period">
          <a href={day ? periodPath('date', day) : '/papers'}>Day</a>
          <a href={day ? periodPath('week', isoWeekOf(day)) : '/papers'}>Week</a>
          <a href={day ? periodPath('month', day.slice(0, 7)) : '/papers'}>Month</a>
          <a href="/papers/following" aria-current="page">Following</a>
          <a href="/for-you">For you</a>
        </nav>
        {period && day ? (
          <nav class="tabs" aria-label="Following by">
            <a href={followingPath('date', day)} aria-current={period.kind === 'date' ? 'page' : undefined}>By day</a>
            <a href={followingPath('week', isoWeekOf(day))} aria-current={period.kind === 'week' ? 'page' : undefined}>By week</a>
            <a href={followingPath('month', day.slice(0, 7))} aria-current={period.kind === 'month' ? 'page' : undefined}>By month</a>
          </nav>
        ) : null}
      </div>
      {view.follows.length === 0 ? (
        <div class="notice">
          You follow nothing yet. Follow an author (on their page under /authors/), an organization (/orgs/), a category (its view, e.g. <a href="/papers/category/cs.CL">cs.CL</a>) or a collection, and their papers show here day by day.
        </div>
      ) : period === null ? (
        <div class="notice">Nothing you follow has papers yet: they show here as they come.</div>
      ) : (
        <>
          <p class="muted count">{view.total === 1 ? '1 paper' : `${view.total.toLocaleString('en-US')} papers`}{view.pages > 1 ? ` · page ${view.page} of ${view.pages}` : ''}</p>
          {view.cards.length === 0 ? <div class="notice">Nothing you follow has papers in this {periodWord}.</div> : null}
          <PaperList ctx={ctx} cards={view.cards} voted={view.voted} start={view.start} />
          <Pager page={view.page} pages={view.pages} />
        </>
      )}
      <FollowList ctx={ctx} follows={view.follows} back={ctx.path} />
    </Layout>
  );
}

/** What a user follows, each with its Unfollow button. */
export function FollowList({ ctx, follows, back }: { ctx: PageContext; follows: Follow[]; back: string }) {
  if (follows.length === 0) return null;
  return (
    <section class="follows" aria-labelledby="follows-heading">
      <h2 id="follows-heading">You follow</h2>
      <ul>
        {follows.map((f) => (
          <li>
            <span class="muted">{KIND_WORDS[f.kind]}</span> {f.path ? <a href={f.path}>{f.label}</a> : f.label}{' '}
            <FollowButton ctx={ctx} kind={f.kind} target={f.target} following={true} back={back} label={f.label} />
          </li>
        ))}
      </ul>
    </section>
  );
}
