import { createHash } from 'node:crypto';
import { LIMITS } from '../../domain/community-rules.js';
import type { Store } from '../../store/database.js';
import { type Bucket, sweepRateLimits, takeRateLimit } from '../../store/rate-limits.js';
import { RateLimitedError } from './rate-limit.js';

const MINUTE_MS = 60_000;
/** Collection writes a user makes in a minute, on the site and through the API together. */
export const COLLECTION_WRITES_PER_MINUTE = 120;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Every write limit per user or per address, counted in the store so it holds across `serve`
 * processes (src/store/rate-limits.ts: one atomic upsert per request). Each path that writes
 * calls `takeOrRefuse` with one of these before it writes.
 */
export const USER_LIMITS = {
  comments: (userId: number): Bucket => ({ key: `comments:user:${userId}`, limit: LIMITS.commentsPer10Minutes, windowMs: 10 * MINUTE_MS }),
  votes: (userId: number): Bucket => ({ key: `votes:user:${userId}`, limit: LIMITS.votesPerMinute, windowMs: MINUTE_MS }),
  // Collection writes (create, edit, add, note, move, remove): sorting a list of 50 by hand fits, a script filling thousands does not.
  collectionWrites: (userId: number): Bucket => ({ key: `collections:user:${userId}`, limit: COLLECTION_WRITES_PER_MINUTE, windowMs: MINUTE_MS }),
  loginMailsToAddress: (email: string): Bucket => ({ key: `login-mail:address:${digest(email)}`, limit: LIMITS.loginMailsPerHour, windowMs: HOUR_MS }),
  // 20 an hour per client address: a lab behind one NAT still signs in, a script does not.
  loginMailsFromIp: (ip: string): Bucket => ({ key: `login-mail:ip:${ip}`, limit: 20, windowMs: HOUR_MS }),
  // 3 an hour per address and 10 per client: room for typos, none for mail bombing.
  subscribeMailsToAddress: (email: string): Bucket => ({ key: `subscribe-mail:address:${digest(email)}`, limit: 3, windowMs: HOUR_MS }),
  subscribeMailsFromIp: (ip: string): Bucket => ({ key: `subscribe-mail:ip:${ip}`, limit: 10, windowMs: HOUR_MS }),
} as const;

/** Mail addresses are keyed by their SHA-256: the limits table need not be one more list of addresses. */
function digest(email: string): string {
  return createHash('sha256').update(email).digest('base64url');
}

/** Ended windows are deleted every this many takes per process: a few hundred rows at most. */
const SWEEP_EVERY = 1_000;
let takes = 0;

/** Counts one request against `bucket`, or throws RateLimitedError (429, Retry-After: the rest of the window). */
export async function takeOrRefuse(store: Store, bucket: Bucket, now: Date, message: string): Promise<void> {
  if (++takes % SWEEP_EVERY === 0) await sweepRateLimits(store, now);
  const take = await takeRateLimit(store, bucket, now);
  if (!take.taken) throw new RateLimitedError(message, take.retryAfterMs / 1000);
}
