import { describe, expect, it } from 'vitest';
import { recallAt, reciprocalRank, score, scoreByKind, type Hit } from '../../bench/relevance/metrics.js';

const hits = (...ids: Array<[string, number]>): Hit[] => ids.map(([id, s]) => ({ id, score: s }));
const ranked = (n: number): Hit[] => Array.from({ length: n }, (_, i) => ({ id: `p${i + 1}`, score: 100 - i }));

describe('reciprocalRank (MRR@10 per query)', () => {
  it('is 1/rank of the target within the top 10, 0 beyond it or when absent', () => {
    expect(reciprocalRank(ranked(12), 'p1')).toBe(1);
    expect(reciprocalRank(ranked(12), 'p4')).toBe(1 / 4);
    expect(reciprocalRank(ranked(12), 'p10')).toBe(1 / 10);
    expect(reciprocalRank(ranked(12), 'p11')).toBe(0);
    expect(reciprocalRank(ranked(12), 'nowhere')).toBe(0);
    expect(reciprocalRank([], 'p1')).toBe(0);
    expect(reciprocalRank(ranked(5), 'p3', 2)).toBe(0);
  });

  it('shares a tie: the mean of 1/rank over the positions the tied hits hold', () => {
    // Target tied with two others at ranks 1-3, wherever the engine put it among them.
    for (const target of ['a', 'b', 'c']) {
      expect(reciprocalRank(hits(['a', 5], ['b', 5], ['c', 5], ['d', 1]), target)).toBeCloseTo((1 + 1 / 2 + 1 / 3) / 3, 12);
    }
    // Ties that do not involve the target change nothing.
    expect(reciprocalRank(hits(['a', 9], ['b', 5], ['c', 5]), 'a')).toBe(1);
    expect(reciprocalRank(hits(['a', 9], ['b', 7], ['c', 5], ['d', 5]), 'b')).toBe(1 / 2);
    // A tie at the cutoff counts only the positions inside the top 10.
    const atCutoff = [...ranked(9), { id: 'x', score: 1 }, { id: 'y', score: 1 }];
    expect(reciprocalRank(atCutoff, 'x')).toBe(1 / 10);
  });

  it('counts the first appearance when an engine returns the target twice', () => {
    expect(reciprocalRank(hits(['a', 3], ['t', 2], ['t', 1]), 't')).toBe(1 / 2);
  });
});

describe('recallAt (recall@10 with one relevant paper)', () => {
  it('is 1 when the target is in the top 10, tied or not, else 0', () => {
    expect(recallAt(ranked(12), 'p10')).toBe(1);
    expect(recallAt(ranked(12), 'p11')).toBe(0);
    expect(recallAt(hits(['a', 1], ['b', 1]), 'b')).toBe(1);
    expect(recallAt([], 'a')).toBe(0);
  });
});

describe('score', () => {
  it('averages over queries, per kind and overall; an empty group scores 0', () => {
    const judged = [
      { kind: 'name' as const, target: 'p1', hits: ranked(10) },
      { kind: 'name' as const, target: 'p2', hits: ranked(10) },
      { kind: 'paraphrase' as const, target: 'zz', hits: ranked(10) },
    ];
    expect(score(judged.slice(0, 2))).toEqual({ queries: 2, mrr: 0.75, recall: 1 });
    const { byKind, overall } = scoreByKind(judged, ['name', 'keywords', 'paraphrase']);
    expect(byKind.keywords).toEqual({ queries: 0, mrr: 0, recall: 0 });
    expect(byKind.paraphrase).toEqual({ queries: 1, mrr: 0, recall: 0 });
    expect(overall.queries).toBe(3);
    expect(overall.mrr).toBeCloseTo(0.5, 12);
    expect(overall.recall).toBeCloseTo(2 / 3, 12);
  });
});
