import { isCanonicalArxivId, tryParseArxivId } from './arxiv-id.js';
import type { PaperRecord } from './paper.js';

/**
 * Plausibility rules every incoming record passes before it is stored, whatever its source.
 * Pure: the caller passes `now`, so tests and replays are deterministic.
 */

/** arXiv opened in August 1991; an earlier date is a typo or a zero/epoch default. */
export const EARLIEST_DATE_MS = Date.UTC(1991, 0, 1);
/**
 * One day of slack for future dates: a feed day is a calendar date that, in UTC+14, starts
 * 14 hours before UTC midnight, and source clocks drift. More than that is a bad record.
 */
export const FUTURE_SLACK_MS = 86_400_000;

/** Returns why the record cannot be accepted, or null when it can. */
export function validateRecord(record: PaperRecord, now: Date): string | null {
  if (typeof record.id !== 'string' || record.id.trim() === '') return 'missing id';
  if (!isCanonicalArxivId(record.id)) {
    const parsed = tryParseArxivId(record.id);
    return typeof parsed === 'string' ? parsed : `id ${JSON.stringify(record.id)} is not canonical (expected ${parsed.id})`;
  }
  if (typeof record.title !== 'string' || record.title.trim() === '') return 'empty title';
  if (record.version != null && !isVersion(record.version)) return `invalid version ${String(record.version)}: versions start at 1`;
  for (const v of record.versions ?? []) {
    if (!isVersion(v.version)) return `invalid version ${String(v.version)}: versions start at 1`;
    const bad = checkDate(`v${v.version} date`, v.submittedAt, now);
    if (bad) return bad;
  }
  for (const [label, value] of [['submitted date', record.submittedAt], ['updated date', record.updatedAt], ['daily date', record.dailyAt]] as const) {
    const bad = value == null ? null : checkDate(label, value, now);
    if (bad) return bad;
  }
  if (record.upvotes != null && !(Number.isSafeInteger(record.upvotes) && record.upvotes >= 0)) {
    return `upvotes must be a non-negative integer, got ${String(record.upvotes)}`;
  }
  return null;
}

/** Checks an ISO date-time lies between 1991-01-01 and one day after `now`. */
export function checkDate(label: string, iso: string, now: Date): string | null {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return `${label} ${JSON.stringify(iso)} is not a date`;
  if (ms < EARLIEST_DATE_MS) return `${label} ${iso.slice(0, 10)} is before 1991-01-01 (arXiv began in 1991)`;
  if (ms > now.getTime() + FUTURE_SLACK_MS) return `${label} ${iso.slice(0, 10)} is in the future`;
  return null;
}

function isVersion(v: unknown): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
}

/**
 * Keeps only http(s) URLs: a `javascript:` or `data:` link survives HTML escaping, so it
 * must not reach an href. Anything else becomes null (the paper itself is still good).
 */
export function cleanHttpUrl(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const s = input.trim();
  if (s === '' || s.length > 2000) return null;
  try {
    const url = new URL(s);
    return url.protocol === 'https:' || url.protocol === 'http:' ? s : null;
  } catch {
    return null;
  }
}
