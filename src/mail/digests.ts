import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import { type DigestPeriod, pickPapers } from '../domain/digest-rules.js';
import type { Store } from '../store/database.js';
import { type DigestCandidate, digestPapersByIds, papersForDigest } from '../store/feed.js';
import { claimDue, markCancelled, markFailed, markRetry, markSentMany, type OutboxRow, queueDigests, queuedSubscriberIds } from '../store/outbox.js';
import { activeSubscribers, findSubscribers, isActive, markBounced, type Subscriber } from '../store/subscribers.js';
import { followedPaperIds } from '../store/follows.js';
import { findUserByEmail } from '../store/users.js';
import { forYouList } from '../recommend/for-you.js';
import type { Reason } from '../recommend/rank.js';
import { reasonText } from '../recommend/reason-text.js';
import { renderDigest } from './digest-render.js';
import type { MailMessage } from './message.js';
import { linkFor } from './subscriptions.js';
import type { Mailer } from './transport.js';

/** Candidates per period: the top 2,000 cover the largest digest of any topic mix in practice. */
const CANDIDATES = 2_000;

/**
 * Step 1, composing: decides each active subscriber's papers for the period and queues one
 * outbox row per subscriber. Idempotent: subscribers already queued for the period are skipped,
 * so a second run (or a run after a crash) queues only who is missing. Subscribers with nothing
 * matching their topics get no row and no mail.
 */
export async function composeDigests(store: Store, period: DigestPeriod, now = new Date(), options: ComposeOptions = {}): Promise<{ queued: number; empty: number; already: number }> {
  const candidates = await papersForDigest(store, period.from, period.to, CANDIDATES);
  const subscribers = await activeSubscribers(store, period.frequency);
  const done = await queuedSubscriberIds(store, period.key);
  let empty = 0;
  const digests = [];
  for (const s of subscribers) {
    if (done.has(s.id)) continue;
    if (s.topics.forYou) {
      const picked = await forYouPicks(store, s.email, period, s.size, options.vectorOf ?? (() => null));
      if (picked.length === 0) empty++;
      else digests.push({ subscriberId: s.id, period: period.key, subject: `For you: ${period.subject}`, paperIds: picked.map((p) => p.paperId), reasons: Object.fromEntries(picked.map((p) => [p.paperId, p.reason])), messageId: digestMessageId(s.id, period.key) });
      continue;
    }
    const papers = pickPapers(candidates, s.topics, s.size, s.topics.following ? await followedBySubscriber(store, s.email, candidates, period) : undefined);
    if (papers.length === 0) {
      empty++;
      continue;
    }
    digests.push({ subscriberId: s.id, period: period.key, subject: period.subject, paperIds: papers.map((p) => p.id), messageId: digestMessageId(s.id, period.key) });
  }
  const queued = await queueDigests(store, digests, now);
  return { queued, empty, already: done.size };
}

export interface ComposeOptions {
  /** Paper vectors for For-you digests (the search index's; without them: followed categories and trending). */
  vectorOf?: (paperId: string) => Float32Array | null;
}

/**
 * A For-you subscriber's papers: the period ranked by the model of the account with the
 * subscription's address (the same ranking /for-you shows); no account, no papers.
 */
async function forYouPicks(store: Store, email: string, period: DigestPeriod, size: number, vectorOf: (id: string) => Float32Array | null): Promise<{ paperId: string; reason: Reason }[]> {
  const user = await findUserByEmail(store, email);
  if (!user) return [];
  const list = await forYouList({ store, vectorOf }, { userId: user.id, period: period.frequency === 'daily' ? 'day' : 'week', today: period.to, limit: size, range: { from: period.from, to: period.to } });
  return list.items;
}

/**
 * "What I follow" of a subscriber: the candidates followed by the account with the subscription's
 * e-mail address (subscriptions are by address; no account, no papers).
 */
async function followedBySubscriber(store: Store, email: string, candidates: readonly DigestCandidate[], period: DigestPeriod): Promise<Set<string>> {
  const user = await findUserByEmail(store, email);
  if (!user) return new Set();
  return followedPaperIds(store, user.id, period.from, period.to, CANDIDATES * 5).then((ids) => new Set(candidates.filter((c) => ids.has(c.id)).map((c) => c.id)));
}

/** The same Message-ID for the same (subscriber, period), whatever retries happen. */
export function digestMessageId(subscriberId: number, periodKey: string): string {
  const h = createHash('sha256').update(`${subscriberId}|${periodKey}`).digest('hex').slice(0, 24);
  return `<digest.${h}@paperboy>`;
}

/**
 * Papers of a send run by id: digests of one period share most of their papers, so each is read
 * from the store once per run, not once per message.
 */
export class PaperCache {
  private papers = new Map<string, DigestCandidate>();

  async get(store: Store, ids: readonly string[]): Promise<DigestCandidate[]> {
    const missing = ids.filter((id) => !this.papers.has(id));
    if (missing.length) for (const p of await digestPapersByIds(store, missing)) this.papers.set(p.id, p);
    return ids.flatMap((id) => this.papers.get(id) ?? []);
  }
}

/** The message of a queued digest: rendered now from the papers chosen when it was composed. */
export async function buildDigestMessage(store: Store, config: Config, row: Pick<OutboxRow, 'subscriberId' | 'period' | 'subject' | 'paperIds' | 'messageId' | 'createdAt'> & { reasons?: OutboxRow['reasons'] }, subscriber: Subscriber, period: DigestPeriod, cache = new PaperCache()): Promise<MailMessage> {
  const manage = await linkFor(store, config, 'manage', subscriber);
  const unsubscribeUrl = await linkFor(store, config, 'unsubscribe', subscriber);
  const papers = await cache.get(store, row.paperIds);
  const reasons = new Map(Object.entries(row.reasons ?? {}).map(([id, r]) => [id, reasonText(r as Reason)]));
  const { text, html } = renderDigest(period, papers, { baseUrl: config.baseUrl, manage, unsubscribe: unsubscribeUrl }, { siteName: 'Paperboy', postalAddress: config.mail.postalAddress }, reasons);
  return {
    to: subscriber.email,
    subject: row.subject,
    text,
    html,
    messageId: row.messageId,
    date: new Date(row.createdAt),
    // RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to the URL.
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'List-Id': listId(config.baseUrl) },
  };
}

let lastListId: { baseUrl: string; value: string } | undefined;
function listId(baseUrl: string): string {
  if (lastListId?.baseUrl !== baseUrl) lastListId = { baseUrl, value: `Paperboy digest <digest.${new URL(baseUrl).hostname}>` };
  return lastListId.value;
}

/**
 * Accepted digests waiting to be marked sent: one commit per 100 digests or per 50 ms, whichever
 * comes first, instead of one per digest. One commit per message held a send run to ~1 ms of
 * store work per digest (bench:digest, --cpu-prof); together they cost a few microseconds each.
 *
 * What this changes on a crash: a digest is still marked sent only after the server's 250, and
 * a kill -9 between the 250 and the commit still means the digest goes out again (same
 * Message-ID, so receivers that dedupe drop it) when the next run takes the claims over. The
 * window that was one commit wide is now at most 50 ms (or 100 digests) wide.
 */
class SentMarks {
  private ids: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private committing: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  /** Resolves at once, or once the batch this filled is committed (back-pressure on the senders). */
  add(id: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.ids.push(id);
    if (this.ids.length >= MARKS_PER_COMMIT) return this.flush();
    this.timer ??= setTimeout(() => this.flush().catch((err: unknown) => (this.failure = err)), MARK_DELAY_MS);
    return Promise.resolve();
  }

  /** Commits what is waiting; commits happen one after another, in order. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const ids = this.ids;
    this.ids = [];
    this.committing = this.committing.then(() => markSentMany(this.store, ids, this.now()));
    return this.committing;
  }
}

/** See SentMarks: at most 100 digests or 50 ms between an accepted digest and its commit. */
const MARKS_PER_COMMIT = 100;
const MARK_DELAY_MS = 50;

export interface SendOptions {
  /** Digests claimed at a time (default 32 per connection: the claim query sorts what is due); the next claim is made while these are still going out. */
  batch?: number;
  /** Digests handed to the mailer at once (default: twice MAIL_CONCURRENCY, see sendDueDigests). */
  window?: number;
  /** A claim outlives a dead sender by this much, then another run takes the digest over. */
  leaseMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
  /** Stop after this many attempts (tests kill a run half way). */
  limit?: number;
  /** For-you digests' paper vectors when composing (runDigests; see ComposeOptions). */
  vectorOf?: ComposeOptions['vectorOf'];
}

/** Retries of a temporary failure: 1 min, 5 min, 30 min, 2 h, 6 h, then 12 h apart; after 8 the digest fails. */
const BACKOFF_MS = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000];
const MAX_ATTEMPTS = 8;

/**
 * Step 2, sending: claims due digests and sends them through the mailer. Each digest becomes
 * `sent` after the server's 250 (batched: SentMarks); a temporary failure is retried later with
 * backoff, a permanent one (5xx) fails the digest and stops mail to that address. What a killed
 * run had claimed is taken over when its lease ends.
 *
 * The pool is kept full: `window` digests (twice the pool's connections) are handed to the mailer
 * at once, so a connection that gets its 250 finds the next message already queued instead of
 * waiting for one to be rendered, and the next batch is claimed while the current one is still
 * going out, instead of every connection draining at the end of each claimed batch.
 */
export async function sendDueDigests(store: Store, config: Config, mailer: Mailer, periods: (key: string) => DigestPeriod, options: SendOptions = {}): Promise<SendCounts> {
  const now = options.now ?? (() => new Date());
  const counts: SendCounts = { sent: 0, retried: 0, failed: 0, lastError: null };
  const window = Math.max(1, options.window ?? config.mail.concurrency * 2);
  const batch = options.batch ?? Math.max(32, config.mail.concurrency * 32);
  const limit = options.limit ?? Infinity;
  const cache = new PaperCache();
  const marks = new SentMarks(store, now);
  // Every digest of a run names one of a few periods: each is worked out once.
  const periodOf = new Map<string, DigestPeriod>();
  const period = (key: string) => periodOf.get(key) ?? periodOf.set(key, periods(key)).get(key)!;
  const queue: { row: OutboxRow; subscriber: Subscriber | undefined }[] = [];
  let attempts = 0;
  let exhausted = false;
  let claiming: Promise<void> | undefined;
  // One claim at a time; never more claimed than the limit leaves to attempt.
  const claim = () =>
    (claiming ??= (async () => {
      const wanted = Math.min(batch, limit - attempts - queue.length);
      const rows = wanted > 0 ? await claimDue(store, now(), wanted, options.leaseMs ?? 10 * 60_000) : [];
      if (rows.length === 0) exhausted = true;
      const subscribers = rows.length ? await findSubscribers(store, rows.map((r) => r.subscriberId)) : new Map<number, Subscriber>();
      for (const row of rows) queue.push({ row, subscriber: subscribers.get(row.subscriberId) });
    })().finally(() => (claiming = undefined)));
  const worker = async () => {
    for (;;) {
      if (attempts >= limit) return;
      const next = queue.shift();
      if (!next) {
        if (exhausted) return;
        await claim();
        continue;
      }
      attempts++;
      // Claim ahead while a window's worth is still queued, so the pool never runs dry.
      if (queue.length < window && !exhausted) claim().catch(() => undefined);
      await sendOne(store, config, mailer, next.row, next.subscriber, period, now, counts, cache, marks, options.log);
    }
  };
  // Every mark is committed before the run returns (or fails).
  try {
    await Promise.all(Array.from({ length: window }, worker));
  } finally {
    await claiming?.catch(() => undefined);
    await marks.flush();
  }
  return counts;
}

/** What a send run did; lastError is the mail server's answer to the latest digest not sent (null when all went). */
export interface SendCounts {
  sent: number;
  retried: number;
  failed: number;
  lastError: string | null;
}

async function sendOne(store: Store, config: Config, mailer: Mailer, row: OutboxRow, subscriber: Subscriber | undefined, periods: (key: string) => DigestPeriod, now: () => Date, counts: SendCounts, cache: PaperCache, marks: SentMarks, log?: (line: string) => void): Promise<void> {
  if (!subscriber || !isActive(subscriber)) return markCancelled(store, row.id);
  const message = await buildDigestMessage(store, config, row, subscriber, periods(row.period), cache);
  const result = await mailer.send(message);
  if (result.ok) {
    counts.sent++;
    await marks.add(row.id);
    return;
  }
  counts.lastError = result.message;
  if (result.permanent) {
    await markFailed(store, row.id, result.message);
    await markBounced(store, subscriber.id, result.message, now());
    counts.failed++;
    log?.(`digest to ${subscriber.email}: refused for good (${result.code ?? ''} ${result.message}); no more mail to this address`);
    return;
  }
  if (row.attempts + 1 >= MAX_ATTEMPTS) {
    await markFailed(store, row.id, result.message);
    counts.failed++;
    return;
  }
  await markRetry(store, row.id, result.message, new Date(now().getTime() + BACKOFF_MS[Math.min(row.attempts, BACKOFF_MS.length - 1)]!));
  counts.retried++;
}
