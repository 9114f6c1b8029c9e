import { addDays, isCalendarDate } from './dates.js';
import { InvalidInputError } from './errors.js';
import { dayPeriod, isoWeekOf, weekPeriod } from './feed-periods.js';
import { isCategory } from './text.js';

export type Frequency = 'daily' | 'weekly';

export interface Topics {
  /** arXiv categories; a paper matches when any of its categories is listed. */
  categories: string[];
  /** Saved keyword searches; a paper matches when its title or abstract has every word of one. */
  queries: string[];
  /**
   * "What I follow": the papers of what the Paperboy account with the subscription's e-mail
   * address follows (src/store/follows.ts). Subscriptions are by address, not by account: with
   * no account of that address, or one that follows nothing, this topic matches no paper.
   */
  following?: boolean;
  /**
   * "For you": the period's papers ranked by the For-you model of the Paperboy account with the
   * subscription's e-mail address (src/recommend/), each with its reason. It replaces the other
   * topics (the model already knows the account's categories and follows). Only a signed-in
   * user can turn it on for their own address; with no such account the digest is empty.
   */
  forYou?: boolean;
}

export interface Preferences {
  frequency: Frequency;
  topics: Topics;
  /** Papers per digest. */
  size: number;
}

/** 5 to 50 papers a digest: fewer is not worth a mail, more is not read. 10 by default. */
export const DIGEST_SIZE = { min: 5, max: 50, default: 10 } as const;
const MAX_TOPICS = 30;
const MAX_QUERIES = 10;

export function cleanFrequency(value: unknown): Frequency {
  if (value === undefined || value === '' || value === null) return 'daily';
  if (value === 'daily' || value === 'weekly') return value;
  throw new InvalidInputError(`frequency: "${String(value).slice(0, 20)}" is not daily or weekly`, 'invalid_frequency');
}

export function cleanSize(value: unknown): number {
  if (value === undefined || value === '' || value === null) return DIGEST_SIZE.default;
  const n = Number(value);
  if (!Number.isInteger(n) || n < DIGEST_SIZE.min || n > DIGEST_SIZE.max) {
    throw new InvalidInputError(`size: papers per digest must be a whole number from ${DIGEST_SIZE.min} to ${DIGEST_SIZE.max}`, 'invalid_size');
  }
  return n;
}

/** Categories as a comma/space list or array; queries one per line or array. Unknown categories are an error, not silently dropped. */
export function cleanTopics(categories: unknown, queries: unknown, following: unknown = undefined, forYou: unknown = undefined): Topics {
  const cats = listOf(categories, /[\s,]+/);
  const bad = cats.filter((c) => !isCategory(c));
  if (bad.length) throw new InvalidInputError(`topics: ${bad.slice(0, 3).map((b) => `"${b.slice(0, 30)}"`).join(', ')} ${bad.length === 1 ? 'is not an arXiv category' : 'are not arXiv categories'} (e.g. cs.CL, stat.ML)`, 'invalid_topics');
  if (cats.length > MAX_TOPICS) throw new InvalidInputError(`topics: at most ${MAX_TOPICS} categories`, 'invalid_topics');
  const qs = listOf(queries, /\n/).map((q) => q.replace(/\s+/g, ' ').slice(0, 200)).filter((q) => q.length > 0);
  if (qs.length > MAX_QUERIES) throw new InvalidInputError(`topics: at most ${MAX_QUERIES} saved searches`, 'invalid_topics');
  const topics: Topics = { categories: [...new Set(cats)], queries: [...new Set(qs)] };
  if (isOn(following)) topics.following = true;
  if (isOn(forYou)) topics.forYou = true;
  return topics;
}

function isOn(v: unknown): boolean {
  return v === true || v === '1' || v === 'on' || v === 'true';
}

function listOf(value: unknown, separator: RegExp): string[] {
  const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(separator) : [];
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** A digest period: which feed days it covers and what the subject says. */
export interface DigestPeriod {
  /** Unique per frequency and period: `daily:2026-11-27`, `weekly:2026-W48`. */
  key: string;
  frequency: Frequency;
  from: string;
  to: string;
  /** "Top papers for Fri, 27 Nov 2026", "Top papers of the week of 23 Nov 2026". */
  subject: string;
  label: string;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function shortDate(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * The period a digest run covers. Daily: the given feed day. Weekly: the ISO week holding the
 * given day (a run on Monday is given last Sunday, so it sends the week just finished).
 */
export function digestPeriod(frequency: Frequency, day: string): DigestPeriod {
  if (!isCalendarDate(day)) throw new InvalidInputError(`"${day.slice(0, 40)}" is not a date: use YYYY-MM-DD`, 'invalid_date');
  if (frequency === 'daily') {
    const p = dayPeriod(day);
    return { key: `daily:${day}`, frequency, from: p.from, to: p.to, subject: `Top papers for ${shortDate(day)}`, label: shortDate(day) };
  }
  const week = weekPeriod(isoWeekOf(day));
  return { key: `weekly:${week.key}`, frequency, from: week.from, to: week.to, subject: `Top papers of the week of ${shortDate(week.from).slice(5)}`, label: `${shortDate(week.from)} – ${shortDate(week.to)}` };
}

/** The period of an outbox key (`daily:2026-11-27`, `weekly:2026-W48`). */
export function periodFromKey(key: string): DigestPeriod {
  const [frequency, value = ''] = key.split(':');
  if (frequency === 'daily') return digestPeriod('daily', value);
  if (frequency === 'weekly') return digestPeriod('weekly', weekPeriod(value).from);
  throw new InvalidInputError(`unknown digest period "${key.slice(0, 40)}"`, 'invalid_period');
}

/** The week a weekly run on `today` sends: the last complete ISO week. */
export function lastCompleteWeekDay(today: string): string {
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(today, -weekday - 1);
}

export interface CandidatePaper {
  id: string;
  title: string;
  abstract: string | null;
  categories: string[];
}

/**
 * A subscriber's papers from the period's ranked candidates: those matching any topic (all when
 * there are none; "what I follow" matches the ids in `followed`), in rank order, at most `size`. Queries match when every word appears in the
 * title or abstract (case-insensitive), the same rule a reader expects of a saved search.
 */
export function pickPapers<T extends CandidatePaper>(ranked: readonly T[], topics: Topics, size: number, followed: ReadonlySet<string> = new Set()): T[] {
  if (topics.categories.length === 0 && topics.queries.length === 0 && !topics.following) return ranked.slice(0, size);
  const cats = new Set(topics.categories);
  const queries = topics.queries.map((q) => q.toLowerCase().split(/\s+/).filter(Boolean));
  const out: T[] = [];
  for (const p of ranked) {
    if (out.length >= size) break;
    if (p.categories.some((c) => cats.has(c)) || (queries.length > 0 && matchesAnyQuery(p, queries)) || (topics.following && followed.has(p.id))) out.push(p);
  }
  return out;
}

/** Lower-cased title + abstract per candidate: computed once per run, not once per subscriber. */
const searchable = new WeakMap<CandidatePaper, string>();

function matchesAnyQuery(p: CandidatePaper, queries: string[][]): boolean {
  let text = searchable.get(p);
  if (text === undefined) {
    text = `${p.title} ${p.abstract ?? ''}`.toLowerCase();
    searchable.set(p, text);
  }
  return queries.some((words) => words.every((w) => text!.includes(w)));
}
