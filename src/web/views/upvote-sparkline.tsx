import { addDays } from '../../domain/dates.js';
import type { UpvotesOverTime } from '../../store/site-activity.js';
import { formatCount, sparkline } from '../render/svg-charts.js';

/**
 * A paper's upvotes over time as a word-sized line: the running total (the imported baseline,
 * then each day's local votes) from the first local vote's day to the last, or to `until` (today)
 * when given, its numbers in a table for screen readers only. Nothing when the paper has no local votes: a flat line says nothing the count does not.
 */
export function UpvoteSparkline({ data, until }: { data: UpvotesOverTime; until?: string }) {
  const series = cumulativeUpvotes(data, until);
  if (series.length === 0) return null;
  const first = series[0]!;
  const last = series[series.length - 1]!;
  const totalOn = new Map(series.map((d) => [d.day, d.total]));
  const label = `Upvotes over time: ${formatCount(first.total)} on ${first.day}, ${formatCount(last.total)} on ${last.day}.`;
  return (
    <div class="upvote-sparkline">
      {sparkline({ values: series.map((d) => d.total), label })}
      <div class="vh">
        <table>
          <caption>Upvotes by day</caption>
          <thead><tr><th scope="col">Day</th><th scope="col">Upvotes that day</th><th scope="col">Total</th></tr></thead>
          <tbody>
            {data.baseline > 0 ? <tr><th scope="row">before</th><td>{formatCount(data.baseline)}</td><td>{formatCount(data.baseline)}</td></tr> : null}
            {data.days.map((d) => <tr><th scope="row">{d.day}</th><td>{formatCount(d.count)}</td><td>{formatCount(totalOn.get(d.day) ?? 0)}</td></tr>)}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * The running total on every calendar day from the day before the first local vote (the baseline
 * alone) to the last vote or `until`, whichever is later; empty without local votes.
 */
export function cumulativeUpvotes(data: UpvotesOverTime, until?: string): { day: string; total: number }[] {
  const firstDay = data.days[0]?.day;
  if (firstDay === undefined) return [];
  const lastVote = data.days[data.days.length - 1]!.day;
  const end = until !== undefined && until > lastVote ? until : lastVote;
  const byDay = new Map(data.days.map((d) => [d.day, d.count]));
  const out = [];
  let total = data.baseline;
  for (let d = addDays(firstDay, -1); d <= end; d = addDays(d, 1)) {
    total += byDay.get(d) ?? 0;
    out.push({ day: d, total });
  }
  return out;
}
