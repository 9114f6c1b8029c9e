/**
 * arXiv's announcement calendar, as Paperboy counts days.
 *
 * arXiv mails new papers at 20:00 America/New_York, Sunday to Thursday. Paperboy's "announce day"
 * (the listing date, and the date of the RSS channel's pubDate) is the day after that mailing, so
 * announce days are Monday to Friday. Submissions close at 14:00 ET on weekdays:
 *
 *   submitted (ET)                 mailed         listed (announce day)
 *   Mon 14:00 - Tue 14:00          Tue 20:00      Wed
 *   Tue 14:00 - Wed 14:00          Wed 20:00      Thu
 *   Wed 14:00 - Thu 14:00          Thu 20:00      Fri
 *   Thu 14:00 - Fri 14:00          Sun 20:00      Mon
 *   Fri 14:00 - Mon 14:00          Mon 20:00      Tue
 *
 * The last row is arXiv's published schedule (info.arxiv.org/help/availability): weekend
 * submissions wait for the Monday mailing, not the Sunday one, because the Sunday mailing closes
 * at Friday 14:00.
 *
 * On a holiday there is no 20:00 mailing that evening; the papers go to the next mailing.
 * Pure functions, no I/O; times are compared in New York wall-clock time so DST needs no care.
 */
import { addDays, newYorkParts, weekdayOf } from './dates.js';

/**
 * Days with no 20:00 mailing (arXiv's 2026 holiday list). Jun 19, Jul 3 and Dec 25 2026 are
 * Fridays, which have no mailing anyway; they stay listed so the set matches arXiv's own list.
 * Add the next year's dates here when arXiv publishes them.
 */
export const ARXIV_HOLIDAYS: ReadonlySet<string> = new Set([
  '2026-01-01', '2026-01-19', '2026-06-19', '2026-07-03', '2026-09-07',
  '2026-11-26', '2026-12-25', '2026-12-29', '2026-12-31',
]);

/** 20:00 ET: the mailing goes out. */
const MAILING_MINUTE = 20 * 60;
/** 14:00 ET: the submission deadline for that evening's mailing. */
const CUTOFF_MINUTE = 14 * 60;
/** A search bound: even around Christmas the next mailing is less than a week away. */
const MAX_SEARCH_DAYS = 21;

/** True when a 20:00 mailing happens on the evening of `date` (Sunday to Thursday, no holiday). */
export function isMailingDay(date: string, holidays: ReadonlySet<string> = ARXIV_HOLIDAYS): boolean {
  const wd = weekdayOf(date);
  return wd >= 0 && wd <= 4 && !holidays.has(date);
}

/** True when `date` is a listing day (announce day): the day after a mailing, so Monday to Friday. */
export function isAnnouncementDay(date: string, holidays: ReadonlySet<string> = ARXIV_HOLIDAYS): boolean {
  return isMailingDay(addDays(date, -1), holidays);
}

/**
 * The submission deadline of the mailing on the evening of `mailingDay`, as [date, minute] in ET:
 * 14:00 the same day for Monday to Thursday, Friday 14:00 for the Sunday mailing.
 */
function cutoffOf(mailingDay: string): [string, number] {
  return [weekdayOf(mailingDay) === 0 ? addDays(mailingDay, -2) : mailingDay, CUTOFF_MINUTE];
}

/** [date, minute] pairs compare as ET wall-clock times; YYYY-MM-DD strings sort as dates. */
function isBefore(a: [string, number], b: [string, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/**
 * Estimates the announce day (listing date, YYYY-MM-DD) of a paper submitted at `submittedIso`.
 * Only an estimate, used when no RSS announcement is known: arXiv moderators can hold papers back,
 * and replacements are never "announced" in this sense. A submission exactly at 14:00 ET misses
 * that day's mailing. Throws RangeError on an unparseable date.
 */
export function estimateAnnounceDay(submittedIso: string, holidays: ReadonlySet<string> = ARXIV_HOLIDAYS): string {
  const instant = new Date(submittedIso);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not a date: ${JSON.stringify(submittedIso)}`);
  const p = newYorkParts(instant);
  const submitted: [string, number] = [p.date, p.hour * 60 + p.minute];
  // The first mailing at or after the submission day whose cutoff is still ahead takes the paper.
  for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
    const day = addDays(p.date, i);
    if (isMailingDay(day, holidays) && isBefore(submitted, cutoffOf(day))) return addDays(day, 1);
  }
  throw new RangeError(`no arXiv mailing within ${MAX_SEARCH_DAYS} days of ${submittedIso}`);
}

/**
 * The most recent announce day whose 20:00 mailing has happened by `now`. Monday 21:00 ET gives
 * Tuesday (the listing just went out); Monday 19:00 ET gives Monday; Saturday gives Friday.
 */
export function latestAnnounceDay(now: Date, holidays: ReadonlySet<string> = ARXIV_HOLIDAYS): string {
  const p = newYorkParts(now);
  if (p.hour * 60 + p.minute >= MAILING_MINUTE && isMailingDay(p.date, holidays)) return addDays(p.date, 1);
  for (let i = 1; i <= MAX_SEARCH_DAYS; i++) {
    const day = addDays(p.date, -i);
    if (isMailingDay(day, holidays)) return addDays(day, 1);
  }
  throw new RangeError(`no arXiv mailing within ${MAX_SEARCH_DAYS} days before ${now.toISOString()}`);
}

/** The from-date of a harvest reaching `days` announcement days back: `--days N`, the first-run button. */
export function announceDaysBack(now: Date, days: number): string {
  return addDays(latestAnnounceDay(now), -days);
}
