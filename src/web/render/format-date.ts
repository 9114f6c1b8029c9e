/**
 * The one way pages write a day: `Fri 27 Feb 2026`, in UTC (arXiv's timestamps are UTC; a
 * `YYYY-MM-DD` day is that day). Null for what is not a date.
 */
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDay(iso: string): string | null {
  const d = parseUtc(iso);
  if (!d) return null;
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** `Fri 27 Feb 2026, 09:05 UTC`: a day with its time, for moments (comments). */
export function formatDayTime(iso: string): string | null {
  const d = parseUtc(iso);
  if (!d) return null;
  const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${formatDay(iso)}, ${hm} UTC`;
}

function parseUtc(iso: string): Date | null {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? Date.parse(`${iso}T00:00:00Z`) : Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms) : null;
}
