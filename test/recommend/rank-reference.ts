/**
 * The straightforward ranking (src/recommend/rank.ts before its speed work: a Map or string per
 * candidate, a full sort, an MMR scan over every paper): the oracle rank-equivalence.test.ts holds
 * the fast one to. Same inputs, same constants, same arithmetic order.
 */
import type { CandidatePaper } from '../../src/store/recommendation-signals.js';
import { maxSimilarity, type ModelMethod, trainModel } from '../../src/recommend/models.js';
import { ownSignals, type SignalAuthor } from '../../src/recommend/signal-authors.js';
import { COLD_START_SIGNALS, type WeightedSignal } from '../../src/recommend/signals.js';
import { titleTerms } from '../../src/recommend/title-terms.js';
import { DEFAULT_LAMBDA, DEFAULT_METHOD, DEFAULT_WEIGHTS, type RankInput, type Reason, type ReasonKind, type Recommendation } from '../../src/recommend/rank.js';
import { dot, dotAt } from '../../src/recommend/vectors.js';

/**
 * A shared author is the reason when their term adds at least this much to the score (a sixteenth
 * of the signals' weight with that author, e.g. 3 of 50 papers): below it, the similar signal
 * paper says more.
 */
const AUTHOR_REASON_MIN = 0.25;
/** Priors added to a model score (cosine scale). */
const FOLLOWED_AUTHOR_BONUS = 0.3;
const FOLLOWED_ORG_BONUS = 0.15;
const FOLLOWED_CATEGORY_BONUS = 0.1;
const OWN_CATEGORY_PRIOR = 0.15;
const TRENDING_PRIOR = 0.02;
/** MMR picks from this many times `limit` of the best. */
const MMR_POOL = 3;
/** ... and at most this many (MMR's cost grows with the pool). */
const MMR_POOL_MAX = 150;

export function rankCandidatesReference(input: RankInput): Recommendation[] {
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
  let maxVotes = 1;
  for (const c of candidates) if (c.votes > maxVotes) maxVotes = c.votes;
  const logMaxVotes = Math.log1p(maxVotes);
  const trending = (c: CandidatePaper) => Math.log1p(c.votes) / logMaxVotes;
  const catScore = (c: CandidatePaper) => {
    let best = 0;
    for (const k of c.categories) best = Math.max(best, ownCats.get(k) ?? 0);
    return best;
  };
  const follows = { authors: input.followedAuthors, orgs: input.followedOrgs, categories: followedCats };
  const weights = { ...DEFAULT_WEIGHTS, ...input.weights };
  const authorsOfYours = new Map((input.signalAuthors ?? []).map((a) => [a.id, a]));
  const authorScore = (c: CandidatePaper) => {
    let sum = 0;
    for (const id of c.authorIds) sum += authorsOfYours.get(id)?.share ?? 0;
    return Math.min(1, Math.sqrt(sum));
  };
  const pairs = pairShares(input.signals);
  const pairScore = (c: CandidatePaper) => {
    let best = 0;
    const primary = c.categories[0];
    if (pairs.size && primary) for (let k = 1; k < c.categories.length; k++) best = Math.max(best, pairs.get(`${primary}+${c.categories[k]}`) ?? 0);
    return best;
  };

  const dims = withVectors[0]?.vector.length ?? (candidates.length ? input.vectorOf(candidates[0]!.id)?.length ?? 0 : 0);
  const buf = candidateBuffer(candidates.length * dims);
  const at = new Int32Array(candidates.length);
  for (let i = 0; i < candidates.length; i++) {
    const id = candidates[i]!.id;
    let has: boolean;
    if (input.readVector) has = input.readVector(id, buf, i * dims);
    else {
      const v = input.vectorOf(id);
      has = v !== null && v.length === dims;
      if (has) buf.set(v!, i * dims);
    }
    at[i] = has ? i * dims : -1;
  }
  const view = (i: number) => (at[i]! < 0 ? null : buf.subarray(at[i]!, at[i]! + dims));

  let score: (c: CandidatePaper, i: number) => number;
  if (method === 'trending') score = (c) => trending(c);
  else if (method === 'category') score = (c) => catScore(c) + 0.1 * trending(c);
  else if (method === 'last_signal') {
    const last = withVectors[0]?.vector;
    score = (c, i) => (last && at[i]! >= 0 ? dotAt(last, 0, buf, at[i]!, dims) : 0) + 0.01 * trending(c);
  } else if (cold) {
    const near = withVectors.map((x) => x.vector);
    score = (c, i) => {
      const v = near.length ? view(i) : null;
      return catScore(c) + 0.3 * trending(c) + (v ? 0.5 * maxSimilarity(near, v).score : 0) + followBonus(c, follows) + weights.author * authorScore(c);
    };
  } else {
    const model = trainModel(method, { positives: withVectors.map((x) => ({ vector: x.vector, weight: x.signal.weight })), negatives, background: input.background });
    // The category prior fades as signals accumulate: it matters for a user with 5, hardly with 50.
    const catWeight = OWN_CATEGORY_PRIOR * (COLD_START_SIGNALS / Math.max(COLD_START_SIGNALS, totalWeight));
    const w = model.weights;
    const titleWeight = weights.title;
    const overlap = titleWeight > 0 ? titleOverlapScorer(withVectors.map((x) => ({ title: x.signal.title, weight: x.signal.weight })), candidates.map((c) => c.title)) : () => 0;
    const modelScore = (i: number) => (at[i]! < 0 ? -1 : w ? dotAt(w, 0, buf, at[i]!, dims) : model.score(view(i)!));
    score = (c, i) => modelScore(i) + titleWeight * overlap(i) + weights.author * authorScore(c) + weights.pair * pairScore(c) + catWeight * catScore(c)
      + followBonus(c, follows) + TRENDING_PRIOR * trending(c);
  }

  const scored: Scored[] = new Array(candidates.length);
  for (let i = 0; i < candidates.length; i++) scored[i] = { c: candidates[i]!, at: at[i]!, s: score(candidates[i]!, i) };
  scored.sort((a, b) => b.s - a.s || (a.c.id < b.c.id ? 1 : -1));
  const lambda = input.lambda ?? DEFAULT_LAMBDA;
  const picked = lambda >= 1 ? scored.slice(0, input.limit) : mmr(scored.slice(0, Math.max(input.limit, Math.min(input.limit * MMR_POOL, MMR_POOL_MAX))), input.limit, lambda, buf, dims);
  const named = withVectors.filter((x) => x.signal.source !== 'followed_author' && x.signal.source !== 'followed_org');
  const near = { signals: named.map((x) => x.signal), vectors: named.map((x) => x.vector) };
  const byAuthor = (c: CandidatePaper) => {
    if (!authorsOfYours.size || weights.author * authorScore(c) < AUTHOR_REASON_MIN) return undefined;
    let best: SignalAuthor | undefined;
    for (const id of c.authorIds) { const a = authorsOfYours.get(id); if (a && (!best || a.share > best.share)) best = a; }
    return best;
  };
  return picked.map(({ c, at: off, s }) => ({
    paperId: c.id, title: c.title, score: s, reason: reasonFor(c, off < 0 ? null : buf.subarray(off, off + dims), near, input, byAuthor(c), followedCats, ownCats),
  }));
}

interface Follows {
  authors: ReadonlyMap<number, string>;
  orgs: ReadonlyMap<number, string>;
  categories: ReadonlySet<string>;
}

function followBonus(c: CandidatePaper, follows: Follows): number {
  let b = 0;
  if (follows.authors.size && c.authorIds.some((id) => follows.authors.has(id))) b += FOLLOWED_AUTHOR_BONUS;
  if (follows.orgs.size && c.orgIds.some((id) => follows.orgs.has(id))) b += FOLLOWED_ORG_BONUS;
  if (follows.categories.size && c.categories.some((k) => follows.categories.has(k))) b += FOLLOWED_CATEGORY_BONUS;
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

/** A paper's primary category (the first: ingestion puts it there) paired with each cross-list. */
function categoryPairs(categories: readonly string[]): string[] {
  const primary = categories[0];
  return primary ? categories.slice(1).filter((k) => k !== primary).map((k) => `${primary}+${k}`) : [];
}

/** The weighted share of the user's own signals with each primary + cross-list pair. */
function pairShares(signals: readonly WeightedSignal[]): Map<string, number> {
  const own = ownSignals(signals);
  const total = own.reduce((s, x) => s + x.weight, 0);
  const shares = new Map<string, number>();
  for (const s of own) for (const key of categoryPairs(s.categories)) shares.set(key, (shares.get(key) ?? 0) + s.weight / total);
  return shares;
}

/** A candidate, where its vector starts in the candidate buffer (-1: none), its score. */
type Scored = { c: CandidatePaper; at: number; s: number };

/** The candidates' vectors, packed; reused from call to call (a ranking is synchronous). */
let shared = new Float32Array(0);
function candidateBuffer(n: number): Float32Array {
  if (shared.length < n) shared = new Float32Array(Math.max(n, shared.length * 2));
  return shared;
}

/**
 * Greedy maximal marginal relevance: relevance (scaled to [0, 1] in the pool) against the
 * closest already picked. Lazy: a paper's value only falls as papers are picked, so each round
 * brings only the leading papers' "closest" up to date (the others' stale values are upper
 * bounds) — the same picks as the full update, with a fraction of the dot products.
 */
function mmr(pool: Scored[], limit: number, lambda: number, buf: Float32Array, dims: number): Scored[] {
  const n = pool.length;
  if (n === 0) return [];
  const hi = pool[0]!.s;
  const lo = pool[n - 1]!.s;
  const span = hi - lo || 1;
  const relevance = new Float64Array(n);
  for (let i = 0; i < n; i++) relevance[i] = lambda * ((pool[i]!.s - lo) / span);
  const closest = new Float64Array(n);
  /** How many of `out` each paper's closest has seen. */
  const seen = new Int32Array(n);
  const taken = new Uint8Array(n);
  const out: Scored[] = [];
  while (out.length < limit && out.length < n) {
    for (;;) {
      // The best by (possibly stale) value; ties go to the better-ranked paper, as a full scan would.
      let best = -1;
      let bestValue = -Infinity;
      for (let i = 0; i < n; i++) {
        if (taken[i]) continue;
        const value = relevance[i]! - (1 - lambda) * closest[i]!;
        if (value > bestValue) {
          bestValue = value;
          best = i;
        }
      }
      if (seen[best] === out.length) {
        taken[best] = 1;
        out.push(pool[best]!);
        break;
      }
      const v = pool[best]!.at;
      if (v >= 0) for (let j = seen[best]!; j < out.length; j++) {
        const u = out[j]!.at;
        if (u >= 0) closest[best] = Math.max(closest[best]!, dotAt(buf, u, buf, v, dims));
      }
      seen[best] = out.length;
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
  yours: SignalAuthor | undefined,
  followedCats: ReadonlySet<string>,
  ownCats: ReadonlyMap<string, number>,
): Reason {
  const author = c.authorIds.find((id) => input.followedAuthors.has(id));
  if (author !== undefined) return { kind: 'by_followed_author', name: input.followedAuthors.get(author)! };
  const org = c.orgIds.find((id) => input.followedOrgs.has(id));
  if (org !== undefined) return { kind: 'from_followed_org', name: input.followedOrgs.get(org)! };
  if (yours) return { kind: 'by_author_of_yours', name: yours.name, paperId: yours.paperId, title: yours.title };
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

/** title-terms.ts's scorer as it was: every title split and stemmed on every call. */
function titleOverlapScorer(signals: readonly { title: string; weight: number }[], candidateTitles: readonly string[]): (i: number) => number {
  const candidateTerms = candidateTitles.map(titleTerms);
  const df = new Map<string, number>();
  for (const terms of candidateTerms) for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
  const share = new Map<string, number>();
  let total = 0;
  for (const s of signals) {
    for (const t of titleTerms(s.title)) share.set(t, (share.get(t) ?? 0) + s.weight);
    total += s.weight;
  }
  const n = candidateTitles.length;
  return (i) => {
    let hit = 0;
    let all = 0;
    for (const t of candidateTerms[i]!) {
      const idf = Math.log((n + 1) / ((df.get(t) ?? 0) + 1)) + 1;
      all += idf;
      const s = share.get(t);
      if (s !== undefined && total > 0) hit += idf * Math.min(1, (3 * s) / total);
    }
    return all > 0 ? hit / all : 0;
  };
}
