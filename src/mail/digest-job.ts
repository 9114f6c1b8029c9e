import type { Config } from '../config.js';
import { type DigestPeriod, digestPeriod, type Frequency, lastCompleteWeekDay, periodFromKey } from '../domain/digest-rules.js';
import type { Store } from '../store/database.js';
import { latestFeedDay } from '../store/feed.js';
import { withJobLock } from '../store/locks.js';
import { releaseClaims } from '../store/outbox.js';
import { composeDigests, sendDueDigests, type SendOptions } from './digests.js';
import type { Mailer } from './transport.js';

export interface DigestRunResult {
  period: DigestPeriod;
  queued: number;
  empty: number;
  sent: number;
  retried: number;
  failed: number;
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
 * One digest run, what `serve` schedules and `paperboy digest send` runs: compose the period
 * (idempotent), then send everything due, including retries of earlier periods. Runs under the
 * `digests` job lock, so two runs never send at once; holding it, the run first returns digests
 * claimed by a run that died to the queue. Returns undefined when another run holds the lock.
 */
export async function runDigests(store: Store, config: Config, mailer: Mailer, period: DigestPeriod, options: SendOptions = {}): Promise<DigestRunResult | undefined> {
  return withJobLock(store, 'digests', async () => {
    const composed = await composeDigests(store, period, options.now?.() ?? new Date());
    const released = await releaseClaims(store);
    if (released > 0) options.log?.(`digests: ${released} claimed by an interrupted run go out again`);
    const sent = await sendDueDigests(store, config, mailer, periodFromKey, options);
    return { period, queued: composed.queued, empty: composed.empty, ...sent };
  });
}
