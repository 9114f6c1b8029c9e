/** Date parsing and the America/New_York calendar arXiv announces on. */

export const ARXIV_TIME_ZONE = 'America/New_York';

/**
 * Parses ISO 8601, `YYYY-MM-DD` and RFC 2822 dates (`Mon, 2 Apr 2007 19:18:42 GMT`) into
 * an ISO UTC date-time with milliseconds; null when missing or unparseable.
 */
export function toIsoDateTime(input: unknown): string | null {
  if (typeof input !== 'string' && typeof input !== 'number') return null;
  const s = String(input).trim();
  if (s === '') return null;
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const ms = dateOnly ? Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3])) : Date.parse(s);
  if (!Number.isFinite(ms)) return null;
  const iso = new Date(ms).toISOString();
  // Date.UTC rolls 2024-02-31 over into March: reject dates that do not exist.
  if (dateOnly && iso.slice(0, 10) !== s) return null;
  return iso;
}

/** Checks a `YYYY-MM-DD` string names a real calendar day. */
export function isCalendarDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && toIsoDateTime(s) !== null;
}

const etFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: ARXIV_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short',
});

export interface ZonedParts { date: string; hour: number; minute: number; weekday: number }

/** The calendar date (YYYY-MM-DD), time and weekday (0 = Sunday) of an instant in New York. */
export function newYorkParts(instant: Date | string): ZonedParts {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  const parts: Record<string, string> = {};
  for (const p of etFormatter.formatToParts(d)) parts[p.type] = p.value;
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday ?? '');
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), minute: Number(parts.minute), weekday };
}

/** Adds days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Weekday of a `YYYY-MM-DD` date, 0 = Sunday. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
