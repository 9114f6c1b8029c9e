/**
 * Dates as the pages show them: one format everywhere ("Fri 27 Feb 2026"), ISO in URLs and in
 * `<time datetime>`, and relative times ("5 min ago") for things of the last week.
 */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-02-27` or an ISO timestamp → "Fri 27 Feb 2026" (the UTC day; feed days are UTC days). */
export function formatDay(iso: string, opts: { year?: boolean } = {}): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  return opts.year === false ? day : `${day} ${d.getUTCFullYear()}`;
}

/** An ISO timestamp → "Fri 27 Feb 2026, 14:05 UTC": the exact time a relative one stands for. */
export function formatExact(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatDay(iso)}, ${d.toISOString().slice(11, 16)} UTC`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "2 days ago"; older (or in the future) → the day. */
export function formatRelative(iso: string, now: Date): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const ago = now.getTime() - at;
  if (ago < -MINUTE || ago >= 7 * DAY) return formatDay(iso);
  if (ago < MINUTE) return 'just now';
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  const days = Math.floor(ago / DAY);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}
