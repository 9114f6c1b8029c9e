import { formatDay, formatExact, formatRelative } from '../../domain/date-format.js';

/** A feed day, e.g. "Fri 27 Feb 2026", never broken across lines. */
export function Day({ date, year = true }: { date: string; year?: boolean }) {
  return <time class="day" datetime={date}>{formatDay(date, { year })}</time>;
}

/** "5 min ago", with the exact time on hover. */
export function Ago({ at, now }: { at: string; now: Date }) {
  return <time class="day" datetime={at} title={formatExact(at)}>{formatRelative(at, now)}</time>;
}
