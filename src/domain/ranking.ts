/**
 * Trending: Hacker News style gravity.
 *
 *   score = points / (ageHours + 2) ^ GRAVITY
 *
 * - points: upvotes (the imported baseline plus local votes) plus half a point per comment,
 *   because discussion is a signal too but cheaper to give than a vote;
 * - no votes, no score: unvoted papers tie at zero and then rank by freshness (rankTrending),
 *   so one vote in the last hour cannot outrank a paper that earned 60 yesterday;
 * - ageHours: hours since the paper entered the feed; +2 keeps the first hours from
 *   dividing by almost nothing, so one early vote does not beat a day of votes;
 * - GRAVITY 1.8 (Hacker News' value): a paper needs roughly 3.5x the points to keep its rank
 *   after twice the age, so trending turns over in two to three days, about the time
 *   researchers take to read the day's papers.
 */
export const GRAVITY = 1.8;
export const COMMENT_WEIGHT = 0.5;

export interface TrendingInput {
  upvotes: number;
  comments: number;
  /** When the paper entered the feed. */
  enteredAt: Date;
}

export function trendingScore(p: TrendingInput, now: Date): number {
  const points = Math.max(0, p.upvotes) + COMMENT_WEIGHT * Math.max(0, p.comments);
  const ageHours = Math.max(0, (now.getTime() - p.enteredAt.getTime()) / 3_600_000);
  return points / Math.pow(ageHours + 2, GRAVITY);
}

/** Ranks by trending score, highest first; ties go to the younger paper, then the id for stability. */
export function rankTrending<T extends TrendingInput & { id: string }>(items: T[], now: Date): T[] {
  const scored = items.map((item) => ({ item, score: trendingScore(item, now) }));
  scored.sort((a, b) => b.score - a.score || b.item.enteredAt.getTime() - a.item.enteredAt.getTime() || a.item.id.localeCompare(b.item.id));
  return scored.map((s) => s.item);
}

/** When a paper entered the feed: its daily-feed time, else the start (UTC) of its feed day. */
export function enteredFeedAt(p: { dailyAt: string | null; feedDate: string | null; submittedAt: string | null }): Date {
  if (p.dailyAt) return new Date(p.dailyAt);
  if (p.feedDate) return new Date(`${p.feedDate}T00:00:00.000Z`);
  return new Date(p.submittedAt ?? 0);
}
