import type { Config } from '../config.js';
import { addDays } from '../domain/dates.js';
import { type DigestPeriod, digestPeriod, type Frequency, lastCompleteWeekDay, periodFromKey } from '../domain/digest-rules.js';
import { checkpointStore } from '../store/checkpoints.js';
import type { Store } from '../store/database.js';
import { latestFeedDay } from '../store/feed.js';
import { withJobLock } from '../store/locks.js';
import { hasDueDigests, releaseClaims } from '../store/outbox.js';
import { composeDigests, type SendCounts, sendDueDigests, type SendOptions } from './digests.js';
import type { Mailer } from './transport.js';

export interface DigestRunResult {
  /** The period named (or the latest of the periods composed). */
  period: DigestPeriod;
  /** Every period composed, oldest first. */
  periods: DigestPeriod[];
  queued: number;
  empty: number;
  sent: number;
  retried: number;
  failed: number;
  /** Another run was sending: it sends what this run queued (see sendQueued). */
  sentElsewhere: boolean;
  /** The mail server's answer to the latest digest not sent, null when every one went. */
  lastError: string | null;
}

/**
 * The period a run sends when none is named: daily, the latest feed day up to today; weekly,
 * the last complete ISO week.
 */
export async function defaultPeriod(store: Store, frequency: Frequency, now: Date): Promise<DigestPeriod> {
  const today = now.toISOString().slice(0, 10);
  if (frequency === 'weekly') return digestPeriod('weekly', lastCompleteWeekDay(today));
  return digestPeriod('daily', (await latestFeedDay(store, today)) ?? today);
}

/**
 * How far a scheduled run reaches back for periods whose own run did not happen (the server was
 * down at 06:00, or a run failed): 7 daily periods, 4 weekly ones. Older digests are stale news
 * nobody wants in one burst after a long outage (a weekly subscriber's week already covers the
 * days); the bound also caps that burst at 11 compositions.
 */
const CATCH_UP = { daily: { periods: 7, stepDays: 1 }, weekly: { periods: 4, stepDays: 7 } } as const;

/**
 * The periods a scheduled run composes as of `asOf`: the current one and every earlier one since
 * the last composed (kept as the `digest:<frequency>` checkpoint), at most CATCH_UP back. With
 * no checkpoint yet (a new install), only the current one.
 */
export async function duePeriods(store: Store, frequency: Frequency, asOf: Date): Promise<DigestPeriod[]> {
  const current = await defaultPeriod(store, frequency, asOf);
  const saved = await checkpointStore(store).get(`digest:${frequency}`);
  if (!saved) return [current];
  const last = periodFromKey(saved);
  const periods: DigestPeriod[] = [];
  for (let i = 0; i < CATCH_UP[frequency].periods; i++) {
    const p = digestPeriod(frequency, addDays(current.from, -i * CATCH_UP[frequency].stepDays));
    if (i > 0 && p.from <= last.from) break;
    periods.unshift(p);
  }
  return periods;
}

/**
 * One digest run, what `serve` schedules and `paperboy digest send` runs: compose the periods
 * (idempotent through the outbox's one row per subscriber and period, so no lock is needed and
 * a daily and a weekly run never keep each other from composing), then send everything due,
 * retries of earlier periods included. Composing moves the frequency's checkpoint forward.
 */
export async function runDigests(store: Store, config: Config, mailer: Mailer, periods: DigestPeriod | DigestPeriod[], options: SendOptions = {}): Promise<DigestRunResult> {
  const list = Array.isArray(periods) ? periods : [periods];
  const now = options.now?.() ?? new Date();
  let queued = 0;
  let empty = 0;
  for (const period of list) {
    const composed = await composeDigests(store, period, now, options.vectorOf ? { vectorOf: options.vectorOf } : {});
    queued += composed.queued;
    empty += composed.empty;
    await advanceCheckpoint(store, period);
  }
  const sent = await sendQueued(store, config, mailer, options);
  return { period: list[list.length - 1]!, periods: list, queued, empty, ...(sent ?? { sent: 0, retried: 0, failed: 0, lastError: null }), sentElsewhere: sent === undefined };
}

async function advanceCheckpoint(store: Store, period: DigestPeriod): Promise<void> {
  const checkpoints = checkpointStore(store);
  const name = `digest:${period.frequency}`;
  const saved = await checkpoints.get(name);
  if (!saved || periodFromKey(saved).from < period.from) await checkpoints.set(name, period.key);
}

/**
 * Sends everything due under the `digests` lock, so two senders never run at once; holding it,
 * a run first returns digests claimed by a run that died to the queue. When another run holds
 * the lock this returns undefined at once: that run looks for due digests again after letting
 * go of the lock, and what this run queued was committed before it asked, so it is sent there.
 */
async function sendQueued(store: Store, config: Config, mailer: Mailer, options: SendOptions): Promise<SendCounts | undefined> {
  let total: SendCounts | undefined;
  for (;;) {
    const round = await withJobLock(store, 'digests', async () => {
      const released = await releaseClaims(store);
      if (released > 0) options.log?.(`digests: ${released} claimed by an interrupted run go out again`);
      return sendDueDigests(store, config, mailer, periodFromKey, options);
    });
    if (!round.ran) return total;
    const r = round.value;
    total = total ? { sent: total.sent + r.sent, retried: total.retried + r.retried, failed: total.failed + r.failed, lastError: r.lastError ?? total.lastError } : r;
    // A test's `limit` stops a run half way on purpose.
    if (options.limit !== undefined || !(await hasDueDigests(store, options.now?.() ?? new Date()))) return total;
  }
}
