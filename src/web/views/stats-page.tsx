import { addDays } from '../../domain/dates.js';
import type { CategoryDayCount, DayCount, SiteActivity } from '../../store/site-activity.js';
import { type ChartInput, type ChartSeries, formatCount, horizontalBars, lineChart, OTHER_CLASS, SERIES_CLASSES, stackedBarChart } from '../render/svg-charts.js';
import { Layout, type PageContext } from './layout.js';

/** Categories drawn in their own colour; the rest are stacked as "other". */
const CHARTED_CATEGORIES = SERIES_CLASSES.length;

/** `/stats`: what the site has been reading, submitting and talking about. */
export function StatsPage({ ctx, activity }: { ctx: PageContext; activity: SiteActivity | null }) {
  return (
    <Layout ctx={ctx} title="Stats" section="stats" description="Papers per day by category, upvotes and comments per day, and the most active submitters.">
      <div class="stats">
        <h1>Stats</h1>
        {activity ? <StatsBody activity={activity} /> : (
          <p class="notice" role="status">No papers yet, so nothing to count. Stats appear here once the first papers arrive.</p>
        )}
      </div>
    </Layout>
  );
}

function StatsBody({ activity }: { activity: SiteActivity }) {
  const days = daysOf(activity.range.from, activity.range.to);
  const papers = activity.papersByDay.reduce((n, r) => n + r.papers, 0);
  const upvotes = activity.upvotesByDay.reduce((n, r) => n + r.count, 0);
  const comments = activity.commentsByDay.reduce((n, r) => n + r.count, 0);
  return (
    <>
      <p class="lede">
        The {days.length} days from {activity.range.from} to {activity.range.to}, the latest day with papers:{' '}
        <strong data-stat="papers">{formatCount(papers)}</strong> {papers === 1 ? 'paper' : 'papers'},{' '}
        <strong data-stat="upvotes">{formatCount(upvotes)}</strong> {upvotes === 1 ? 'upvote' : 'upvotes'} and{' '}
        <strong data-stat="comments">{formatCount(comments)}</strong> {comments === 1 ? 'comment' : 'comments'} here.
      </p>
      <section aria-labelledby="papers-per-day">
        <h2 id="papers-per-day">Papers per day</h2>
        {stackedBarChart(papersChart(days, activity))}
      </section>
      <section aria-labelledby="activity-per-day">
        <h2 id="activity-per-day">Upvotes and comments per day</h2>
        {lineChart(activityChart(days, activity.upvotesByDay, activity.commentsByDay))}
      </section>
      <div class="stats-lists">
        <section aria-labelledby="top-categories">
          <h2 id="top-categories">Top categories</h2>
          {activity.topCategories.length === 0 ? <p class="muted">No categories in these days.</p> : horizontalBars({
            label: `Categories with the most papers, ${activity.range.from} to ${activity.range.to}`,
            unit: 'papers',
            items: activity.topCategories.map((c) => ({ label: c.category, href: `/papers/category/${encodeURIComponent(c.category)}`, value: c.papers })),
          })}
        </section>
        <section aria-labelledby="top-submitters">
          <h2 id="top-submitters">Most active submitters</h2>
          {activity.topSubmitters.length === 0 ? <p class="muted">Nobody submitted a paper in these days yet. <a href="/submit">Submit one</a>.</p> : horizontalBars({
            label: `Readers who submitted the most papers, ${activity.range.from} to ${activity.range.to}`,
            unit: 'papers submitted',
            items: activity.topSubmitters.map((s) => ({ label: s.name, hint: `@${s.handle}`, href: `/u/${encodeURIComponent(s.handle)}`, value: s.papers })),
          })}
        </section>
      </div>
    </>
  );
}

/** Every calendar day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** Papers per day stacked by the window's top categories, then "other" (the rest, and papers without a category). */
export function papersChart(days: readonly string[], activity: Pick<SiteActivity, 'papersByDay' | 'topCategories'>): ChartInput {
  const charted = activity.topCategories.slice(0, CHARTED_CATEGORIES).map((c) => c.category);
  const slot = new Map(charted.map((c, i) => [c, i]));
  const index = new Map(days.map((d, i) => [d, i]));
  const values = [...charted, null].map(() => days.map(() => 0));
  for (const r of activity.papersByDay) {
    const i = index.get(r.day);
    if (i === undefined) continue;
    values[(r.category !== null ? slot.get(r.category) : undefined) ?? charted.length]![i]! += r.papers;
  }
  const series: ChartSeries[] = charted.map((label, i) => ({ label, cls: SERIES_CLASSES[i]!, values: values[i]! }));
  const other = values[charted.length]!;
  if (other.some((v) => v > 0)) series.push({ label: 'other', cls: OTHER_CLASS, values: other });
  return { title: 'Papers per feed day by primary category', summary: papersSummary(days, activity.papersByDay, charted), days, series };
}

function papersSummary(days: readonly string[], rows: readonly CategoryDayCount[], charted: readonly string[]): string {
  const perDay = new Map<string, number>();
  for (const r of rows) perDay.set(r.day, (perDay.get(r.day) ?? 0) + r.papers);
  const total = [...perDay.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return `No papers from ${days[0]} to ${days[days.length - 1]}.`;
  const [busiest, most] = [...perDay].reduce((best, d) => (d[1] > best[1] ? d : best));
  return `${formatCount(total)} papers on ${perDay.size} feed days from ${days[0]} to ${days[days.length - 1]}; the most, ${formatCount(most)}, on ${busiest}.`
    + (charted.length ? ` Largest categories: ${charted.join(', ')}.` : '');
}

/** Upvotes and comments per calendar day, zero on days without. */
export function activityChart(days: readonly string[], upvotes: readonly DayCount[], comments: readonly DayCount[]): ChartInput {
  const perDay = (rows: readonly DayCount[]) => {
    const byDay = new Map(rows.map((r) => [r.day, r.count]));
    return days.map((d) => byDay.get(d) ?? 0);
  };
  const up = perDay(upvotes);
  const talk = perDay(comments);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const summary = sum(up) + sum(talk) === 0
    ? `No upvotes or comments here from ${days[0]} to ${days[days.length - 1]} yet.`
    : `${formatCount(sum(up))} upvotes (at most ${formatCount(Math.max(...up))} a day) and ${formatCount(sum(talk))} comments (at most ${formatCount(Math.max(...talk))} a day) from ${days[0]} to ${days[days.length - 1]}.`;
  return { title: 'Upvotes and comments per day', summary, days, series: [{ label: 'upvotes', cls: SERIES_CLASSES[0], values: up }, { label: 'comments', cls: SERIES_CLASSES[1], values: talk }] };
}
