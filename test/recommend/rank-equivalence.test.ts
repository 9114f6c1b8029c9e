import { describe, expect, it } from 'vitest';
import { MODEL_METHODS } from '../../src/recommend/models.js';
import { BASELINE_METHODS, rankCandidates, type RankInput, type RankMethod } from '../../src/recommend/rank.js';
import { signalAuthors } from '../../src/recommend/signal-authors.js';
import type { WeightedSignal } from '../../src/recommend/signals.js';
import { seededRandom } from '../../src/search/random.js';
import type { CandidatePaper, SignalSource } from '../../src/store/recommendation-signals.js';
import { rankCandidatesReference } from './rank-reference.js';

/**
 * The ranking's fast paths (top-k instead of a full sort, MMR over kept values, nested category
 * pairs, cached title terms) give exactly what the straightforward ranking gives: same papers,
 * order, scores and reasons, on random users and days. Few topics, categories, words and authors,
 * and papers sharing a vector, so ties and every reason kind come up.
 */
const DIMS = 24;
const SOURCES: SignalSource[] = ['upvoted', 'upvoted', 'collected', 'commented', 'more_like_this', 'followed_author', 'followed_org'];
const METHODS: RankMethod[] = [...MODEL_METHODS, ...BASELINE_METHODS];

function randomCase(seed: number): RankInput {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const topics = Array.from({ length: 4 }, () => unit(Array.from({ length: DIMS }, () => random() - 0.5)));
  const paperCount = 300;
  // Quantized like the search index (int8 codes and a scale), some papers sharing one vector.
  const vectors = Array.from({ length: paperCount }, (_, d) => {
    if (d % 7 === 3) return null;
    const t = topics[d % 4]!;
    return quantize(unit(Array.from({ length: DIMS }, (_, i) => t[i]! + (d % 5 === 0 ? 0 : (random() - 0.5) * 0.8))));
  });
  const words = ['robot', 'policy', 'diffusion', 'language', 'model', 'graph', 'learning', 'the', 'of', 'vision', 'tactile', 'proof', 'quantum'];
  const cats = ['cs.RO', 'cs.LG', 'cs.CL', 'cs.CV', 'stat.ML'];
  const paper = (d: number) => ({
    id: `p${d}`,
    title: Array.from({ length: 2 + Math.floor(random() * 6) }, () => pick(words)).join(' '),
    categories: Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(cats)),
  });
  const papers = Array.from({ length: paperCount }, (_, d) => paper(d));
  const signalCount = pick([0, 2, 4, 6, 12, 30, 50]);
  const signals: WeightedSignal[] = Array.from({ length: signalCount }, (_, j) => {
    const p = papers[Math.floor(random() * 150)]!;
    const source = pick(SOURCES);
    return { paperId: p.id, title: p.title, source, weight: pick([0.3, 0.5, 1, 1.5, 2]), categories: p.categories, at: String(1000 - j) };
  }).filter((s, j, all) => all.findIndex((x) => x.paperId === s.paperId) === j);
  const authorRows = signals.flatMap((s) => Array.from({ length: Math.floor(random() * 4) }, () => {
    const a = Math.floor(random() * 12);
    return { paperId: s.paperId, authorId: a, name: `Author ${a}` };
  }));
  const candidates: CandidatePaper[] = papers.slice(100, 100 + 50 + Math.floor(random() * 150)).map((p, i) => ({
    ...p,
    feedDate: '2026-01-01',
    votes: Math.floor(random() * 4) * Math.floor(random() * 5),
    authorIds: random() < 0.3 ? [Math.floor(random() * 14)] : [],
    orgIds: random() < 0.1 ? [i % 3] : [],
  }));
  const vectorOf = (id: string) => {
    const q = vectors[Number(id.slice(1))];
    return q ? Float32Array.from(q.codes, (c) => c * q.scale) : null;
  };
  return {
    signals,
    signalAuthors: signalAuthors(signals, authorRows),
    vectorOf,
    ...(random() < 0.5 ? {
      readVector: (id: string, out: Float32Array, offset: number) => {
        const q = vectors[Number(id.slice(1))];
        if (!q) return false;
        for (let i = 0; i < DIMS; i++) out[offset + i] = q.codes[i]! * q.scale;
        return true;
      },
    } : {}),
    notInterested: random() < 0.5 ? [candidates[3]!.id, papers[10]!.id] : [],
    followedCategories: random() < 0.3 ? [pick(cats)] : [],
    followedAuthors: new Map(random() < 0.3 ? [[13, 'Followed Author']] : []),
    followedOrgs: new Map(random() < 0.3 ? [[1, 'Followed Org']] : []),
    candidates,
    background: Array.from({ length: 20 }, (_, i) => vectorOf(`p${200 + i}`) ?? new Float32Array(DIMS)),
    limit: pick([1, 5, 20, 50, 60, 200]),
    method: pick(METHODS),
    lambda: pick([0.85, 0.85, 0.5, 1]),
    ...(random() < 0.2 ? { weights: { title: 0, author: 2, pair: 1 } } : {}),
  };
}

function unit(v: number[]): Float32Array {
  const n = Math.hypot(...v) || 1;
  return Float32Array.from(v, (x) => x / n);
}

function quantize(v: Float32Array): { codes: Int8Array; scale: number } {
  const max = Math.max(...v.map(Math.abs)) || 1;
  return { codes: Int8Array.from(v, (x) => Math.round((x / max) * 127)), scale: Math.fround(max / 127) };
}

describe('rankCandidates against the straightforward ranking', () => {
  it('gives the same papers, order, scores and reasons on 400 random users', () => {
    const kinds = new Set<string>();
    for (let seed = 1; seed <= 400; seed++) {
      const input = randomCase(seed);
      const fast = rankCandidates(input);
      expect(fast, `seed ${seed}`).toEqual(rankCandidatesReference(input));
      for (const r of fast) kinds.add(r.reason.kind);
    }
    // The random users reach every kind of reason.
    expect([...kinds].sort()).toEqual(['by_author_of_yours', 'by_followed_author', 'from_followed_org', 'in_followed_category', 'in_your_categories', 'more_like_this',
      'similar_to_collected', 'similar_to_commented', 'similar_to_upvoted', 'trending']);
  });
});
