import { formatDay, formatDayTime } from '../render/format-date.js';

/**
 * A day as pages show it (`Fri 27 Feb 2026`) in a `<time>` element whose `datetime` is the ISO
 * value; `withTime` adds the time of day. Class `date` keeps it on one line.
 */
export function Day({ iso, withTime = false }: { iso: string; withTime?: boolean }) {
  const shown = withTime ? formatDayTime(iso) : formatDay(iso);
  return <time class="date" dateTime={iso}>{shown ?? iso}</time>;
}
