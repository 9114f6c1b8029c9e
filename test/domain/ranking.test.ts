import { describe, expect, it } from 'vitest';
import { enteredFeedAt, rankTrending, trendingScore } from '../../src/domain/ranking.js';

const now = new Date('2026-11-28T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe('trending score', () => {
  it('grows with votes and falls with age', () => {
    expect(trendingScore({ upvotes: 10, comments: 0, enteredAt: hoursAgo(5) }, now)).toBeGreaterThan(trendingScore({ upvotes: 5, comments: 0, enteredAt: hoursAgo(5) }, now));
    expect(trendingScore({ upvotes: 10, comments: 0, enteredAt: hoursAgo(2) }, now)).toBeGreaterThan(trendingScore({ upvotes: 10, comments: 0, enteredAt: hoursAgo(30) }, now));
  });

  it('lets a well-voted paper of yesterday beat a barely voted one of this hour', () => {
    expect(trendingScore({ upvotes: 60, comments: 4, enteredAt: hoursAgo(24) }, now)).toBeGreaterThan(trendingScore({ upvotes: 1, comments: 0, enteredAt: hoursAgo(1) }, now));
  });

  it('counts comments for half a vote', () => {
    const a = trendingScore({ upvotes: 2, comments: 2, enteredAt: hoursAgo(3) }, now);
    expect(a).toBeCloseTo(trendingScore({ upvotes: 3, comments: 0, enteredAt: hoursAgo(3) }, now));
  });

  it('never divides by zero or goes below zero (future dates, negative counts)', () => {
    const s = trendingScore({ upvotes: -5, comments: -1, enteredAt: hoursAgo(-10) }, now);
    expect(s).toBe(0);
  });

  it('ranks ties by freshness, then id', () => {
    const items = [
      { id: 'b', upvotes: 0, comments: 0, enteredAt: hoursAgo(3) },
      { id: 'a', upvotes: 0, comments: 0, enteredAt: hoursAgo(3) },
      { id: 'c', upvotes: 0, comments: 0, enteredAt: hoursAgo(1) },
    ];
    expect(rankTrending(items, now).map((i) => i.id)).toEqual(['c', 'a', 'b']);
  });

  it('dates a paper by its daily-feed time, else its feed day', () => {
    expect(enteredFeedAt({ dailyAt: '2026-11-27T09:00:00.000Z', feedDate: '2026-11-27', submittedAt: null }).toISOString()).toBe('2026-11-27T09:00:00.000Z');
    expect(enteredFeedAt({ dailyAt: null, feedDate: '2026-11-27', submittedAt: '2026-11-25T10:00:00Z' }).toISOString()).toBe('2026-11-27T00:00:00.000Z');
  });
});
