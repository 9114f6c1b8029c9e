/**
 * The For-you list of one user: what the page (/for-you), the API (/api/v1/me/recommendations)
 * and the personal digest all read, so the three show the same ranking. "Today" is the latest
 * feed day up to today (an imported archive or a paused ingestion still has a For you); a week
 * is that day and the six before.
 */
import type { Store } from '../store/database.js';
import { latestFeedDay } from '../store/feed.js';
import { userSignals, type UserSignals } from '../store/recommendation-signals.js';
import { type Period, periodRange, recommendPapers, type RecommendDeps } from './index.js';
import type { Recommendation } from './rank.js';
import { COLD_START_SIGNALS, weighSignals } from './signals.js';

export interface ForYouList {
  period: Period;
  /** Feed days ranked; null when the store has no papers yet. */
  range: { from: string; to: string } | null;
  items: Recommendation[];
  /** Distinct signal papers the model trains on. */
  signalCount: number;
  /** Fewer than COLD_START_SIGNALS: the page offers the picker. */
  coldStart: boolean;
}

export async function forYouList(deps: RecommendDeps, options: { userId: number; period: Period; today: string; limit: number; range?: { from: string; to: string } }): Promise<ForYouList> {
  const signalCount = await countSignals(deps.store, options.userId);
  const coldStart = signalCount < COLD_START_SIGNALS;
  const end = options.range?.to ?? (await latestFeedDay(deps.store, options.today));
  if (!end) return { period: options.period, range: null, items: [], signalCount, coldStart };
  const range = options.range ?? periodRange(options.period, end);
  const items = await recommendPapers(deps, { userId: options.userId, period: options.period, date: end, limit: options.limit, range });
  return { period: options.period, range, items, signalCount, coldStart };
}

export async function countSignals(store: Store, userId: number): Promise<number> {
  return weighSignals(await userSignals(store, userId)).length;
}

/** What a user's model is trained on, per kind (the privacy view on /for-you/history). */
export interface SignalSummary {
  counts: { upvoted: number; collected: number; commented: number; followed_author: number; followed_org: number; more_like_this: number; not_interested: number; followed_category: number };
  feedback: { paperId: string; title: string; kind: 'more_like_this' | 'not_interested' }[];
}

export function summarizeSignals(signals: UserSignals): SignalSummary {
  const count = (source: string) => signals.positives.filter((p) => p.source === source).length;
  return {
    counts: {
      upvoted: count('upvoted'), collected: count('collected'), commented: count('commented'), followed_author: count('followed_author'), followed_org: count('followed_org'),
      more_like_this: count('more_like_this'), not_interested: signals.notInterested.length, followed_category: signals.followedCategories.length,
    },
    feedback: [
      ...signals.positives.filter((p) => p.source === 'more_like_this').map((p) => ({ paperId: p.paperId, title: p.title, kind: 'more_like_this' as const })),
      ...signals.notInterested.map((n) => ({ ...n, kind: 'not_interested' as const })),
    ],
  };
}
