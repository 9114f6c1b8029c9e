/**
 * Ranking one user's candidates (pure: signals, vectors and candidates in, ranked papers with
 * reasons out). Steps: train the user's model (models.ts) on their weighted signal vectors;
 * score every candidate; add the priors (a followed author or org, a followed category, the
 * user's own categories, weighing more the fewer signals there are, and a little trending);
 * then pick the list greedily with maximal marginal relevance, so ten papers on one sub-topic
 * do not crowd out the rest. Fewer than COLD_START_SIGNALS signals: categories and trending.
 */
import type { CandidatePaper } from '../store/recommendation-signals.js';
import { maxSimilarity, type ModelMethod, trainModel } from './models.js';
import { COLD_START_SIGNALS, type WeightedSignal } from './signals.js';
import { dot } from './vectors.js';

export type ReasonKind =
  | 'similar_to_upvoted'
  | 'similar_to_collected'
  | 'similar_to_commented'
  | 'more_like_this'
  | 'by_followed_author'
  | 'from_followed_org'
  | 'in_followed_category'
  | 'in_your_categories'
  | 'trending';

/** Why a paper is recommended: the signal paper most like it, the followed author, the category. */
export interface Reason {
  kind: ReasonKind;
  /** similar_to_* and more_like_this: the signal paper. */
  paperId?: string;
  title?: string;
  /** by_followed_author / from_followed_org: their name; in_*_category: the category. */
  name?: string;
}

export interface Recommendation {
  paperId: string;
  title: string;
  score: number;
  reason: Reason;
}

/** Baselines the evaluation compares with (also what cold start falls back on). */
export const BASELINE_METHODS = ['trending', 'category', 'last_signal'] as const;
export type RankMethod = ModelMethod | (typeof BASELINE_METHODS)[number];

export interface RankInput {
  signals: readonly WeightedSignal[];
  /** Vectors of signal and not-interested papers by id (missing ones are skipped). */
  vectorOf: (paperId: string) => Float32Array | null;
  notInterested: readonly string[];
  followedCategories: readonly string[];
  followedAuthors: ReadonlyMap<number, string>;
  followedOrgs: ReadonlyMap<number, string>;
  candidates: readonly CandidatePaper[];
  background: readonly Float32Array[];
  limit: number;
  method?: RankMethod;
  /** MMR trade-off: 1 is pure relevance (no diversity step). */
  lambda?: number;
}

export const DEFAULT_METHOD: ModelMethod = 'centroid';
export const DEFAULT_LAMBDA = 0.85;
/** Priors added to a model score (cosine scale). */
const FOLLOWED_AUTHOR_BONUS = 0.3;
const FOLLOWED_ORG_BONUS = 0.15;
const FOLLOWED_CATEGORY_BONUS = 0.1;
const OWN_CATEGORY_PRIOR = 0.15;
const TRENDING_PRIOR = 0.02;
/** MMR picks from this many times `limit` of the best. */
const MMR_POOL = 3;

export function rankCandidates(input: RankInput): Recommendation[] {
  const method = input.method ?? DEFAULT_METHOD;
  const excluded = new Set(input.notInterested);
  const signalIds = new Set(input.signals.map((s) => s.paperId));
  const candidates = input.candidates.filter((c) => !excluded.has(c.id) && !signalIds.has(c.id));
  const withVectors = input.signals.flatMap((s) => {
    const vector = input.vectorOf(s.paperId);
    return vector ? [{ signal: s, vector }] : [];
  });
  const negatives = input.notInterested.flatMap((id) => input.vectorOf(id) ?? []);
  const totalWeight = withVectors.reduce((s, x) => s + x.signal.weight, 0);
  const cold = withVectors.length < COLD_START_SIGNALS;
  const followedCats = new Set(input.followedCategories);
  const ownCats = categoryShares(input.signals, input.followedCategories);
  const maxVotes = Math.max(1, ...candidates.map((c) => c.votes));
  const trending = (c: CandidatePaper) => Math.log1p(c.votes) / Math.log1p(maxVotes);
  const catScore = (c: CandidatePaper) => Math.max(0, ...c.categories.map((k) => ownCats.get(k) ?? 0));

  let score: (c: CandidatePaper, v: Float32Array | null) => number;
  if (method === 'trending') score = (c) => trending(c);
  else if (method === 'category') score = (c) => catScore(c) + 0.1 * trending(c);
  else if (method === 'last_signal') {
    const last = withVectors[0]?.vector;
    score = (c, v) => (last && v ? dot(last, v) : 0) + 0.01 * trending(c);
  } else if (cold) {
    const near = withVectors.map((x) => x.vector);
    score = (c, v) => catScore(c) + 0.3 * trending(c) + (v && near.length ? 0.5 * maxSimilarity(near, v).score : 0) + followBonus(c, input);
  } else {
    const model = trainModel(method, { positives: withVectors.map((x) => ({ vector: x.vector, weight: x.signal.weight })), negatives, background: input.background });
    // The category prior fades as signals accumulate: it matters for a user with 5, hardly with 50.
    const catWeight = OWN_CATEGORY_PRIOR * (COLD_START_SIGNALS / Math.max(COLD_START_SIGNALS, totalWeight));
    score = (c, v) => (v ? model.score(v) : -1) + catWeight * catScore(c) + followBonus(c, input) + TRENDING_PRIOR * trending(c);
  }

  const scored = candidates.map((c) => {
    const v = input.vectorOf(c.id);
    return { c, v, s: score(c, v) };
  });
  scored.sort((a, b) => b.s - a.s || (a.c.id < b.c.id ? 1 : -1));
  const lambda = input.lambda ?? DEFAULT_LAMBDA;
  const picked = lambda >= 1 ? scored.slice(0, input.limit) : mmr(scored.slice(0, input.limit * MMR_POOL), input.limit, lambda);
  const named = withVectors.filter((x) => x.signal.source !== 'followed_author' && x.signal.source !== 'followed_org');
  const near = { signals: named.map((x) => x.signal), vectors: named.map((x) => x.vector) };
  return picked.map(({ c, v, s }) => ({ paperId: c.id, title: c.title, score: s, reason: reasonFor(c, v, near, input, followedCats, ownCats) }));
}

function followBonus(c: CandidatePaper, input: RankInput): number {
  let b = 0;
  if (c.authorIds.some((id) => input.followedAuthors.has(id))) b += FOLLOWED_AUTHOR_BONUS;
  if (c.orgIds.some((id) => input.followedOrgs.has(id))) b += FOLLOWED_ORG_BONUS;
  if (input.followedCategories.length && c.categories.some((k) => input.followedCategories.includes(k))) b += FOLLOWED_CATEGORY_BONUS;
  return b;
}

/**
 * The user's categories, each with a share in [0, 1]: followed categories count fully; a
 * category of the user's signal papers by its weighted frequency, relative to the most frequent.
 */
function categoryShares(signals: readonly WeightedSignal[], followed: readonly string[]): Map<string, number> {
  const shares = new Map<string, number>();
  let total = 0;
  for (const s of signals) {
    for (const k of s.categories) shares.set(k, (shares.get(k) ?? 0) + s.weight);
    total += s.weight;
  }
  const max = Math.max(0, ...shares.values());
  for (const [k, v] of shares) shares.set(k, total > 0 ? v / max : 0);
  for (const k of followed) shares.set(k, 1);
  return shares;
}

type Scored = { c: CandidatePaper; v: Float32Array | null; s: number };

/** Greedy maximal marginal relevance: relevance (scaled to [0, 1] in the pool) against the closest already picked. */
function mmr(pool: Scored[], limit: number, lambda: number): Scored[] {
  if (pool.length === 0) return [];
  const hi = pool[0]!.s;
  const lo = pool.at(-1)!.s;
  const span = hi - lo || 1;
  const left = [...pool];
  const out: Scored[] = [];
  const closest = new Float64Array(left.length).fill(0);
  while (out.length < limit && left.length) {
    let best = 0;
    let bestValue = -Infinity;
    for (let i = 0; i < left.length; i++) {
      const value = lambda * ((left[i]!.s - lo) / span) - (1 - lambda) * closest[i]!;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    const chosen = left[best]!;
    out.push(chosen);
    left.splice(best, 1);
    closest.copyWithin(best, best + 1);
    if (chosen.v) {
      for (let i = 0; i < left.length; i++) {
        const v = left[i]!.v;
        if (v) closest[i] = Math.max(closest[i]!, dot(chosen.v, v));
      }
    }
  }
  return out;
}

const SIMILAR_REASON: Record<string, ReasonKind> = {
  upvoted: 'similar_to_upvoted',
  collected: 'similar_to_collected',
  commented: 'similar_to_commented',
  more_like_this: 'more_like_this',
};
/** Below this cosine a paper is not called "similar" to a signal: the reason falls back to categories. */
const SIMILAR_ENOUGH = 0.3;

function reasonFor(
  c: CandidatePaper,
  v: Float32Array | null,
  near: { signals: readonly WeightedSignal[]; vectors: readonly Float32Array[] },
  input: RankInput,
  followedCats: ReadonlySet<string>,
  ownCats: ReadonlyMap<string, number>,
): Reason {
  const author = c.authorIds.find((id) => input.followedAuthors.has(id));
  if (author !== undefined) return { kind: 'by_followed_author', name: input.followedAuthors.get(author)! };
  const org = c.orgIds.find((id) => input.followedOrgs.has(id));
  if (org !== undefined) return { kind: 'from_followed_org', name: input.followedOrgs.get(org)! };
  if (v && near.vectors.length) {
    const closest = maxSimilarity(near.vectors, v);
    if (closest.at >= 0 && closest.score >= SIMILAR_ENOUGH) {
      const s = near.signals[closest.at]!;
      return { kind: SIMILAR_REASON[s.source] ?? 'similar_to_upvoted', paperId: s.paperId, title: s.title };
    }
  }
  const followed = c.categories.find((k) => followedCats.has(k));
  if (followed) return { kind: 'in_followed_category', name: followed };
  const own = [...c.categories].sort((a, b) => (ownCats.get(b) ?? 0) - (ownCats.get(a) ?? 0))[0];
  if (own && (ownCats.get(own) ?? 0) > 0) return { kind: 'in_your_categories', name: own };
  return { kind: 'trending' };
}
