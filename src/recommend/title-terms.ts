/**
 * The second feature of a For-you score: overlap of a candidate's title terms with the terms of
 * the user's signal papers' titles, each term weighted by its rarity among the candidates
 * (inverse document frequency over the period's papers). A reader who upvoted papers on
 * "diffusion policies" gets the week's papers with those rare words, which a 128-dimension
 * meaning vector blurs into the broader topic.
 */
import { stem } from '../search/stem.js';
import { isStopTerm } from '../search/stopwords.js';

/** Stemmed title terms of 3+ letters, stopwords out, each once. */
export function titleTerms(title: string): string[] {
  const out = new Set<string>();
  for (const word of title.toLowerCase().split(/[^a-z0-9]+/)) {
    if (word.length < 3) continue;
    const term = stem(word);
    if (!isStopTerm(term)) out.add(term);
  }
  return [...out];
}

/** Titles' terms already worked out: a day's candidates are every reader's, so each title is split once. */
const cache = new Map<string, readonly string[]>();
/** Titles kept at most (a busy week's candidates and their readers' signals, several times over). */
const CACHE_MAX = 100_000;

function cachedTerms(title: string): readonly string[] {
  let terms = cache.get(title);
  if (!terms) {
    if (cache.size >= CACHE_MAX) cache.clear();
    terms = titleTerms(title);
    cache.set(title, terms);
  }
  return terms;
}

/**
 * A scorer in [0, 1]: the idf-weighted share of a candidate's title terms that the signals use,
 * each term counted by the weighted share of signals whose title has it.
 */
export function titleOverlapScorer(signals: readonly { title: string; weight: number }[], candidateTitles: readonly string[]): (i: number) => number {
  const candidateTerms = candidateTitles.map(cachedTerms);
  /** Document frequency of each candidate term, then its idf. */
  const idf = new Map<string, number>();
  for (const terms of candidateTerms) for (const t of terms) idf.set(t, (idf.get(t) ?? 0) + 1);
  const n = candidateTitles.length;
  for (const [t, df] of idf) idf.set(t, Math.log((n + 1) / (df + 1)) + 1);
  const share = new Map<string, number>();
  let total = 0;
  for (const s of signals) {
    for (const t of cachedTerms(s.title)) share.set(t, (share.get(t) ?? 0) + s.weight);
    total += s.weight;
  }
  /** Each signal term's factor: its weighted share, tripled, capped at 1 (none when the signals weigh nothing). */
  const factor = new Map<string, number>();
  if (total > 0) for (const [t, w] of share) factor.set(t, Math.min(1, (3 * w) / total));
  return (i) => {
    let hit = 0;
    let all = 0;
    for (const t of candidateTerms[i]!) {
      const d = idf.get(t)!;
      all += d;
      const f = factor.get(t);
      if (f !== undefined) hit += d * f;
    }
    return all > 0 ? hit / all : 0;
  };
}
