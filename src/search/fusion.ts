/**
 * How ranked lists become one: hybrid search (keyword matches with meaning neighbours) and
 * similar papers (two lists of likeness).
 *
 *   fuseHybrid(keywordHits, nearestHits)        // keyword first, meaning where keywords leave doubt
 *   fuseByRank([nearest, sharedRareWords])      // reciprocal-rank fusion
 */
import type { SearchHitRef } from './paper-search.js';

/** Each list contributes its top 100 (or more when paging deeper). */
export const FUSION_DEPTH = 100;
/** Reciprocal-rank fusion constant (Cormack, Clarke and Büttcher, 2009): 60 damps the head so agreement counts more than one list's top rank. */
const RRF_K = 60;
/**
 * The most meaning may add to a paper's score, against 1 for the best keyword match; it adds
 * that much only where the keyword list leaves full doubt (see keywordDoubt). Chosen with
 * `npm run eval:search` over both sets at 1,750 and 75,880 papers (overall MRR@10, daily/recent
 * at 76k; keywords alone 0.681/0.787). With the re-scored top 200 and the title guard, 0.3 gave
 * 0.693/0.791, 0.5 0.690/0.788, 1.0 0.662/0.770; with the top 100, 0.3 gave 0.695/0.793, and
 * with titles that begin with the query first among the named, 0.708/0.796; with keywords
 * weighed by their coverage of the query (keywordTrust), 0.719/0.799 (as shipped).
 */
export const MEANING_WEIGHT = 0.3;
/** Meaning still orders the papers keywords did not find, when keywords leave no doubt. */
const MEANING_FLOOR = 1e-3;

/**
 * How far keywords are trusted for a query whose best match scores `coverage` times a title match
 * of all its words (LexicalIndex.titleMatchScore, passed to fuseHybrid): fully from COVERED up
 * (names, keywords, most descriptions), down to MIN_KEYWORD_TRUST at SCATTERED and below (a
 * paraphrase meets only common words, in abstracts), linearly between. Chosen on the daily set
 * with `npm run eval:search` (ramp 0.1-0.5, 0.15-0.4, 0.2-0.45, 0.2-0.5, 0.3-0.5; floor 0.1,
 * 0.25), checked on the recent set: see README.
 */
const SCATTERED = 0.2;
const COVERED = 0.45;
const MIN_KEYWORD_TRUST = 0.1;

export function keywordTrust(coverage: number): number {
  return Math.max(MIN_KEYWORD_TRUST, Math.min(1, (coverage - SCATTERED) / (COVERED - SCATTERED)));
}

/**
 * Hybrid ranking. Keyword scores count relative to the best match (an exact name far ahead stays
 * far ahead); meaning counts by its place within its own list's spread (best 1, the depth-th 0),
 * because cosines crowd together as a corpus grows: at 76k papers the 100th neighbour is within a
 * few hundredths of the first, and scores relative to the best alone (the earlier fusion) let that
 * crowd outvote keyword matches: hybrid ranked below keywords (MRR@10 0.634 vs 0.681). How much
 * meaning may add follows how much the keyword list leaves open: nothing matched, all of
 * MEANING_WEIGHT; a runner-up close to the best, most of it; a clear winner, little. Where
 * keywords cover the query poorly (the best match's share of `titleMatchScore`, see keywordTrust),
 * the two trade places: keywords count by their trust, meaning by the rest, so a paraphrase is
 * answered by meaning, keywords breaking its ties. Meaning reorders, but never lifts a paper above
 * one the query `named` (a keyword match whose title holds every word of the query: "Depth
 * Anything" is the title of the paper that introduced it, and the abstract of a hundred that use
 * it; true when the title begins with them, which come first); `pinned` (an exact title match)
 * stays first of all.
 */
export function fuseHybrid(
  keyword: readonly SearchHitRef[],
  nearest: readonly SearchHitRef[],
  options: { depth?: number; meaningWeight?: number; titleMatchScore?: number; named?: ReadonlyMap<string, boolean>; pinned?: string | null } = {},
): SearchHitRef[] {
  const depth = options.depth ?? FUSION_DEPTH;
  const kw = keyword.slice(0, depth);
  const nn = nearest.slice(0, depth);
  const scores = new Map<string, number>();
  const best = kw[0]?.score ?? 0;
  const trust = best > 0 && options.titleMatchScore !== undefined ? keywordTrust(best / options.titleMatchScore) : 1;
  if (best > 0) for (const h of kw) scores.set(h.id, (trust * Math.max(0, h.score)) / best);
  const weight = Math.max(MEANING_FLOOR, trust * (options.meaningWeight ?? MEANING_WEIGHT) * keywordDoubt(kw) + (1 - trust));
  const top = nn[0]?.score ?? 0;
  const floor = nn.length > 1 ? nn.at(-1)!.score : top - 1;
  if (top > floor) for (const h of nn) scores.set(h.id, (scores.get(h.id) ?? 0) + (weight * (h.score - floor)) / (top - floor));
  let fused = ranked(scores);
  const named = options.named;
  if (named && named.size > 0) fused = aheadOfTheRest(fused, named);
  const pinnedAt = options.pinned ? fused.findIndex((h) => h.id === options.pinned) : -1;
  // Pinned: a clear point above the rest, so no tie-break (or score rounding) can move it down.
  if (pinnedAt > 0) fused.unshift({ ...fused.splice(pinnedAt, 1)[0]!, score: fused[0]!.score + 1 });
  return fused;
}

/**
 * The `named` hits first (those whose title begins with the query's words before the others),
 * then the rest, each group in fused order; scores lowered where needed so they still read as
 * a ranking (callers and the API do).
 */
function aheadOfTheRest(hits: SearchHitRef[], named: ReadonlyMap<string, boolean>): SearchHitRef[] {
  const ordered = [...hits.filter((h) => named.get(h.id) === true), ...hits.filter((h) => named.get(h.id) === false), ...hits.filter((h) => !named.has(h.id))];
  let below = Number.POSITIVE_INFINITY;
  return ordered.map((h) => {
    below = Math.min(h.score, below - 1e-6);
    return { ...h, score: below };
  });
}

/** 1 with no keyword match; else the runner-up's share of the best score (0 for a lone match). */
export function keywordDoubt(keyword: readonly SearchHitRef[]): number {
  const best = keyword[0]?.score ?? 0;
  if (best <= 0) return 1;
  return Math.min(1, Math.max(0, keyword[1]?.score ?? 0) / best);
}

/** Reciprocal-rank fusion: each list adds 1 / (60 + rank) to a paper's score. */
export function fuseByRank(lists: readonly (readonly SearchHitRef[])[]): SearchHitRef[] {
  const scores = new Map<string, number>();
  for (const list of lists) list.forEach((h, rank) => scores.set(h.id, (scores.get(h.id) ?? 0) + 1 / (RRF_K + rank + 1)));
  return ranked(scores);
}

/** Papers by score, best first; equal scores by id, so a ranking never depends on insertion order. */
function ranked(scores: ReadonlyMap<string, number>): SearchHitRef[] {
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

/** Title and query compared for an exact match: case, accents, punctuation and spacing aside. */
export function sameTitle(query: string, title: string): boolean {
  const norm = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const q = norm(query);
  return q.length > 0 && q === norm(title);
}
