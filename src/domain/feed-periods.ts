import { formatDay } from './date-format.js';
import { addDays, isCalendarDate } from './dates.js';
import { InvalidInputError } from './errors.js';

/** A span of feed days the pages list: one day, an ISO week or a calendar month. */
export interface FeedPeriod {
  kind: 'date' | 'week' | 'month';
  /** The value as it appears in URLs: `2026-11-27`, `2026-W48`, `2026-11`. */
  key: string;
  from: string;
  to: string;
  label: string;
  prev: string;
  next: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Papers before arXiv's first year are bad input, not an empty page. */
const FIRST_YEAR = 1991;

export function dayPeriod(value: string): FeedPeriod {
  if (!isCalendarDate(value) || Number(value.slice(0, 4)) < FIRST_YEAR) {
    throw new InvalidInputError(`"${value.slice(0, 40)}" is not a date: use YYYY-MM-DD, e.g. 2026-11-27`, 'invalid_date');
  }
  return {
    kind: 'date', key: value, from: value, to: value,
    label: formatDay(value),
    prev: addDays(value, -1), next: addDays(value, 1),
  };
}

/** ISO 8601 week `YYYY-Www`: Monday to Sunday; week 1 holds the year's first Thursday. */
export function weekPeriod(value: string): FeedPeriod {
  const m = /^(\d{4})-W(\d{2})$/.exec(value);
  const year = Number(m?.[1]);
  const week = Number(m?.[2]);
  if (!m || year < FIRST_YEAR || week < 1 || week > isoWeeksIn(year)) {
    throw new InvalidInputError(`"${value.slice(0, 40)}" is not an ISO week: use YYYY-Www, e.g. 2026-W48`, 'invalid_week');
  }
  const from = addDays(isoWeekOneMonday(year), (week - 1) * 7);
  const to = addDays(from, 6);
  return { kind: 'week', key: value, from, to, label: `Week ${week} of ${year}, ${formatDay(from, { year: false })} – ${formatDay(to, { year: from.slice(0, 4) !== to.slice(0, 4) ? true : false })}`, prev: isoWeekOf(addDays(from, -7)), next: isoWeekOf(addDays(from, 7)) };
}

export function monthPeriod(value: string): FeedPeriod {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  if (!m || year < FIRST_YEAR || month < 1 || month > 12) {
    throw new InvalidInputError(`"${value.slice(0, 40)}" is not a month: use YYYY-MM, e.g. 2026-11`, 'invalid_month');
  }
  const from = `${m[1]}-${m[2]}-01`;
  const nextFirst = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  const prevFirst = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
  return { kind: 'month', key: value, from, to: addDays(nextFirst, -1), label: `${MONTHS[month - 1]} ${year}`, prev: prevFirst, next: nextFirst.slice(0, 7) };
}

/** The ISO week (`YYYY-Www`) a day falls in. */
export function isoWeekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const thursday = addDays(date, 3 - ((d.getUTCDay() + 6) % 7));
  const year = Number(thursday.slice(0, 4));
  const week = 1 + Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${isoWeekOneMonday(year)}T00:00:00Z`) - 3 * 86_400_000) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function isoWeekOneMonday(year: number): string {
  const jan4 = `${year}-01-04`;
  return addDays(jan4, -((new Date(`${jan4}T00:00:00Z`).getUTCDay() + 6) % 7));
}

function isoWeeksIn(year: number): number {
  return isoWeekOf(`${year}-12-28`).endsWith('53') ? 53 : 52;
}

/** The period of `kind` named by `value` (`2026-11-27`, `2026-W48`, `2026-11`); throws InvalidInputError as each parser does. */
export function periodOf(kind: FeedPeriod['kind'], value: string): FeedPeriod {
  return kind === 'date' ? dayPeriod(value) : kind === 'week' ? weekPeriod(value) : monthPeriod(value);
}

/** The key of the period of `kind` holding `day`: the day, its ISO week, its month. */
export function periodKeyOf(kind: FeedPeriod['kind'], day: string): string {
  return kind === 'date' ? day : kind === 'week' ? isoWeekOf(day) : day.slice(0, 7);
}
