/**
 * Ranking metrics for queries with one right answer. Pure functions over the CLI's hit lists.
 *
 * Ties: hits with the same score as the target are in no particular order (the CLI rounds
 * scores to 4 decimals, and an engine may order equal scores by id), so the target's
 * reciprocal rank is the mean of 1/rank over the positions its tie group holds, which is its
 * expected reciprocal rank under a random tie-break. A target tied with 2 others at ranks
 * 1-3 scores (1 + 1/2 + 1/3) / 3 = 0.61, not 1.
 */
import type { QueryKind } from './query-set.js';

export interface Hit {
  id: string;
  score: number;
}

/** Ranks counted: the top 10, what a results page shows first. */
export const CUTOFF = 10;

/** Expected 1/rank of `target` within the first `k` hits; 0 when it is not among them. */
export function reciprocalRank(hits: readonly Hit[], target: string, k = CUTOFF): number {
  const top = hits.slice(0, k);
  const at = top.findIndex((h) => h.id === target);
  if (at < 0) return 0;
  const score = top[at]!.score;
  const positions = top.flatMap((h, i) => (h.score === score && (h.id !== target || i === at) ? [i + 1] : []));
  return positions.reduce((sum, rank) => sum + 1 / rank, 0) / positions.length;
}

/** 1 when `target` is among the first `k` hits, else 0 (one relevant paper per query). */
export function recallAt(hits: readonly Hit[], target: string, k = CUTOFF): number {
  return hits.slice(0, k).some((h) => h.id === target) ? 1 : 0;
}

export interface Judged {
  kind: QueryKind;
  target: string;
  hits: readonly Hit[];
}

export interface Score {
  queries: number;
  mrr: number;
  recall: number;
}

/** MRR@10 and recall@10 over a group of queries (0 for an empty group). */
export function score(judged: readonly Judged[], k = CUTOFF): Score {
  const n = judged.length;
  if (n === 0) return { queries: 0, mrr: 0, recall: 0 };
  const sum = (f: (j: Judged) => number) => judged.reduce((s, j) => s + f(j), 0);
  return { queries: n, mrr: sum((j) => reciprocalRank(j.hits, j.target, k)) / n, recall: sum((j) => recallAt(j.hits, j.target, k)) / n };
}

/** Scores per kind (in the given order) and over all queries. */
export function scoreByKind(judged: readonly Judged[], kinds: readonly QueryKind[], k = CUTOFF): { byKind: Record<string, Score>; overall: Score } {
  const byKind = Object.fromEntries(kinds.map((kind) => [kind, score(judged.filter((j) => j.kind === kind), k)]));
  return { byKind, overall: score(judged, k) };
}
